/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.testing.RedisServerExtension;
import io.last9.genai.turns.TurnStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The default timeout on a busy host: 3 replicas x 8 threads number turns while {@value
 * #LOAD_PROCESSES} processes spin the 2 cores (as {@code stress --cpu 4} would). First with a
 * timeout no call reaches, to measure how long the turn script really takes under that load
 * (printed: p50, p99, p99.9, max); then with every setting at its default, where (almost) no turn
 * may fall back: the default timeout is above what this load costs a call.
 *
 * <p>{@code -Dlast9.load.processes}, {@code -Dlast9.load.turns} change the load and the length of a
 * run, for measuring by hand.
 */
class TurnLatencyUnderLoadIT {

  private static final int LOAD_PROCESSES = 4;
  private static final int REPLICAS = 3;
  private static final int THREADS = 8;

  /** Each thread's pause between two turns: 3 x 8 threads draw up to 2,400 turns a second. */
  private static final long PAUSE_MILLIS = 10;

  /**
   * At most this share of the turns may fall back at the defaults. Not zero: on the shared build
   * machine other builds add their own load to the test's, unmeasured.
   */
  private static final double MAX_FALLBACK_SHARE = 0.002;

  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  @Test
  void underCpuLoadTheDefaultTimeoutLetsRedisNumberTheTurns() throws Exception {
    int processes = Integer.getInteger("last9.load.processes", LOAD_PROCESSES);
    int turnsPerThread = Integer.getInteger("last9.load.turns", 200);
    long pauseMillis = Long.getLong("last9.load.pause-ms", PAUSE_MILLIS);
    try (CpuLoad load = CpuLoad.start(processes);
        SchedulingDelay delay = SchedulingDelay.start()) {
      Run measured =
          run(
              "measure",
              () ->
                  RedisTurnStore.builder()
                      .uri(redis.server().uri())
                      .keyPrefix("measure:")
                      .timeout(Duration.ofMinutes(1))
                      .build(),
              turnsPerThread,
              pauseMillis);
      long[] delays = delay.stop();
      Run defaults =
          run(
              "defaults",
              () -> RedisTurnStore.builder().uri(redis.server().uri()).build(),
              turnsPerThread,
              pauseMillis);

      System.out.printf(
          "turn latency with %d spinning processes on %d cores, %d replicas x %d threads, %d turns:"
              + " p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms; %d over the default"
              + " timeout of %d ms; a 1 ms sleep overslept by p99 %.2f ms, max %.2f ms; load"
              + " average %s%n",
          processes,
          Runtime.getRuntime().availableProcessors(),
          REPLICAS,
          THREADS,
          measured.latenciesNanos.length,
          measured.percentileMillis(50),
          measured.percentileMillis(99),
          measured.percentileMillis(99.9),
          measured.percentileMillis(100),
          measured.over(RedisTurnStoreBuilder.DEFAULT_TIMEOUT),
          RedisTurnStoreBuilder.DEFAULT_TIMEOUT.toMillis(),
          percentile(delays, 99) / 1e6,
          percentile(delays, 100) / 1e6,
          loadAverage());
      System.out.printf(
          "at the defaults: %d of %d turns fell back (p99.9 %.2f ms, max %.2f ms)%n",
          defaults.fallbacks,
          defaults.latenciesNanos.length,
          defaults.percentileMillis(99.9),
          defaults.percentileMillis(100));

      assertThat(measured.fallbacks).isZero();
      assertThat(defaults.fallbacks)
          .as("turns that fell back at the defaults, with Redis healthy")
          .isLessThanOrEqualTo((long) (defaults.latenciesNanos.length * MAX_FALLBACK_SHARE));
    }
  }

  /** The {@code p}th percentile of sorted {@code values}. */
  static long percentile(long[] values, double p) {
    int i = (int) Math.ceil(p / 100 * values.length) - 1;
    return values.length == 0 ? 0 : values[Math.max(0, Math.min(values.length - 1, i))];
  }

  /**
   * How late the host wakes a thread up: a thread sleeps 1 ms again and again and records how much
   * longer each sleep took. Whatever a turn waits for, it cannot beat this.
   */
  static final class SchedulingDelay implements AutoCloseable {
    private final ConcurrentLinkedQueue<Long> overslept = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean stop;

    private SchedulingDelay() {
      thread =
          new Thread(
              () -> {
                while (!stop) {
                  long begin = System.nanoTime();
                  try {
                    Thread.sleep(1);
                  } catch (InterruptedException e) {
                    return;
                  }
                  overslept.add(System.nanoTime() - begin - 1_000_000);
                }
              },
              "scheduling-delay");
      thread.setDaemon(true);
    }

    static SchedulingDelay start() {
      SchedulingDelay d = new SchedulingDelay();
      d.thread.start();
      return d;
    }

    /** Stops measuring; returns the delays, sorted. */
    long[] stop() throws InterruptedException {
      stop = true;
      thread.join(10_000);
      return overslept.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    @Override
    public void close() {
      stop = true;
    }
  }

  /** What a run measured. */
  private record Run(long[] latenciesNanos, long fallbacks) {
    double percentileMillis(double p) {
      return percentile(latenciesNanos, p) / 1e6;
    }

    long over(Duration d) {
      return Arrays.stream(latenciesNanos).filter(l -> l > d.toNanos()).count();
    }
  }

  private static Run run(
      String name, Supplier<RedisTurnStore> stores, int turnsPerThread, long pauseMillis)
      throws Exception {
    List<RedisTurnStore> replicas = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(REPLICAS * THREADS);
    try {
      for (int r = 0; r < REPLICAS; r++) {
        replicas.add(stores.get());
      }
      ConcurrentLinkedQueue<long[]> calls = new ConcurrentLinkedQueue<>();
      CyclicBarrier start = new CyclicBarrier(REPLICAS * THREADS);
      List<Future<?>> running = new ArrayList<>();
      for (RedisTurnStore replica : replicas) {
        for (int t = 0; t < THREADS; t++) {
          running.add(
              pool.submit(
                  () -> {
                    start.await();
                    for (int i = 0; i < turnsPerThread; i++) {
                      long begin = System.nanoTime();
                      TurnStore.Turn turn = replica.next(name + "-conversation");
                      long took = System.nanoTime() - begin;
                      calls.add(new long[] {took, turn.number(), turn.fallback() ? 1 : 0});
                      // the rest of a request, between two turns
                      Thread.sleep(pauseMillis);
                    }
                    return null;
                  }));
        }
      }
      for (Future<?> f : running) {
        f.get();
      }
      long[] latencies = calls.stream().mapToLong(c -> c[0]).sorted().toArray();
      long fallbacks = calls.stream().filter(c -> c[2] == 1).count();
      // whatever the timing, the numbers Redis gave are distinct
      Set<Long> fromRedis = new HashSet<>();
      calls.stream()
          .filter(c -> c[2] == 0)
          .forEach(c -> assertThat(fromRedis.add(c[1])).as("turn %d twice", c[1]).isTrue());
      return new Run(latencies, fallbacks);
    } finally {
      pool.shutdownNow();
      replicas.forEach(RedisTurnStore::close);
    }
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
