/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.redis.internal;

import java.time.Duration;

/**
 * The valid range of each Redis turn store setting, checked in one place for every way to set it:
 * the builder names its method, autoconfigure and the Java agent their {@code
 * otel.last9.genai.turns.redis.*} property, the Spring Boot starter its {@code
 * last9.genai.turns.redis.*} one. The upper bounds keep every duration far from the overflow of the
 * nanosecond and millisecond arithmetic it goes through (Netty's connect timeout is an {@code int}
 * of milliseconds).
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class RedisSettings {

  /** The longest per-turn timeout, connect timeout and start-up wait. */
  public static final Duration MAX_WAIT = Duration.ofMinutes(1);

  /** The longest retry interval. */
  public static final Duration MAX_RETRY_INTERVAL = Duration.ofHours(1);

  /** The longest idle expiry. */
  public static final Duration MAX_IDLE_EXPIRY = Duration.ofDays(3650);

  /** The longest key prefix. */
  public static final int MAX_KEY_PREFIX_LENGTH = 128;

  private RedisSettings() {}

  /** The per-turn timeout: at least 1 ms, at most {@link #MAX_WAIT}. */
  public static Duration timeout(Duration d, String name) {
    return between(d, Duration.ofMillis(1), MAX_WAIT, name);
  }

  /** The connect timeout: at least 1 ms, at most {@link #MAX_WAIT}. */
  public static Duration connectTimeout(Duration d, String name) {
    return between(d, Duration.ofMillis(1), MAX_WAIT, name);
  }

  /** The start-up wait for the connection: 0 or more, at most {@link #MAX_WAIT}. */
  public static Duration awaitConnection(Duration d, String name) {
    return between(d, Duration.ZERO, MAX_WAIT, name);
  }

  /** The retry interval: at least 1 ms, at most {@link #MAX_RETRY_INTERVAL}. */
  public static Duration retryInterval(Duration d, String name) {
    return between(d, Duration.ofMillis(1), MAX_RETRY_INTERVAL, name);
  }

  /** The idle expiry: at least 1 ms, at most {@link #MAX_IDLE_EXPIRY}. */
  public static Duration expireAfterIdle(Duration d, String name) {
    return between(d, Duration.ofMillis(1), MAX_IDLE_EXPIRY, name);
  }

  /** The bound on conversations remembered locally: positive. */
  public static long maximumLocalConversations(long n, String name) {
    if (n <= 0) {
      throw new IllegalArgumentException(name + " must be positive, was " + n);
    }
    return n;
  }

  /** The key prefix: at most {@link #MAX_KEY_PREFIX_LENGTH} characters. */
  public static String keyPrefix(String prefix, String name) {
    if (prefix == null) {
      throw new IllegalArgumentException(name + " must not be null");
    }
    if (prefix.length() > MAX_KEY_PREFIX_LENGTH) {
      throw new IllegalArgumentException(
          name
              + " must be at most "
              + MAX_KEY_PREFIX_LENGTH
              + " characters, was "
              + prefix.length());
    }
    return prefix;
  }

  private static Duration between(Duration d, Duration min, Duration max, String name) {
    if (d == null || d.compareTo(min) < 0 || d.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          name + " must be from " + show(min) + " to " + show(max) + ", was " + show(d));
    }
    return d;
  }

  /** 5ms, 2s, 24h: the spelling the properties take (ISO-8601 below a millisecond). */
  static String show(Duration d) {
    if (d == null) {
      return "nothing";
    }
    if (d.isZero()) {
      return "0";
    }
    long s = d.getSeconds();
    int nanos = d.getNano();
    if (d.isNegative() || nanos % 1_000_000 != 0 || s >= 1_000_000_000L && nanos != 0) {
      return d.toString();
    }
    if (nanos != 0) {
      return s * 1000 + nanos / 1_000_000 + "ms";
    }
    if (s % 86_400 == 0) {
      return s / 86_400 + "d";
    }
    if (s % 3600 == 0) {
      return s / 3600 + "h";
    }
    if (s % 60 == 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }
}
