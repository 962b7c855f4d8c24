/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.testing.RedisServer;
import io.last9.genai.turns.TurnStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Redis killed, or frozen, in the middle of a run: no turn waits past the timeout (plus scheduling
 * slack on this shared 2-core machine), the turns in between are numbered locally and marked, and
 * numbering resumes on Redis, above every number handed out meanwhile, once it is back.
 */
class OutageIT {

  /**
   * Longer than the 5 ms default, so that a build running beside the test does not time calls out
   * before the outage.
   */
  private static final Duration TIMEOUT = Duration.ofMillis(50);

  /**
   * What a loaded 2-core machine may add to a call that gives up on time (GC, a descheduled thread;
   * up to ~220 ms seen at a load average of 9). Timeout + slack stays below every other wait in
   * play (the 10 s connect timeout, the store's command expiry of 1.05 s at this timeout), so a
   * call that waited for either would fail this test.
   */
  private static final long SLACK_NANOS = TimeUnit.MILLISECONDS.toNanos(450);

  private static final Duration RETRY = Duration.ofMillis(200);
  private static final int THREADS = 4;
  private static final int CONVERSATIONS = 5;

  /** Bounds the run whatever happens: no loop spins forever. */
  private static final int MAX_TURNS_PER_THREAD = 200_000;

  private RedisServer redis;
  private RedisTurnStore store;
  private TimedTurnStore timed;
  private Replica replica;
  private ExecutorService pool;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final List<Future<?>> workers = new ArrayList<>();

  /** A turn call as the processor made it: when it started and ended, and what it returned. */
  record Call(
      String conversationId, long start, long end, long number, boolean fallback, boolean onRedis) {
    long waitNanos() {
      return end - start;
    }
  }

  /** Measures every call the processor makes to the store. */
  static final class TimedTurnStore implements TurnStore, AutoCloseable {
    final RedisTurnStore delegate;
    final Queue<Call> calls = new ConcurrentLinkedQueue<>();

