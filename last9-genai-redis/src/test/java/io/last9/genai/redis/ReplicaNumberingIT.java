/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.testing.RedisServerExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Three replicas, eight threads each, one conversation: the turns are exactly 1..N. */
class ReplicaNumberingIT {

  private static final int REPLICAS = 3;
  private static final int THREADS = 8;
  private static final int TURNS_PER_THREAD = 50;

  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  @Test
  void threeReplicasNumberOneConversationWithoutGapsOrDuplicates() throws Exception {
    List<Replica> replicas = new ArrayList<>();
    for (int r = 0; r < REPLICAS; r++) {
      // a generous timeout: this test is about atomicity, not about a loaded 2-core machine's
      // latency
      replicas.add(
          new Replica(
              RedisTurnStore.builder()
                  .uri(redis.server().uri())
                  .timeout(Duration.ofSeconds(2))
                  .build()));
    }
    ExecutorService pool = Executors.newFixedThreadPool(REPLICAS * THREADS);
    CyclicBarrier start = new CyclicBarrier(REPLICAS * THREADS);
    List<Future<?>> running = new ArrayList<>();
    try {
      for (Replica replica : replicas) {
        for (int t = 0; t < THREADS; t++) {
          running.add(
              pool.submit(
                  () -> {
                    start.await();
                    for (int i = 0; i < TURNS_PER_THREAD; i++) {
                      replica.turn("support_session_789");
                    }
                    return null;
                  }));
        }
      }
      for (Future<?> f : running) {
        f.get();
      }
      List<Long> turns = new ArrayList<>();
      int[] perReplica = new int[REPLICAS];
      for (int r = 0; r < REPLICAS; r++) {
        for (SpanData span : replicas.get(r).spans()) {
          assertThat(Replica.isFallback(span)).as("a turn numbered locally").isFalse();
          turns.add(Replica.turnOf(span));
          perReplica[r]++;
        }
      }
      int n = REPLICAS * THREADS * TURNS_PER_THREAD;
      assertThat(turns).hasSize(n);
      assertThat(turns)
          .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, n).boxed().toList());
      for (int count : perReplica) {
        assertThat(count).isEqualTo(THREADS * TURNS_PER_THREAD);
      }
      System.out.printf(
          "replica test: %d replicas x %d threads numbered %d turns of one conversation: "
              + "exactly 1..%d, no duplicates, no fallback%n",
          REPLICAS, THREADS, n, n);
    } finally {
      pool.shutdownNow();
      replicas.forEach(Replica::close);
    }
  }
}
