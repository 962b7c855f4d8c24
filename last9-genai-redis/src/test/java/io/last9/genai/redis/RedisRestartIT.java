/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.redis.internal.TurnKeys;
import io.last9.genai.testing.RedisServer;
import io.last9.genai.turns.TurnStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redis restarted empty (a real {@code redis-server}, killed and started again) while replicas hold
 * numbers it gave before: no two turns that are not marked fallback share a number. Replica B
 * serves turns 1-4 of a conversation, replica A turns 5-10; Redis restarts empty; then B (idle
 * since turn 4), A and a replica started after the restart serve more turns.
 */
class RedisRestartIT {

  private static final String CONVERSATION = "conv-restart";

  private RedisServer redis;
  private final List<RedisTurnStore> stores = new ArrayList<>();

  /** Every turn served, by whom. */
  private final List<String> log = new ArrayList<>();

  private final Map<Long, String> unmarked = new HashMap<>();

  @BeforeEach
  void start() throws Exception {
    redis = RedisServer.start();
  }

  @AfterEach
  void stop() {
    stores.forEach(RedisTurnStore::close);
    redis.close();
  }

  private RedisTurnStore replica(Duration idle) {
    RedisTurnStore store =
        RedisTurnStore.builder()
            .uri(redis.uri())
            // generous: this test is about numbering, not about a loaded machine's latency
            .timeout(Duration.ofSeconds(2))
            .retryInterval(Duration.ofMillis(100))
            .expireAfterIdle(idle)
            .build();
    stores.add(store);
    assertThat(store.isAvailable()).isTrue();
    return store;
  }

  /** One turn on {@code store}, recorded; asserts no unmarked number is given twice. */
  private TurnStore.Turn turn(String who, RedisTurnStore store, String conversation) {
    TurnStore.Turn turn = store.next(conversation);
    log.add(who + ":" + turn.number() + (turn.fallback() ? "(marked)" : ""));
    if (!turn.fallback() && conversation.equals(CONVERSATION)) {
      String before = unmarked.put(turn.number(), who);
      assertThat(before)
          .as("unmarked turn %d given to %s and to %s: %s", turn.number(), before, who, log)
          .isNull();
    }
    return turn;
  }

  @Test
  void noTwoUnmarkedTurnsShareANumberAcrossARestartThatLostTheCounters() throws Exception {
    RedisTurnStore a = replica(Duration.ofHours(24));
    RedisTurnStore b = replica(Duration.ofHours(24));
    for (int i = 0; i < 4; i++) {
      assertThat(turn("B", b, CONVERSATION).fallback()).isFalse();
    }
    for (int i = 0; i < 6; i++) {
      assertThat(turn("A", a, CONVERSATION).fallback()).isFalse();
    }

    redis.restart();
    awaitTrue("both replicas reconnected", () -> a.isAvailable() && b.isAvailable(), 30);
    // each replica looks at Redis as soon as it is connected again, so the loss is known before
    // the next turn
    awaitTrue(
        "the loss noticed",
        () -> ":1".equals(command("EXISTS " + TurnKeys.lossWindow("l9:turn:"))),
        30);

    // B, idle since its turn 4: Redis, empty, would give it 5, which A gave
    TurnStore.Turn idleB = turn("B", b, CONVERSATION);
    assertThat(idleB.fallback()).as("B's turn after the restart: %s", log).isTrue();
    // a replica started after the restart, which never knew the lost counters
    RedisTurnStore c = replica(Duration.ofHours(24));
    for (int i = 0; i < 3; i++) {
      assertThat(turn("C", c, CONVERSATION).fallback()).as("C: %s", log).isTrue();
      assertThat(turn("A", a, CONVERSATION).fallback()).as("A: %s", log).isTrue();
    }
    // and a conversation first seen after the restart is marked too: Redis cannot tell it from one
    // whose counter it lost
    assertThat(turn("C", c, "conv-new").fallback()).isTrue();
    System.out.printf("restart test: %s%n", log);
  }

  @Test
  void theMarkingEndsWithTheLossWindowForConversationsStartedAfterIt() throws Exception {
    Duration idle = Duration.ofSeconds(2);
    RedisTurnStore a = replica(idle);
    assertThat(turn("A", a, CONVERSATION).fallback()).isFalse();
    redis.restart();
    awaitTrue("reconnected", a::isAvailable, 30);
    // a conversation used within the loss window stays marked while it lives: kept alive here,
    // a turn every 200 ms, until the window has closed
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    do {
      assertThat(turn("A", a, "conv-during").fallback()).isTrue();
      assertThat(System.nanoTime() - deadline).as("the loss window closed").isNegative();
      Thread.sleep(200);
    } while (":1".equals(command("EXISTS " + TurnKeys.lossWindow("l9:turn:"))));
    assertThat(turn("A", a, "conv-during").fallback()).isTrue();
    // after the idle expiry, no counter of before the restart could still be alive: new
    // conversations are numbered unmarked again
    TurnStore.Turn after = turn("A", a, "conv-after");
    assertThat(after).isEqualTo(TurnStore.Turn.of(1));
  }

  private String command(String command) {
    try {
      return redis.command(command);
    } catch (Exception e) {
      return e.toString();
    }
  }

  private static void awaitTrue(String what, BooleanSupplier condition, int seconds)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime() - deadline).as(what).isNegative();
      Thread.sleep(20);
    }
  }
}
