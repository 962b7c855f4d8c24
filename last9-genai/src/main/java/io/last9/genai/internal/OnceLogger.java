/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reports a problem once, not once per span, without letting user data decide how much is logged.
 *
 * <p>Each instance remembers what it reported, and nothing is shared between instances: a processor
 * (and each part it builds: its pricer, price updater, turn-store client) keeps its own, so two SDK
 * set-ups in one JVM report their own problems and never silence each other. A call site with no
 * such owner (a scope closed out of order is a problem of the application's code, not of any SDK
 * set-up) keeps one instance in a static field of its class.
 *
 * <p>{@link #warn} is keyed by the kind of problem, a constant string chosen by the library ({@code
 * "turn-store"}, {@code "scope-order"}), never by an id or a model name: the first occurrence of a
 * kind is logged, later ones at most once every five minutes with the number suppressed in between.
 * Every kind has its own state, so one kind never uses up another's reports. The set of kinds is
 * the set of constants in the code; should an instance ever see more than {@value #MAX_KINDS}, the
 * extra ones share one state.
 *
 * <p>{@link #warnForValue} is for problems whose subject matters to the reader (the model that has
 * no price), where the subject may be chosen by whoever sends the requests: it logs once per
 * distinct value, at most {@value #MAX_VALUE_WARNINGS_PER_INTERVAL} distinct values per kind every
 * five minutes. Values past that budget are counted, not logged, and the first report of that kind
 * after the five minutes are over starts with one summary line giving their number. It remembers at
 * most {@value #MAX_VALUES_PER_KIND} reported values per kind (the oldest are forgotten first), and
 * at most as many counted ones, each cut to {@value #MAX_VALUE_LENGTH} characters. A flood of
 * distinct model names thus costs at most 20 lines and a summary per five minutes, and leaves every
 * other kind of problem its own budget.
 *
 * <p>Messages are cut to {@value #MAX_MESSAGE_LENGTH} characters and the characters {@link
 * ControlCharacters} lists (CR, LF, line separators, bidirectional controls, ...) are escaped, so a
 * value that reaches a message can neither flood the log nor forge a log line.
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

  /** Kinds with a state of their own; more is a bug in the library, not user data. */
  static final int MAX_KINDS = 64;

  private final Logger logger;

  /** Null for {@link System#nanoTime}, which needs no lambda on the processor's start-up path. */
  private final LongSupplier nanoClock;

  private final Map<String, KindState> kinds = new ConcurrentHashMap<>();

  /** Made when first needed: more kinds than {@link #MAX_KINDS} is a bug, not a start-up cost. */
  private volatile KindState otherKinds;

  /** Reports through {@code logger}. */
  public OnceLogger(Logger logger) {
    this(logger, null);
  }

  /** Reports through {@code logger}, reading time from {@code nanoClock} (tests). */
  OnceLogger(Logger logger, LongSupplier nanoClock) {
    this.logger = logger;
    this.nanoClock = nanoClock;
  }

  /**
   * Logs {@code message} the first time problem {@code kind} occurs, and again at most every five
   * minutes.
   *
   * @param kind a constant naming the kind of problem; never user data
   */
  public void warn(String kind, Level level, String message, Throwable error) {
    if (!logger.isLoggable(level)) {
      return;
    }
    long suppressed = state(kind).tryLog(now());
    if (suppressed < 0) {
      return;
    }
    String text =
        suppressed == 0 ? message : message + " (" + suppressed + " more since the last report)";
    log(logger, level, text, error);
  }

  /**
   * Logs {@code message} the first time problem {@code kind} occurs for {@code value} (a model
   * name, say), within the per-kind budget described above. A caller on a per-span path whose
   * message must be built first uses {@link #firstForValue} and {@link #log}, so that it builds the
   * message only when it is logged.
   *
   * @param kind a constant naming the kind of problem; never user data
   * @param value the subject, used to remember what was reported; cut to 128 characters
   */
  public void warnForValue(
      String kind, String value, Level level, String message, Throwable error) {
    if (firstForValue(kind, value, level)) {
      log(logger, level, message, error);
    }
  }

  /**
   * True when problem {@code kind} for {@code value} is to be reported now, by the caller, with
   * {@link #log}: the first time, within the per-kind budget described above. When values went
   * unreported in the previous five minutes, their summary line is logged here first. Once a value
   * (of at most 128 characters) was reported this returns false without allocating or locking, so a
   * per-span caller pays for building its message only once and its spans never queue here.
   *
   * @param kind a constant naming the kind of problem; never user data
   * @param value the subject, used to remember what was reported; cut to 128 characters
   */
  public boolean firstForValue(String kind, String value, Level level) {
    if (!logger.isLoggable(level)) {
      return false;
    }
    KindState state = state(kind);
    String shortened = shorten(String.valueOf(value));
    if (state.alreadyReported(shortened)) {
      return false;
    }
    ValueDecision d = state.decide(shortened, now());
    if (d.unreported > 0) {
      log(
          logger,
          level,
          "last9-genai: "
              + kind
              + ": "
              + (d.unreportedCapped ? "more than " : "")
              + d.unreported
              + " more distinct values in the previous five-minute window were not logged one by"
              + " one (at most "
              + MAX_VALUE_WARNINGS_PER_INTERVAL
              + " are, every five minutes)",
          null);
    }
    return d.log;
  }

  /**
   * Logs {@code message}, cut and escaped as described above, through this instance's logger: the
   * report a {@link #firstForValue} that returned true asked for.
   */
  public void log(Level level, String message, Throwable error) {
    log(logger, level, message, error);
  }

  /**
   * Logs {@code message}, cut and escaped as described above, without any rate limit: for a caller
   * that logs at most once per occasion of its own (once per file it reads, say).
   */
  public static void logSanitized(Logger logger, Level level, String message, Throwable error) {
    if (logger.isLoggable(level)) {
      log(logger, level, message, error);
    }
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

  /** Forgets what was reported (tests only). */
  void forgetAll() {
    kinds.clear();
    KindState others = otherKinds;
    if (others != null) {
      others.forget();
    }
  }

  private KindState state(String kind) {
    KindState s = kinds.get(kind);
    if (s != null) {
      return s;
    }
    if (kinds.size() >= MAX_KINDS) {
      return otherKinds();
    }
    return kinds.computeIfAbsent(kind, k -> new KindState());
  }

  private KindState otherKinds() {
    KindState s = otherKinds;
    if (s == null) {
      synchronized (this) {
        s = otherKinds;
        if (s == null) {
          s = new KindState();
          otherKinds = s;
        }
      }
    }
    return s;
  }

  private long now() {
    return nanoClock == null ? System.nanoTime() : nanoClock.getAsLong();
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

  /** What {@link #warnForValue} logs for one call. */
  private static final class ValueDecision {
    static final ValueDecision QUIET = new ValueDecision(false, 0, false);
    static final ValueDecision LOG = new ValueDecision(true, 0, false);

    final boolean log;

    /** Distinct values of the interval just over that were counted, not logged. */
    final int unreported;

    /** True when there were more than {@link #unreported}, which stopped counting. */
    final boolean unreportedCapped;

    ValueDecision(boolean log, int unreported, boolean unreportedCapped) {
      this.log = log;
      this.unreported = unreported;
      this.unreportedCapped = unreportedCapped;
    }
  }

  /** The reporting state of one kind of problem. */
  private static final class KindState {
    private final AtomicLong lastLogged = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong suppressed = new AtomicLong();

    /** Values reported, in insertion order, the oldest evicted first. */
    private final LinkedHashMap<String, Boolean> reported =
        new LinkedHashMap<>(16, 0.75f, false) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            if (size() > MAX_VALUES_PER_KIND) {
              reportedView.remove(eldest.getKey());
              return true;
            }
            return false;
          }
        };

    /**
     * The same values as {@link #reported}, readable without the lock: a span whose value was
     * reported long ago (every span of a model priced as an upper bound, say) must not queue on
     * this monitor. Written only under it, so it never holds a value {@code reported} lost.
     */
    private final Map<String, Boolean> reportedView = new ConcurrentHashMap<>();

    /** Distinct values past this interval's budget, counted for the summary; bounded. */
    private final Set<String> unreported = new HashSet<>();

    /**
     * True while {@link #unreported} is not empty: a summary is owed, and only {@link #decide},
     * under the lock, may give it, so the lock-free answer is withheld until then.
     */
    private volatile boolean summaryOwed;

    private boolean unreportedCapped;
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

    /**
     * True when {@code value} was reported and no summary is owed: {@link #decide} would answer
     * "stay quiet" and change nothing that matters (a new window starts on the next decision that
     * needs it), so the caller skips the lock.
     */
    boolean alreadyReported(String value) {
      return !summaryOwed && reportedView.containsKey(value);
    }

    synchronized ValueDecision decide(String value, long now) {
      int summary = 0;
      boolean capped = false;
      if (windowStart == Long.MIN_VALUE || now - windowStart >= REPEAT_INTERVAL_NANOS) {
        summary = unreported.size();
        capped = unreportedCapped;
        unreported.clear();
        unreportedCapped = false;
        summaryOwed = false;
        windowStart = now;
        inWindow = 0;
      }
      boolean log;
      if (reported.containsKey(value)) {
        log = false;
      } else if (inWindow < MAX_VALUE_WARNINGS_PER_INTERVAL) {
        inWindow++;
        reported.put(value, Boolean.TRUE);
        reportedView.put(value, Boolean.TRUE);
        log = true;
      } else {
        if (unreported.size() < MAX_VALUES_PER_KIND) {
          unreported.add(value);
          summaryOwed = true;
        } else if (!unreported.contains(value)) {
          unreportedCapped = true;
        }
        log = false;
      }
      if (summary == 0) {
        return log ? ValueDecision.LOG : ValueDecision.QUIET;
      }
      return new ValueDecision(log, summary, capped);
    }

    synchronized void forget() {
      lastLogged.set(Long.MIN_VALUE);
      suppressed.set(0);
      reported.clear();
      reportedView.clear();
      unreported.clear();
      summaryOwed = false;
      unreportedCapped = false;
      windowStart = Long.MIN_VALUE;
      inWindow = 0;
    }
  }
}
