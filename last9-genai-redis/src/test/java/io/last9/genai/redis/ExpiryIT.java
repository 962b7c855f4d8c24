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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Redis memory stays bounded: 100,000 conversations leave only the live ones once their idle time
 * has passed.
 */
class ExpiryIT {

  private static final int CONVERSATIONS = 100_000;
  private static final int LIVE = 10;
  private static final Duration IDLE = Duration.ofSeconds(2);
  private static final long LOCAL_BOUND = 10_000;
  private static final String PREFIX = RedisTurnStoreBuilder.DEFAULT_KEY_PREFIX;

  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  @Test
  void idleConversationsExpireAndKeysStayBoundedInBytes() throws Exception {
    try (RedisTurnStore store =
        RedisTurnStore.builder()
            .uri(redis.server().uri())
            .expireAfterIdle(IDLE)
            .timeout(Duration.ofSeconds(2))
            .maximumLocalConversations(LOCAL_BOUND)
            .build()) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<Long>> parts = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        parts.add(
            pool.submit(
                () -> {
                  long fallbacks = 0;
                  for (int c = thread; c < CONVERSATIONS; c += 8) {
                    // ids of every length, up to 10,000 characters: the keys stay 22 characters
                    // after the prefix
                    String id =
                        c % 1_000 == 0
                            ? "user-" + c + "-" + "x".repeat(10_000)
                            : "user-" + c + "-session";
                    TurnStore.Turn turn = store.next(id);
                    // turn 1 from Redis: the script created the conversation's key
                    fallbacks += turn.fallback() || turn.number() != 1 ? 1 : 0;
                  }
                  return fallbacks;
                }));
      }
      long fallbacks = 0;
      for (Future<Long> f : parts) {
        fallbacks += f.get();
      }
      pool.shutdown();
      assertThat(fallbacks).isZero();
      // the first keys may already have expired while the last were written; one key is the
      // epoch marker, the others are counters
      long written = redis.server().dbsize() - 1;
      assertThat(written).isPositive();
      assertThat(redis.server().command("EXISTS " + TurnKeys.epoch(PREFIX))).isEqualTo(":1");
      String key = redis.server().command("RANDOMKEY");
      for (int i = 0; i < 10 && key.equals("$" + TurnKeys.epoch(PREFIX).length()); i++) {
        key = redis.server().command("RANDOMKEY");
      }
      assertThat(key).startsWith("$" + (PREFIX.length() + 22));
      long local = store.localConversations();
      assertThat(local).isLessThanOrEqualTo(LOCAL_BOUND);

      // a few conversations go on; everything else goes idle and must expire
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      long keys = written;
      while (System.nanoTime() < deadline) {
        for (int c = 0; c < LIVE; c++) {
          assertThat(store.next("live-" + c).fallback()).isFalse();
        }
        keys = redis.server().dbsize() - 1;
        if (keys <= LIVE) {
          break;
        }
        Thread.sleep(250);
      }
      assertThat(keys).as("keys left after the idle time").isLessThanOrEqualTo(LIVE);
      System.out.printf(
          "expiry test: %d conversations created keys (%d still there when the last was written; %d"
              + " characters each); %d left after the %d s"
              + " idle time (%d live conversations); this process remembered %d conversations (bound %d)%n",
          CONVERSATIONS,
          written,
          PREFIX.length() + 22,
          keys,
          IDLE.toSeconds(),
          LIVE,
          local,
          LOCAL_BOUND);
    }
  }
}
