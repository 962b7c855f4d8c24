/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.last9.genai.CapturedLogs;
import io.last9.genai.turns.TurnStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The turn of one operation: drawn from the store once, on first use, whichever thread or copy of
 * the library asks first; a store's fallback is remembered; a failing store yields no turn, is
 * reported once, and is asked again next time.
 */
class TurnSlotTest {

  private static final String LOGGER = "io.last9.genai.test.turn-slot";

  private final CapturedLogs logs = CapturedLogs.of(LOGGER);
  private final OnceLogger warnings = new OnceLogger(Logger.getLogger(LOGGER));

  /** How often the store was asked, by conversation. */
  private final List<String> asked = new CopyOnWriteArrayList<>();

  @AfterEach
  void release() {
    logs.close();
  }

  /** A store that answers with {@code answer} and records who asked. */
  private TurnStore store(Function<String, TurnStore.Turn> answer) {
    return new TurnStore() {
      @Override
      public long nextTurn(String conversationId) {
        return next(conversationId).number();
      }

      @Override
      public Turn next(String conversationId) {
        asked.add(conversationId);
        return answer.apply(conversationId);
      }
    };
  }

  @Test
  void theNumberIsDrawnOnFirstUseAndThenOnlyRead() {
    AtomicLong counter = new AtomicLong(6);
    TurnStore store = store(id -> TurnStore.Turn.of(counter.incrementAndGet()));
    TurnSlot slot = new TurnSlot("conv-1");
    assertThat(slot.conversationId()).isEqualTo("conv-1");
    assertThat(slot.assigned()).as("nothing drawn yet").isZero();
    assertThat(asked).isEmpty();

    assertThat(slot.number(store, warnings)).isEqualTo(7);
    assertThat(slot.number(store, warnings)).isEqualTo(7);
    assertThat(slot.assigned()).isEqualTo(7);
    assertThat(slot.isFallback()).isFalse();
    assertThat(asked).containsExactly("conv-1");
  }

  @Test
  void aFallbackNumberIsRememberedAsOne() {
    TurnSlot slot = new TurnSlot("conv");
    assertThat(slot.number(store(id -> TurnStore.Turn.fallback(3)), warnings)).isEqualTo(3);
    assertThat(slot.assigned()).isEqualTo(3);
    assertThat(slot.isFallback()).isTrue();
  }

  @Test
  void noTurnOrANumberBelowOneLeavesTheSlotUndrawn() {
    TurnSlot none = new TurnSlot("conv");
    assertThat(none.number(store(id -> null), warnings)).isZero();
    TurnSlot zero = new TurnSlot("conv");
    assertThat(zero.number(store(id -> TurnStore.Turn.of(0)), warnings)).isZero();
    TurnSlot negative = new TurnSlot("conv");
    assertThat(negative.number(store(id -> TurnStore.Turn.fallback(-4)), warnings)).isZero();
    assertThat(negative.isFallback()).isFalse();
    assertThat(negative.assigned()).isZero();
  }

  @Test
  void aFailingStoreYieldsNoTurnIsReportedOnceAndIsAskedAgainUntilItRecovers() {
    AtomicInteger calls = new AtomicInteger();
    TurnStore flaky =
        store(
            id -> {
              if (calls.incrementAndGet() <= 2) {
                throw new IllegalStateException("backend down");
              }
              return TurnStore.Turn.of(calls.get());
            });
    TurnSlot slot = new TurnSlot("conv");
    assertThat(slot.number(flaky, warnings)).isZero();
    assertThat(slot.number(flaky, warnings)).isZero();
    assertThat(logs.records()).as("one report for both failures").hasSize(1);
    assertThat(logs.records().get(0).getMessage()).contains("TurnStore").contains("failed");
    assertThat(logs.records().get(0).getThrown()).hasMessage("backend down");

    assertThat(slot.number(flaky, warnings)).as("the store recovered").isEqualTo(3);
    assertThat(slot.number(flaky, warnings)).isEqualTo(3);
    assertThat(calls).hasValue(3);
  }

  @Test
  void aStackOverflowInTheStoreIsReportedAndAnotherVirtualMachineErrorIsRethrown() {
    TurnSlot slot = new TurnSlot("conv");
    assertThat(
            slot.number(
                store(
                    id -> {
                      throw new StackOverflowError();
                    }),
                warnings))
        .isZero();
    OutOfMemoryError oom = new OutOfMemoryError("injected");
    assertThatThrownBy(
            () ->
                slot.number(
                    store(
                        id -> {
                          throw oom;
                        }),
                    warnings))
        .isSameAs(oom);
    assertThat(slot.assigned()).isZero();
  }

  @Test
  void threadsAskingAtOnceDrawOneNumber() throws Exception {
    AtomicLong counter = new AtomicLong();
    TurnStore slowStore =
        store(
            id -> {
              try {
                Thread.sleep(50); // the others arrive while the first draws
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return TurnStore.Turn.of(counter.incrementAndGet());
            });
    TurnSlot slot = new TurnSlot("conv");
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Long>> numbers = new ArrayList<>();
      Callable<Long> ask =
          () -> {
            start.await();
            return slot.number(slowStore, warnings);
          };
      for (int i = 0; i < threads; i++) {
        numbers.add(pool.submit(ask));
      }
      start.countDown();
      for (Future<Long> n : numbers) {
        assertThat(n.get(10, TimeUnit.SECONDS)).isEqualTo(1);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(asked).hasSize(1);
  }

  @Test
  void twoSlotsOverOneCellDrawOnceWhicheverDrawsFirst() {
    // the application's copy of the library and the agent extension's, each with its own store
    TurnSlot application = new TurnSlot("conv");
    TurnSlot extension = new TurnSlot("conv", application.cell());
    assertThat(extension.cell()).isSameAs(application.cell());

    assertThat(extension.number(store(id -> TurnStore.Turn.fallback(5)), warnings)).isEqualTo(5);
    TurnStore neverAsked =
        id -> {
          throw new AssertionError("the number was drawn already");
        };
    assertThat(application.number(neverAsked, warnings)).isEqualTo(5);
    assertThat(application.isFallback()).isTrue();
    assertThat(asked).hasSize(1);
  }

  @Test
  void drawAsksTheStoreEveryTimeAndReportsAFailureAsNoTurn() {
    AtomicLong counter = new AtomicLong();
    TurnStore store = store(id -> TurnStore.Turn.of(counter.incrementAndGet()));
    assertThat(TurnSlot.draw(store, "conv", warnings)).isEqualTo(TurnStore.Turn.of(1));
    assertThat(TurnSlot.draw(store, "conv", warnings)).isEqualTo(TurnStore.Turn.of(2));
    TurnStore broken =
        store(
            id -> {
              throw new NoSuchMethodError("a store built against another version");
            });
    assertThat(TurnSlot.draw(broken, "conv", warnings)).isNull();
    assertThat(logs.records()).hasSize(1);
    assertThat(logs.records().get(0).getMessage()).contains(broken.getClass().getName());
  }
}
