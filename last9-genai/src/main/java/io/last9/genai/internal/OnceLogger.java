/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reports a problem once, not once per span, without letting user data decide how much is logged.
 *
 * <p>{@link #warn} is keyed by the kind of problem, a constant string chosen by the library ({@code
 * "turn-store"}, {@code "scope-order"}), never by an id or a model name: the first occurrence of a
 * kind is logged, later ones at most once every {@link #REPEAT_INTERVAL_NANOS} with the number
 * suppressed in between. The set of kinds is the set of constants in the code, so it is bounded by
 * construction and can never fill up and silence everything.
 *
 * <p>{@link #warnForValue} is for problems whose subject matters to the reader (the model that has
 * no price): it logs once per distinct value, remembering at most {@value #MAX_VALUES_PER_KIND}
 * values per kind (the oldest are forgotten first), each cut to {@value #MAX_VALUE_LENGTH}
 * characters, and is rate-limited per kind as well.
 *
 * <p>Messages are cut to {@value #MAX_MESSAGE_LENGTH} characters and control characters are
 * escaped, so a value that reaches a message can neither flood the log nor forge a log line.
 *
 * <p>Internal, not for public use; it may change at any time.
 */
public final class OnceLogger {

  static final long REPEAT_INTERVAL_NANOS = 5L * 60 * 1_000_000_000; // 5 minutes
  static final int MAX_VALUES_PER_KIND = 256;
  static final int MAX_VALUE_LENGTH = 128;
  static final int MAX_MESSAGE_LENGTH = 2_000;

  /** Per-kind cap on warnings about distinct values within one repeat interval. */
  static final int MAX_VALUE_WARNINGS_PER_INTERVAL = 20;

  private static final Map<String, KindState> kinds = new ConcurrentHashMap<>();

  private OnceLogger() {}

  /**
   * Logs {@code message} the first time problem {@code kind} occurs, and again at most every five
   * minutes.
   *
   * @param kind a constant naming the kind of problem; never user data
   */
  public static void warn(
      Logger logger, String kind, Level level, String message, Throwable error) {
    if (!logger.isLoggable(level)) {
      return;
    }
    KindState state = kinds.computeIfAbsent(kind, k -> new KindState());
    long suppressed = state.tryLog(System.nanoTime());
    if (suppressed < 0) {
      return;
    }
    String text =
        suppressed == 0 ? message : message + " (" + suppressed + " more since the last report)";
    log(logger, level, text, error);
  }

  /**
   * Logs {@code message} the first time problem {@code kind} occurs for {@code value} (a model
   * name, say), within the per-kind bounds described above.
   *
   * @param kind a constant naming the kind of problem; never user data
   * @param value the subject, used to remember what was reported; cut to 128 characters
   */
  public static void warnForValue(
      Logger logger, String kind, String value, Level level, String message, Throwable error) {
    if (!logger.isLoggable(level)) {
      return;
    }
    KindState state = kinds.computeIfAbsent(kind, k -> new KindState());
    if (!state.firstTimeFor(shorten(String.valueOf(value)), System.nanoTime())) {
      return;
    }
    log(logger, level, message, error);
  }

  /** {@code value} cut to {@value #MAX_VALUE_LENGTH} characters, for use inside a log message. */
  public static String shorten(String value) {
    if (value == null) {
      return "null";
    }
    return value.length() <= MAX_VALUE_LENGTH
        ? value
        : value.substring(0, MAX_VALUE_LENGTH) + "...";
  }

  private static void log(Logger logger, Level level, String message, Throwable error) {
    String text = sanitize(message);
    if (error == null) {
      logger.log(level, text);
    } else {
      logger.log(level, text, error);
    }
  }

  /** Cuts a message to its maximum length and escapes control characters (CR, LF, NUL, ...). */
  static String sanitize(String message) {
    String m = message == null ? "null" : message;
    if (m.length() > MAX_MESSAGE_LENGTH) {
      m = m.substring(0, MAX_MESSAGE_LENGTH) + "...";
    }
    return ControlCharacters.escape(m);
  }

  /** Forgets what was reported (tests only). */
  static void resetForTest() {
    kinds.clear();
  }

  /** The reporting state of one kind of problem. */
  private static final class KindState {
    private final AtomicLong lastLogged = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    /** Values reported, in insertion order, the oldest evicted first. */
    private final java.util.LinkedHashMap<String, Boolean> values =
        new java.util.LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > MAX_VALUES_PER_KIND;
          }
        };

    private long windowStart = Long.MIN_VALUE;
    private int inWindow;

    /** -1 to stay quiet; otherwise the number of occurrences suppressed since the last report. */
    long tryLog(long now) {
      long last = lastLogged.get();
      if (last != Long.MIN_VALUE && now - last < REPEAT_INTERVAL_NANOS) {
        suppressed.incrementAndGet();
        return -1;
      }
      if (!lastLogged.compareAndSet(last, now)) {
        suppressed.incrementAndGet();
        return -1;
      }
      return suppressed.getAndSet(0);
    }

    synchronized boolean firstTimeFor(String value, long now) {
      if (values.containsKey(value)) {
        return false;
      }
      if (windowStart == Long.MIN_VALUE || now - windowStart >= REPEAT_INTERVAL_NANOS) {
        windowStart = now;
        inWindow = 0;
      }
      if (inWindow >= MAX_VALUE_WARNINGS_PER_INTERVAL) {
        return false;
      }
      inWindow++;
      values.put(value, Boolean.TRUE);
      return true;
    }
  }
}
