package io.last9.genai.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.last9.genai.ContentRedactor;
import java.util.Collection;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns a captured input or output into the text put on a span: text as is, maps, collections and arrays as JSON,
 * anything else through {@code toString()}; then the redaction hook; then the length cap.
 */
public final class ContentFormatter {

  private static final Logger logger = Logger.getLogger(ContentFormatter.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();

  private ContentFormatter() {}

  /** The text to capture, or {@code null} when there is nothing to capture. */
  public static String format(Object value, ContentRedactor.Side side, ContentRedactor redactor, int maxLength) {
    if (value == null) {
      return null;
    }
    String text;
    try {
      text = render(value);
    } catch (RuntimeException e) {
      OnceLogger.warn(logger, "render:" + value.getClass().getName(), Level.FINE,
          "could not render a " + value.getClass().getName() + " for content capture", e);
      return null;
    }
    if (redactor != null) {
      try {
        text = redactor.redact(side, text);
      } catch (RuntimeException e) {
        OnceLogger.warn(logger, "redactor:" + redactor.getClass().getName(), Level.WARNING,
            "ContentRedactor " + redactor.getClass().getName() + " failed; the content is dropped", e);
        return null;
      }
      if (text == null) {
        return null;
      }
    }
    return truncate(text, maxLength);
  }

  static String render(Object value) {
    if (value instanceof CharSequence) {
      return value.toString();
    }
    if (value instanceof Map || value instanceof Collection || value.getClass().isArray()) {
      try {
        return JSON.writeValueAsString(value);
      } catch (JsonProcessingException e) {
        return String.valueOf(value);
      }
    }
    return String.valueOf(value);
  }

  /** Cuts {@code text} to at most {@code maxLength} characters, never inside a surrogate pair. */
  public static String truncate(String text, int maxLength) {
    if (text.length() <= maxLength) {
      return text;
    }
    int end = maxLength;
    if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end);
  }
}
