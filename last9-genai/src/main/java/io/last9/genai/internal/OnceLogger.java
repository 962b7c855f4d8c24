package io.last9.genai.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reports each cause once, not once per span (CONTRACT section 6). Causes are keyed by a short string (a model
 * name, an exception class); the set is bounded so a flood of distinct causes cannot grow it without limit.
 */
public final class OnceLogger {

  private static final int MAX_CAUSES = 10_000;
  private static final Set<String> reported = ConcurrentHashMap.newKeySet();

  private OnceLogger() {}

  /** Logs {@code message} at {@code level} the first time {@code cause} is seen. */
  public static void warn(Logger logger, String cause, Level level, String message, Throwable error) {
    if (!logger.isLoggable(level)) {
      return;
    }
    if (reported.size() >= MAX_CAUSES || !reported.add(cause)) {
      return;
    }
    if (error == null) {
      logger.log(level, message);
    } else {
      logger.log(level, message, error);
    }
  }

  /** Forgets what was reported (tests only). */
  static void resetForTest() {
    reported.clear();
  }
}