    TimedTurnStore(RedisTurnStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public long nextTurn(String conversationId) {
      return next(conversationId).number();
    }

    @Override
    public Turn next(String conversationId) {
      long start = System.nanoTime();
      RedisTurnStore.Drawn d = delegate.draw(conversationId);
      Turn t = d.turn();
      calls.add(
          new Call(
              conversationId, start, System.nanoTime(), t.number(), t.fallback(), d.onRedis()));
      return t;
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  @BeforeEach
  void start() throws Exception {
    redis = RedisServer.start();
    store =
        RedisTurnStore.builder()
            .uri(redis.uri())
            .timeout(TIMEOUT)
            .retryInterval(RETRY)
            .awaitConnection(Duration.ofSeconds(10))
            .build();
    assertThat(store.isAvailable()).isTrue();
    timed = new TimedTurnStore(store);
    replica = new Replica(timed);
    pool = Executors.newFixedThreadPool(THREADS);
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      workers.add(
          pool.submit(
              () -> {
                for (int i = 0; i < MAX_TURNS_PER_THREAD && !stop.get(); i++) {
                  replica.turn("conversation-" + ((thread + i) % CONVERSATIONS));
                  Thread.sleep(1);
                }
                return null;
              }));
    }
  }

  @AfterEach
  void stop() throws Exception {
    stop.set(true);
    pool.shutdown();
    pool.awaitTermination(30, TimeUnit.SECONDS);
    replica.close();
    redis.close();
  }

  @Test
  void redisKilledAndRestarted() throws Exception {
    Outage o = outage(redis::kill, redis::restart);
    List<Call> calls = new ArrayList<>(timed.calls);
    List<Call> down = assertHandled(calls, o, "down");

    // before the kill Redis numbers the turns; on a heavily loaded machine some calls time out
    // (and, three in a
    // row, make the store skip Redis for a retry interval), so only "some" can be asserted
    List<Call> before = calls.stream().filter(c -> c.end() < o.beginning()).toList();
    assertThat(before.stream().filter(Call::onRedis).count()).isPositive();
    // the spans of the turns numbered locally are marked, the others are not
    long markedSpans = replica.spans().stream().filter(Replica::isFallback).count();
    assertThat(markedSpans).isEqualTo(calls.stream().filter(Call::fallback).count());
    assertThat(before).filteredOn(Call::onRedis).noneMatch(Call::fallback);
    // Redis came back empty: the numbers it gives may repeat ones it gave before the kill (to
    // another replica), so they are marked as well
    assertThat(callsAfter(o.ended()))
        .filteredOn(Call::onRedis)
        .isNotEmpty()
        .allMatch(Call::fallback);

    Summary s = summarize(calls);
    System.out.printf(
        "outage test (kill): %d turn calls (%d of %d before the kill numbered on Redis), %d while"
            + " Redis was down (all marked), %d numbered on Redis after the restart; longest call %.1f ms (timeout %d"
            + " ms); %d calls waited >= the timeout; first Redis-numbered turn %.0f ms after the restart; load average"
            + " %s%n",
        calls.size(),
        before.stream().filter(Call::onRedis).count(),
        before.size(),
        down.size(),
        callsAfter(o.ended()).stream().filter(Call::onRedis).count(),
        s.maxWaitNanos / 1e6,
        TIMEOUT.toMillis(),
        s.timedOut,
        firstRedisTurnAfter(calls, o.ended()) / 1e6,
        loadAverage());
  }

  @Test
  void redisFrozenAndResumed() throws Exception {
    Outage o = outage(redis::pause, redis::resume);
    List<Call> calls = new ArrayList<>(timed.calls);
    List<Call> frozen = assertHandled(calls, o, "frozen");
    // a frozen Redis lost nothing: what it numbers is not marked, before or after
    assertThat(calls).filteredOn(Call::onRedis).noneMatch(Call::fallback);

    // only a few calls pay the timeout: the first failures in a row (one per thread at most in
    // flight); the others skip Redis at once, while a probe per retry interval asks it in the
    // background (the bound still allows one waiting call per interval)
    long paidTimeout = frozen.stream().filter(c -> c.waitNanos() >= TIMEOUT.toNanos()).count();
    long bound =
        RedisTurnStore.FAILURES_BEFORE_BYPASS
            + THREADS
            + (o.ending() - o.began()) / RETRY.toNanos()
            + 2;
    assertThat(paidTimeout)
        .as("calls that waited the full timeout while Redis was frozen")
        .isLessThanOrEqualTo(bound);

    Summary s = summarize(calls);
    System.out.printf(
        "outage test (freeze): %d turn calls, %d while Redis was frozen (all marked), %d of them"
            + " waited the %d ms timeout (bound %d); longest call %.1f ms; first Redis-numbered turn %.0f ms after"
            + " the resume; load average %s%n",
        calls.size(),
        frozen.size(),
        paidTimeout,
        TIMEOUT.toMillis(),
        bound,
        s.maxWaitNanos / 1e6,
        firstRedisTurnAfter(calls, o.ended()) / 1e6,
        loadAverage());
  }

  /** Something done to Redis. */
  interface Step {
    void run() throws Exception;
  }

  /**
   * When the outage began ({@code began}: the step returned) and ended ({@code ending}: the step
   * was called).
   */
  private record Outage(long beginning, long began, long ending, long ended) {}

  /**
   * 0.8 s of normal running, then {@code begin}, 1.5 s, {@code end}, and running until Redis
   * numbers again.
   */
  private Outage outage(Step begin, Step end) throws Exception {
    Thread.sleep(800);
    long beginning = System.nanoTime();
    begin.run();
    long began = System.nanoTime();
    Thread.sleep(1_500);
    long ending = System.nanoTime();
    end.run();
    long ended = System.nanoTime();
    awaitCalls(() -> callsAfter(ended).stream().filter(Call::onRedis).count() >= 200);
    finish();
    return new Outage(beginning, began, ending, ended);
  }

  /**
   * What every outage must show: no call waited past the timeout plus slack, every turn during the
   * outage was numbered locally, and Redis numbers again afterwards, above everything used before.
   * Returns the calls made during the outage.
   */
  private List<Call> assertHandled(List<Call> calls, Outage o, String state) {
    assertThat(summarize(calls).maxWaitNanos)
        .as("longest turn call, ns")
        .isLessThanOrEqualTo(TIMEOUT.toNanos() + SLACK_NANOS);
    List<Call> during =
        calls.stream().filter(c -> c.start() > o.began() && c.end() < o.ending()).toList();
    assertThat(during)
        .as("turns while Redis was %s", state)
        .hasSizeGreaterThan(100)
        .allMatch(Call::fallback)
        .noneMatch(Call::onRedis);
    assertThat(callsAfter(o.ended()).stream().filter(Call::onRedis).count())
        .isGreaterThanOrEqualTo(200);
    assertResumesAboveEverythingBefore(calls, o.ending(), o.ended());
    return during;
  }

  /**
   * Per conversation: every number Redis gives after the outage is above every number used before
   * it (the floor the store sends), and the numbers Redis gives are never repeated.
   */
  private static void assertResumesAboveEverythingBefore(
      List<Call> calls, long outageEnd, long backAt) {
    Map<String, Long> highestBefore = new HashMap<>();
    Map<String, Set<Long>> fromRedis = new HashMap<>();
    for (Call c : calls) {
      if (c.end() < outageEnd) {
        highestBefore.merge(c.conversationId(), c.number(), Math::max);
      }
      if (c.onRedis()) {
        assertThat(
                fromRedis.computeIfAbsent(c.conversationId(), k -> new HashSet<>()).add(c.number()))
            .as("Redis gave %s twice to %s", c.number(), c.conversationId())
            .isTrue();
      }
    }
    for (Call c : calls) {
      if (c.start() > backAt && c.onRedis()) {
        assertThat(c.number())
            .as("%s after the outage", c.conversationId())
            .isGreaterThan(highestBefore.getOrDefault(c.conversationId(), 0L));
      }
    }
  }

  /**
   * The 1-minute load average (Linux), to read the longest call against: 2 cores are shared with
   * builds.
   */
  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private List<Call> callsAfter(long t) {
    return timed.calls.stream().filter(c -> c.start() > t).toList();
  }

  private static long firstRedisTurnAfter(List<Call> calls, long t) {
    return calls.stream()
        .filter(c -> c.start() > t && c.onRedis())
        .mapToLong(c -> c.end() - t)
        .min()
        .orElse(-1);
  }

  private record Summary(long maxWaitNanos, long timedOut) {}

  private static Summary summarize(List<Call> calls) {
    long max = 0;
    long timedOut = 0;
    for (Call c : calls) {
      max = Math.max(max, c.waitNanos());
      if (c.waitNanos() >= TIMEOUT.toNanos()) {
        timedOut++;
      }
    }
    return new Summary(max, timedOut);
  }

  private void awaitCalls(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
  }

  private void finish() throws Exception {
    stop.set(true);
    for (Future<?> f : workers) {
      f.get(30, TimeUnit.SECONDS);
    }
  }
}
