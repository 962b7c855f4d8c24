/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.redis.internal;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stops asking a backend that keeps failing, so that a hung Redis costs a few calls their timeout,
 * not every call: after {@code threshold} consecutive failures the breaker opens, and every call
 * skips the backend for {@code retryIntervalNanos}; then one call (never more at a time) is let
 * through to probe it (the store probes in the background, so that call waits for nothing). A
 * successful probe closes the breaker; a failed one keeps it open for another interval. The backend
 * is asked at most once per interval while it is down, so recovering costs no burst of calls.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class CircuitBreaker {

  private final int threshold;
  private final long retryIntervalNanos;
  private final AtomicInteger consecutiveFailures = new AtomicInteger();
  private final AtomicBoolean probing = new AtomicBoolean();
  private volatile boolean open;
  private volatile long retryAt;

  public CircuitBreaker(int threshold, long retryIntervalNanos) {
    this.threshold = threshold;
    this.retryIntervalNanos = retryIntervalNanos;
  }

  /** What a call at {@code now} does. */
  public enum Decision {
    /** The breaker is closed: ask the backend. */
    CALL,
    /** The breaker is open and this call may probe the backend. */
    PROBE,
    /** The breaker is open: skip the backend. */
    SKIP
  }

  /** What a call at {@code now} ({@link System#nanoTime()}) does. */
  public Decision decide(long now) {
    if (!open) {
      return Decision.CALL;
    }
    return now - retryAt >= 0 && probing.compareAndSet(false, true)
        ? Decision.PROBE
        : Decision.SKIP;
  }

  /** Whether a call at {@code now} ({@link System#nanoTime()}) may ask the backend. */
  public boolean allowRequest(long now) {
    return decide(now) != Decision.SKIP;
  }

  /** Records a success; returns true when it closed an open breaker (the backend recovered). */
  public boolean onSuccess() {
    if (consecutiveFailures.get() != 0) {
      consecutiveFailures.set(0);
    }
    if (!open) {
      return false;
    }
    open = false;
    probing.set(false);
    return true;
  }

  /** Records a failure at {@code now}; returns true when it opened the breaker. */
  public boolean onFailure(long now) {
    if (open) {
      // a failed probe: wait another interval
      retryAt = now + retryIntervalNanos;
      probing.set(false);
      return false;
    }
    if (consecutiveFailures.incrementAndGet() < threshold) {
      return false;
    }
    retryAt = now + retryIntervalNanos;
    open = true;
    return true;
  }

  /** True while calls skip the backend. */
  public boolean isOpen() {
    return open;
  }
}
