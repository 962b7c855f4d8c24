/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.content;

import io.last9.genai.Last9Limits;
import io.last9.genai.internal.BooleanValues;
import io.last9.genai.internal.ControlCharacters;
import java.util.logging.Logger;

/**
 * The global switch for input and output capture by observed calls (and the library's client
 * integrations).
 *
 * <p>Capture is on by default, in every module, as in the Python SDK: prompts and completions are
 * what an LLM trace is read for. It is off after {@code ContentCapture.setEnabled(false)}, or when
 * the system property {@code otel.instrumentation.genai.capture-message-content} or the environment
 * variable {@code OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT} (the property wins) says so.
 * Those accept {@code true}/{@code false}, {@code yes}/{@code no}, {@code on}/{@code off}, {@code
 * 1}/{@code 0} and {@code enabled}/{@code disabled}, in any case; any other value turns capture
 * <em>off</em> (a typo must not leak content) and is reported once. When capture is off, no
 * observed call captures content, arguments or exception messages, whatever its own flags say; when
 * it is on, each call's {@code captureInput}/ {@code captureOutput} flags decide.
 */
public final class ContentCapture {

  private static final Logger logger = Logger.getLogger(ContentCapture.class.getName());

  /** System property read at start-up. */
  public static final String PROPERTY = "otel.instrumentation.genai.capture-message-content";

  /** Environment variable read at start-up. */
  public static final String ENV = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT";

  /** Default maximum length of captured content, in characters. */
  public static final int DEFAULT_MAX_LENGTH = Last9Limits.DEFAULT_MAX_CONTENT_LENGTH;

  private static volatile boolean enabled = readDefault();

  private ContentCapture() {}

  /** True when observed calls may capture content. */
  public static boolean isEnabled() {
    return enabled;
  }

  /** Turns content capture on or off for the whole JVM. */
  public static void setEnabled(boolean on) {
    enabled = on;
  }

  static boolean readDefault() {
    String v = System.getProperty(PROPERTY);
    String source = PROPERTY;
    if (v == null) {
      v = System.getenv(ENV);
      source = ENV;
    }
    if (v == null) {
      return true;
    }
    Boolean parsed = BooleanValues.parse(v);
    if (parsed == null) {
      logger.warning(
          source
              + "='"
              + ControlCharacters.escape(v)
              + "' is not a boolean (true/false, yes/no, on/off, "
              + "1/0, enabled/disabled); content capture is off");
      return false;
    }
    return parsed;
  }
}
