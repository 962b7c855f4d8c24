/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.last9.genai.Collected;
import io.last9.genai.Collected.Named;
import io.last9.genai.RecordingSpans;
import io.last9.genai.pricing.ModelPricing;
import io.last9.genai.pricing.internal.PricingTable;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.IdGenerator;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The processor's table of open spans, mostly at its smallest size so that every probe window
 * fills: live entries are never displaced, each is taken out once, also under contention, and the
 * entries of spans nothing holds any more are removed.
 */
class OpenSpanTableTest {

  private final RecordingSpans recording = new RecordingSpans();

  @AfterEach
  void close() {
    recording.close();
  }

  private ReadableSpan span() {
    return recording.start("s", Attributes.empty());
  }

  @Test
  void moreLiveSpansThanSlotsAreAllKeptAndFoundAgain() {
    OpenSpanTable table = new OpenSpanTable(8);
    List<ReadableSpan> spans = new ArrayList<>();
    List<WorkflowTotals> totals = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      ReadableSpan s = span();
      WorkflowTotals t = new WorkflowTotals(null);
      spans.add(s);
      totals.add(t);
      table.put(s, t, null, "conv-" + i);
    }
    assertThat(table.size()).isEqualTo(1_000);
    for (int i = 999; i >= 0; i--) {
      OpenSpanTable.Entry e = table.remove(spans.get(i));
      assertThat(e).as("entry %s", i).isNotNull();
      assertThat(e.totals()).isSameAs(totals.get(i));
      assertThat(e.conversationId()).isEqualTo("conv-" + i);
      assertThat(table.remove(spans.get(i))).as("removed once").isNull();
    }
    assertThat(table.size()).isZero();
    assertThat(table.entries()).isZero();
  }

  @Test
  void spansThatShareOneSpanIdAreToldApartByTheSpanItself() {
    // a custom id generator that is not random: every span gets the same id, so the same hash
    IdGenerator sameIds =
        new IdGenerator() {
          @Override
          public String generateSpanId() {
            return "00000000000000aa";
          }

          @Override
          public String generateTraceId() {
            return "000000000000000000000000000000bb";
          }
        };
    try (SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setIdGenerator(sameIds)
            .addSpanProcessor(SimpleSpanProcessor.create(InMemorySpanExporter.create()))
            .build()) {
      OpenSpanTable table = new OpenSpanTable(8);
      List<ReadableSpan> spans = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        ReadableSpan s = (ReadableSpan) provider.get("test").spanBuilder("s").startSpan();
        spans.add(s);
        table.put(s, null, null, "conv-" + i);
      }
      assertThat(table.size()).isEqualTo(50);
      for (int i = 0; i < 50; i++) {
        OpenSpanTable.Entry e = table.remove(spans.get(i));
        assertThat(e).as("entry %s", i).isNotNull();
        assertThat(e.conversationId()).isEqualTo("conv-" + i);
      }
      assertThat(table.entries()).isZero();
    }
  }

  @Test
  void theEntriesOfSpansNothingHoldsAreRemovedWithWhatTheyReferTo() {
    OpenSpanTable table = new OpenSpanTable(8);
    ReadableSpan kept = span();
    WorkflowTotals keptTotals = new WorkflowTotals(null);
    table.put(kept, keptTotals, null, null);
    List<Named> dropped = putAndDrop(table, 100);
    Collected.awaitCleared(dropped);
    Collected.await("the dropped spans' entries", () -> table.entries() == 1);
    assertThat(table.size()).isEqualTo(1);
    assertThat(table.remove(kept).totals()).isSameAs(keptTotals);
  }

  @Test
  void theDefaultTableTakesManyMoreSpansThanItHasSlots() {
    OpenSpanTable table = new OpenSpanTable(OpenSpanTable.DEFAULT_CAPACITY);
    int n = OpenSpanTable.DEFAULT_CAPACITY * 2;
    List<ReadableSpan> spans = new ArrayList<>(n);
    WorkflowTotals totals = new WorkflowTotals(null);
    for (int i = 0; i < n; i++) {
      ReadableSpan s = span();
      spans.add(s);
      table.put(s, totals, null, null);
    }
    assertThat(table.size()).isEqualTo(n);
    assertThat(spans).allSatisfy(s -> assertThat(table.remove(s)).isNotNull());
    assertThat(table.entries()).isZero();
  }

  @Test
  void theCapacityIsAPowerOfTwoOfAtLeastOneProbeWindow() {
    assertThatThrownBy(() -> new OpenSpanTable(4)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new OpenSpanTable(100)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anEntryGivesBackWhatWasNotedWithItsSpan() {
    OpenSpanTable table = new OpenSpanTable(8);
    ReadableSpan s = span();
    WorkflowTotals totals = new WorkflowTotals(null);
    PricingTable pricing = PricingTable.of(Map.of("gpt-4o", ModelPricing.of(1, 2)));
    table.put(s, totals, pricing, "conv-1");
    OpenSpanTable.Entry e = table.remove(s);
    assertThat(e.totals()).isSameAs(totals);
    assertThat(e.pricing()).isSameAs(pricing);
    assertThat(e.conversationId()).isEqualTo("conv-1");
  }

  @Test
  void aSpanThatWasNeverNotedHasNoEntry() {
    OpenSpanTable table = new OpenSpanTable(8);
    ReadableSpan never = span();
    assertThat(table.remove(never)).as("before the table's first use").isNull();
    assertThat(table.entries()).isZero();
    table.put(span(), null, null, "conv");
    assertThat(table.remove(never)).isNull();
    assertThat(table.size()).isEqualTo(1);
  }

  @Test
  void eachEntryIsTakenOutOnceWhenManyThreadsNoteAndEndSpansAtOnce() throws Exception {
    OpenSpanTable table = new OpenSpanTable(8);
    int threads = 8;
    int perThread = 2_000;
    List<List<ReadableSpan>> spans = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      List<ReadableSpan> own = new ArrayList<>();
      for (int i = 0; i < perThread; i++) {
        own.add(span());
      }
      spans.add(own);
    }
    List<Callable<Integer>> tasks = new ArrayList<>();
    CountDownLatch start = new CountDownLatch(1);
    for (int t = 0; t < threads; t++) {
      List<ReadableSpan> own = spans.get(t);
      String conversation = "thread-" + t;
      tasks.add(
          () -> {
            start.await();
            int found = 0;
            // all noted before any is taken out, so that the threads crowd the same probe windows
            for (ReadableSpan s : own) {
              table.put(s, null, null, conversation);
            }
            for (ReadableSpan s : own) {
              OpenSpanTable.Entry e = table.remove(s);
              if (e != null && conversation.equals(e.conversationId())) {
                found++;
              }
            }
            return found;
          });
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (Callable<Integer> task : tasks) {
        results.add(pool.submit(task));
      }
      start.countDown();
      for (Future<Integer> r : results) {
        assertThat(r.get(30, TimeUnit.SECONDS)).isEqualTo(perThread);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(table.size()).isZero();
    assertThat(table.entries()).isZero();
  }

  @Test
  void aSpanEndedOnTwoThreadsAtOnceGivesItsEntryToOneOfThem() throws Exception {
    OpenSpanTable table = new OpenSpanTable(8);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int round = 0; round < 500; round++) {
        ReadableSpan s = span();
        table.put(s, null, null, "conv");
        CountDownLatch start = new CountDownLatch(1);
        Callable<OpenSpanTable.Entry> end =
            () -> {
              start.await();
              return table.remove(s);
            };
        Future<OpenSpanTable.Entry> a = pool.submit(end);
        Future<OpenSpanTable.Entry> b = pool.submit(end);
        start.countDown();
        List<OpenSpanTable.Entry> got = new ArrayList<>();
        got.add(a.get(10, TimeUnit.SECONDS));
        got.add(b.get(10, TimeUnit.SECONDS));
        assertThat(got).as("round %s", round).filteredOn(e -> e != null).hasSize(1);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(table.entries()).isZero();
  }

  @Test
  void theReaperIsADaemonThreadThatHoldsNoApplicationClassLoader() {
    OpenSpanTable table = new OpenSpanTable(8);
    ReadableSpan s = span();
    table.put(s, null, null, "conv");
    List<Thread> reapers =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals("last9-genai-open-span-reaper") && t.isAlive())
            .toList();
    assertThat(reapers)
        .isNotEmpty()
        .allSatisfy(
            t -> {
              assertThat(t.isDaemon()).as("never keeps the JVM running").isTrue();
              assertThat(t.getContextClassLoader())
                  .as("never keeps an undeployed application's classes")
                  .isNull();
            });
    table.remove(s);
  }

  /** Notes spans with their own totals and drops both; returns weak references to them. */
  private List<Named> putAndDrop(OpenSpanTable table, int n) {
    List<Named> refs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ReadableSpan s = span();
      WorkflowTotals t = new WorkflowTotals(null);
      table.put(s, t, null, null);
      refs.add(new Named("span " + i, s));
      refs.add(new Named("the totals noted with span " + i, t));
    }
    return refs;
  }
}
