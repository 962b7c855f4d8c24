/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.redis.internal.TurnKeys;
import io.last9.genai.testing.RedisServerExtension;
import io.last9.genai.turns.TurnStore;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A turn that gave up on a frozen Redis (SIGSTOP) while its script was on the way: when Redis goes
 * on, the script runs and assigns a number nobody uses. That number is not lost silently: this
 * process's local numbering continues above it, and the next number Redis gives is above it too.
 */
class LateAnswerIT {

  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  @Test
  void aNumberRedisAssignedAfterTheTurnGaveUpRaisesTheLocalNumbering() throws Exception {
    String conversation = "conv-late";
    String key = TurnKeys.key(RedisTurnStoreBuilder.DEFAULT_KEY_PREFIX, conversation);
    try (RedisTurnStore store =
        RedisTurnStore.builder().uri(redis.server().uri()).timeout(Duration.ofMillis(50)).build()) {
      assertThat(store.isAvailable()).isTrue();
      // other replicas have served turns 1-10
      assertThat(redis.server().command("INCRBY " + key + " 10")).isEqualTo(":10");

      redis.server().pause();
      TurnStore.Turn gaveUp;
      try {
        gaveUp = store.next(conversation);
      } finally {
        redis.server().resume();
      }
      assertThat(gaveUp).as("numbered locally, and marked").isEqualTo(TurnStore.Turn.fallback(1));

      // the script ran once Redis went on: 11, which nobody uses
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (store.localHighest(conversation) < 11 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(redis.server().command("INCRBY " + key + " 0")).isEqualTo(":11");
      assertThat(store.localHighest(conversation)).isEqualTo(11);

      // a second outage: the local numbering goes on above 11, not from 1
      redis.server().pause();
      TurnStore.Turn local;
      try {
        local = store.next(conversation);
      } finally {
        redis.server().resume();
      }
      assertThat(local).isEqualTo(TurnStore.Turn.fallback(12));

      // and Redis, back, numbers above everything this process used
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      TurnStore.Turn back = store.next(conversation);
      while (back.fallback() && System.nanoTime() < deadline) {
        Thread.sleep(50);
        back = store.next(conversation);
      }
      assertThat(back.fallback()).isFalse();
      assertThat(back.number()).isGreaterThan(12);
    }
  }
}
