package io.last9.genai;

import java.util.Locale;

/**
 * The global switch for input and output capture by observed calls.
 *
 * <p>Capture is on by default, as in the Python SDK. It is off when the system property
 * {@code otel.instrumentation.genai.capture-message-content} or the environment variable
 * {@code OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT} is {@code false}, or after
 * {@code ContentCapture.setEnabled(false)}. When it is off, no observed call captures content, whatever its own
 * flags say; when it is on, each call's {@code captureInput}/{@code captureOutput} flags decide.
 */
public final class ContentCapture {

  /** System property read at start-up. */
  public static final String PROPERTY = "otel.instrumentation.genai.capture-message-content";
  /** Environment variable read at start-up. */
  public static final String ENV = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT";
  /** Default maximum length of captured content, in characters. */
  public static final int DEFAULT_MAX_LENGTH = 10_000;

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
    if (v == null) {
      v = System.getenv(ENV);
    }
    return v == null || !v.trim().toLowerCase(Locale.ROOT).equals("false");
  }
}
