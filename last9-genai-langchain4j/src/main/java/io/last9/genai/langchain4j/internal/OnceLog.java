package io.last9.genai.langchain4j.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Logs a message once per cause, so a recurring failure does not flood the log. Bounded. */
public final class OnceLog {

  private static final int MAX_KEYS = 1_000;
  private static final Set<String> seen = ConcurrentHashMap.newKeySet();

  private OnceLog() {}

  public static void warn(Logger logger, String key, Level level, String message, Throwable t) {
    if (seen.size() < MAX_KEYS && seen.add(key)) {
      logger.log(level, message, t);
    }
  }
}
