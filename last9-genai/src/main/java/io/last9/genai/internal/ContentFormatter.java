/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.last9.genai.content.ContentField;
import io.last9.genai.content.ContentRedactor;
import io.last9.genai.content.internal.Truncation;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.reflect.Array;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns a captured input or output into the text put on a span: text as is; maps, collections and
 * arrays as JSON; anything else through {@code toString()}; then the redaction hook; then the
 * length cap.
 *
 * <p>User objects are only ever asked for {@code toString()}: JSON is written by hand over maps,
 * collections and arrays (with a depth bound and cycle detection), never by bean introspection, so
 * capture calls no getter. A {@code toString()} that throws, even a {@code StackOverflowError} from
 * a cyclic structure, or a redactor that throws, makes the content be dropped and is reported once;
 * it never reaches the caller.
 *
 * <p>Internal, not for public use; it may change at any time.
 */
public final class ContentFormatter {

  private static final Logger logger = Logger.getLogger(ContentFormatter.class.getName());

  /** Owner-less: what goes wrong here is the application's or the JVM's, not one SDK set-up's. */
  private static final OnceLogger warnings = new OnceLogger(logger);

  private static final JsonFactory JSON = new JsonFactory();
  private static final int MAX_DEPTH = 8;
  private static final int MAX_ELEMENTS = 1_000;

  private ContentFormatter() {}

  /**
   * The text to capture, or {@code null} when there is nothing to capture (or it could not be
   * rendered).
   */
  public static String format(
      Object value, ContentField field, ContentRedactor redactor, int maxLength) {
    if (value == null) {
      return null;
    }
    String text = renderOrNull(value, renderBudget(maxLength));
    return text == null ? null : redactAndTruncate(text, field, redactor, maxLength);
  }

  /**
   * {@code value} rendered as text (text as is; maps, collections and arrays as JSON; anything else
   * through {@code toString()}), at most about {@code budget} characters; {@code null} when it
   * could not be rendered (reported once).
   */
  public static String renderOrNull(Object value, int budget) {
    try {
      return render(value, budget);
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      warnings.warn(
          "content-render",
          Level.WARNING,
          "last9-genai could not render a "
              + value.getClass().getName()
              + " for content capture; the content is dropped",
          t);
      return null;
    }
  }

  /**
   * Redacts and cuts an already rendered text; {@code null} when the redactor drops it or fails.
   */
  public static String redactAndTruncate(
      String text, ContentField field, ContentRedactor redactor, int maxLength) {
    if (text == null) {
      return null;
    }
    String t = text;
    if (redactor != null) {
      try {
        t = redactor.redact(field, t);
      } catch (Throwable e) {
        Throwables.rethrowIfFatal(e);
        warnings.warn(
            "redactor",
            Level.WARNING,
            "ContentRedactor "
                + redactor.getClass().getName()
                + " failed; the content is dropped, never exported unredacted",
            e);
        return null;
      }
      if (t == null) {
        return null;
      }
    }
    return Truncation.cut(t, maxLength);
  }

  /**
   * Rendering stops a little past the cap: enough for a redactor to see what it must mask at the
   * cut.
   */
  public static int renderBudget(int maxLength) {
    return maxLength > Integer.MAX_VALUE / 2 ? Integer.MAX_VALUE : Math.max(maxLength * 2, 1_024);
  }

  static String render(Object value, int budget) throws IOException {
    if (value instanceof CharSequence) {
      CharSequence cs = (CharSequence) value;
      return cs.length() > budget ? cs.subSequence(0, budget).toString() : cs.toString();
    }
    if (value instanceof Map || value instanceof Collection || value.getClass().isArray()) {
      StringWriter out = new StringWriter();
      try (JsonGenerator g = JSON.createGenerator(out)) {
        writeJson(g, value, 0, new IdentityHashMap<>(), out, budget);
      } catch (BudgetReached full) {
        // enough written: the cap cuts it anyway
      }
      return out.toString();
    }
    String s = String.valueOf(value);
    return s.length() > budget ? s.substring(0, budget) : s;
  }

  private static void writeJson(
      JsonGenerator g,
      Object v,
      int depth,
      IdentityHashMap<Object, Boolean> path,
      StringWriter out,
      int budget)
      throws IOException {
    if (out.getBuffer().length() > budget) {
      throw BudgetReached.INSTANCE;
    }
    if (v == null) {
      g.writeNull();
    } else if (v instanceof CharSequence) {
      g.writeString(v.toString());
    } else if (v instanceof Boolean) {
      g.writeBoolean((Boolean) v);
    } else if (v instanceof Integer
        || v instanceof Long
        || v instanceof Short
        || v instanceof Byte) {
      g.writeNumber(((Number) v).longValue());
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isFinite(d)) {
        g.writeNumber(d);
      } else {
        g.writeString(Double.toString(d));
      }
    } else if (depth >= MAX_DEPTH || path.containsKey(v)) {
      g.writeString(depth >= MAX_DEPTH ? "..." : "(cycle)");
    } else if (v instanceof Map) {
      path.put(v, Boolean.TRUE);
      g.writeStartObject();
      int n = 0;
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        if (n++ >= MAX_ELEMENTS) {
          break;
        }
        g.writeFieldName(String.valueOf(e.getKey()));
        writeJson(g, e.getValue(), depth + 1, path, out, budget);
      }
      g.writeEndObject();
      path.remove(v);
    } else if (v instanceof Collection) {
      path.put(v, Boolean.TRUE);
      g.writeStartArray();
      int n = 0;
      for (Object o : (Collection<?>) v) {
        if (n++ >= MAX_ELEMENTS) {
          break;
        }
        writeJson(g, o, depth + 1, path, out, budget);
      }
      g.writeEndArray();
      path.remove(v);
    } else if (v.getClass().isArray()) {
      path.put(v, Boolean.TRUE);
      g.writeStartArray();
      int len = Math.min(Array.getLength(v), MAX_ELEMENTS);
      for (int i = 0; i < len; i++) {
        writeJson(g, Array.get(v, i), depth + 1, path, out, budget);
      }
      g.writeEndArray();
      path.remove(v);
    } else {
      g.writeString(String.valueOf(v));
    }
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

  /** Thrown (without a stack) to stop rendering once enough text is written. */
  private static final class BudgetReached extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final BudgetReached INSTANCE = new BudgetReached();

    private BudgetReached() {
      super(null, null, false, false);
    }
  }
}
