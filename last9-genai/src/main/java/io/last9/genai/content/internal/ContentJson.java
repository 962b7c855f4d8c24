/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.content.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.last9.genai.Last9Limits;
import io.last9.genai.content.ContentField;
import io.last9.genai.content.ContentRedactor;
import io.last9.genai.internal.OnceLogger;
import io.last9.genai.internal.Throwables;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes captured content as the JSON the conventions define for {@code gen_ai.input.messages},
 * {@code gen_ai.output.messages}, {@code gen_ai.system_instructions} and the tool-call values.
 *
 * <p>Every text-bearing field goes through the redactor (with its {@link ContentField}), then is
 * cut to the length cap ({@link Truncation}); strings inside a tool call's arguments or response
 * are redacted and cut one by one, so the JSON stays whole. One attribute holds at most {@value
 * #MAX_MESSAGES} messages of at most {@value #MAX_PARTS} parts, and at most {@value #TOTAL_FACTOR}
 * times the cap of text in all: the newest input messages and the first output messages are kept. A
 * redactor that throws drops the attribute (reported once), never exports it unredacted.
 *
 * <p>Values other than maps, collections, arrays, text, numbers and booleans are written through
 * their {@code toString()}: capture calls no getter.
 *
 * <p>Internal, not for public use; it may change at any time.
 */
public final class ContentJson {

  private static final Logger logger = Logger.getLogger(ContentJson.class.getName());

  /** Owner-less: what goes wrong here is the application's or the JVM's, not one SDK set-up's. */
  private static final OnceLogger warnings = new OnceLogger(logger);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  static final int MAX_MESSAGES = Last9Limits.MAX_CONTENT_MESSAGES;
  static final int MAX_PARTS = Last9Limits.MAX_CONTENT_PARTS;
  static final int TOTAL_FACTOR = 8;
  private static final int MAX_DEPTH = 8;
  private static final int MAX_ELEMENTS = 1_000;

  private static final String[] ROLES = {"system", "user", "assistant", "tool"};
  private static final String[][] KINDS = {
    {ContentField.TEXT, ContentField.CONTENT},
    {ContentField.REASONING, ContentField.CONTENT},
    {ContentField.TOOL_CALL, ContentField.ARGUMENTS},
    {ContentField.TOOL_CALL_RESPONSE, ContentField.RESPONSE}
  };

  /** Fields of the common places, made once: [side][role][kind]. */
  private static final ContentField[][][] FIELDS = fields();

  private ContentJson() {}

  /** The input messages' JSON, or null when there are none or they could not be written. */
  public static String inputMessages(List<Message> messages, ContentRedactor r, int maxLength) {
    return messages(messages, ContentRedactor.Side.INPUT, r, maxLength, false);
  }

  /** The output messages' JSON (each with its finish reason), or null. */
  public static String outputMessages(List<Message> messages, ContentRedactor r, int maxLength) {
    return messages(messages, ContentRedactor.Side.OUTPUT, r, maxLength, true);
  }

  /** The system instructions' JSON (an array of parts), or null. */
  public static String systemInstructions(List<Part> parts, ContentRedactor r, int maxLength) {
    if (parts == null || parts.isEmpty()) {
      return null;
    }
    try {
      Budget budget = new Budget(maxLength);
      ArrayNode out = NODES.arrayNode();
      for (int i = 0; i < parts.size() && i < MAX_PARTS; i++) {
        ObjectNode p = part(parts.get(i), ContentRedactor.Side.INPUT, "system", r, budget);
        if (p != null) {
          out.add(p);
        }
      }
      return out.isEmpty() ? null : JSON.writeValueAsString(out);
    } catch (Throwable t) {
      return dropped(t);
    }
  }

  /**
   * A tool call's arguments or result as JSON ({@code jsonText}: {@code value} is JSON text, parsed
   * when it parses), or null when there is nothing or it was dropped.
   */
  public static String value(
      Object value, boolean jsonText, ContentField field, ContentRedactor r, int maxLength) {
    if (value == null) {
      return null;
    }
    try {
      JsonNode n = tree(value, jsonText, field, r, new Budget(maxLength));
      return n == null ? null : JSON.writeValueAsString(n);
    } catch (Throwable t) {
      return dropped(t);
    }
  }

  private static String messages(
      List<Message> messages,
      ContentRedactor.Side side,
      ContentRedactor r,
      int maxLength,
      boolean output) {
    if (messages == null || messages.isEmpty()) {
      return null;
    }
    try {
      Budget budget = new Budget(maxLength);
      int n = messages.size();
      // input: the newest messages are kept (the current question is last); output: the first
      int from = output ? 0 : Math.max(0, n - MAX_MESSAGES);
      int to = output ? Math.min(n, MAX_MESSAGES) : n;
      List<ObjectNode> written = new ArrayList<>(to - from);
      List<Long> weights = new ArrayList<>(to - from);
      for (int i = from; i < to; i++) {
        long before = budget.used;
        Message m = messages.get(i);
        ObjectNode node = message(m, side, r, budget, output);
        if (!m.parts.isEmpty() && node.get("parts").isEmpty()) {
          continue; // every part dropped by the redactor: the message is left out
        }
        written.add(node);
        weights.add(budget.used - before);
      }
      ArrayNode out = NODES.arrayNode();
      long total = 0;
      if (output) {
        for (int i = 0; i < written.size(); i++) {
          total += weights.get(i);
          if (i > 0 && total > budget.total) {
            break;
          }
          out.add(written.get(i));
        }
      } else {
        int first = written.size();
        while (first > 0) {
          long w = weights.get(first - 1);
          if (first < written.size() && total + w > budget.total) {
            break;
          }
          total += w;
          first--;
        }
        for (int i = first; i < written.size(); i++) {
          out.add(written.get(i));
        }
      }
      return out.isEmpty() ? null : JSON.writeValueAsString(out);
    } catch (Throwable t) {
      return dropped(t);
    }
  }

  private static ObjectNode message(
      Message m, ContentRedactor.Side side, ContentRedactor r, Budget budget, boolean output) {
    ObjectNode o = NODES.objectNode();
    o.put("role", m.role);
    ArrayNode parts = o.putArray("parts");
    for (int i = 0; i < m.parts.size() && i < MAX_PARTS; i++) {
      ObjectNode p = part(m.parts.get(i), side, m.role, r, budget);
      if (p != null) {
        parts.add(p);
      }
    }
    if (output) {
      o.put("finish_reason", m.finishReason == null ? "stop" : m.finishReason);
    }
    return o;
  }

  private static ObjectNode part(
      Part p, ContentRedactor.Side side, String role, ContentRedactor r, Budget budget) {
    ObjectNode o = NODES.objectNode();
    o.put("type", p.type);
    switch (p.type) {
      case ContentField.TEXT:
      case ContentField.REASONING:
        {
          String c = clean(field(side, role, p.type, ContentField.CONTENT), p.content, r, budget);
          if (c == null) {
            return null;
          }
          o.put("content", c);
          return o;
        }
      case ContentField.TOOL_CALL:
        {
          if (p.id != null) {
            o.put("id", p.id);
          }
          o.put("name", p.name);
          if (p.value != null) {
            JsonNode args =
                tree(
                    p.value,
                    p.valueIsJsonText,
                    field(side, role, p.type, ContentField.ARGUMENTS),
                    r,
                    budget);
            o.set("arguments", args == null ? NODES.nullNode() : args);
          }
          return o;
        }
      case ContentField.TOOL_CALL_RESPONSE:
        {
          if (p.id != null) {
            o.put("id", p.id);
          }
          JsonNode resp =
              p.value == null
                  ? null
                  : tree(
                      p.value,
                      p.valueIsJsonText,
                      field(side, role, p.type, ContentField.RESPONSE),
                      r,
                      budget);
          o.set("response", resp == null ? NODES.nullNode() : resp);
          return o;
        }
      default:
        return o;
    }
  }

  private static JsonNode tree(
      Object value, boolean jsonText, ContentField field, ContentRedactor r, Budget budget) {
    if (jsonText && value instanceof String) {
      String s = ((String) value).trim();
      if (!s.isEmpty()
          && (s.charAt(0) == '{' || s.charAt(0) == '[')
          && s.length() <= budget.parseLimit()) {
        JsonNode parsed;
        try {
          parsed = JSON.readTree(s);
        } catch (Exception notJson) {
          parsed = null;
        }
        if (parsed != null) {
          return cleanNode(parsed, field, r, budget, 0);
        }
      }
      String c = clean(field, (String) value, r, budget);
      return c == null ? null : NODES.textNode(c);
    }
    return toNode(value, field, r, budget, 0, new IdentityHashMap<>());
  }

  private static JsonNode cleanNode(
      JsonNode n, ContentField field, ContentRedactor r, Budget budget, int depth) {
    if (n.isTextual()) {
      String c = clean(field, n.textValue(), r, budget);
      return c == null ? NODES.nullNode() : NODES.textNode(c);
    }
    if (depth >= MAX_DEPTH && n.isContainerNode()) {
      return NODES.textNode("...");
    }
    if (n.isObject()) {
      ObjectNode o = NODES.objectNode();
      int i = 0;
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        if (i++ >= MAX_ELEMENTS) {
          break;
        }
        o.set(e.getKey(), cleanNode(e.getValue(), field, r, budget, depth + 1));
      }
      return o;
    }
    if (n.isArray()) {
      ArrayNode a = NODES.arrayNode();
      for (int i = 0; i < n.size() && i < MAX_ELEMENTS; i++) {
        a.add(cleanNode(n.get(i), field, r, budget, depth + 1));
      }
      return a;
    }
    return n;
  }

  private static JsonNode toNode(
      Object v,
      ContentField field,
      ContentRedactor r,
      Budget budget,
      int depth,
      IdentityHashMap<Object, Boolean> path) {
    if (v == null) {
      return NODES.nullNode();
    }
    if (v instanceof CharSequence) {
      String c = clean(field, v.toString(), r, budget);
      return c == null ? NODES.nullNode() : NODES.textNode(c);
    }
    if (v instanceof Boolean) {
      return NODES.booleanNode((Boolean) v);
    }
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return NODES.numberNode(((Number) v).longValue());
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      return Double.isFinite(d) ? NODES.numberNode(d) : NODES.textNode(Double.toString(d));
    }
    if (v instanceof BigDecimal) {
      return NODES.numberNode((BigDecimal) v);
    }
    if (v instanceof BigInteger) {
      return NODES.numberNode((BigInteger) v);
    }
    if (v instanceof JsonNode) {
      return cleanNode((JsonNode) v, field, r, budget, depth);
    }
    boolean container = v instanceof Map || v instanceof Collection || v.getClass().isArray();
    if (container && (depth >= MAX_DEPTH || path.containsKey(v))) {
      return NODES.textNode(depth >= MAX_DEPTH ? "..." : "(cycle)");
    }
    if (v instanceof Map) {
      path.put(v, Boolean.TRUE);
      ObjectNode o = NODES.objectNode();
      int i = 0;
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        if (i++ >= MAX_ELEMENTS) {
          break;
        }
        o.set(String.valueOf(e.getKey()), toNode(e.getValue(), field, r, budget, depth + 1, path));
      }
      path.remove(v);
      return o;
    }
    if (v instanceof Collection) {
      path.put(v, Boolean.TRUE);
      ArrayNode a = NODES.arrayNode();
      int i = 0;
      for (Object e : (Collection<?>) v) {
        if (i++ >= MAX_ELEMENTS) {
          break;
        }
        a.add(toNode(e, field, r, budget, depth + 1, path));
      }
      path.remove(v);
      return a;
    }
    if (v.getClass().isArray()) {
      path.put(v, Boolean.TRUE);
      ArrayNode a = NODES.arrayNode();
      int len = Math.min(Array.getLength(v), MAX_ELEMENTS);
      for (int i = 0; i < len; i++) {
        a.add(toNode(Array.get(v, i), field, r, budget, depth + 1, path));
      }
      path.remove(v);
      return a;
    }
    String c = clean(field, String.valueOf(v), r, budget);
    return c == null ? NODES.nullNode() : NODES.textNode(c);
  }

  /** Redacts, then cuts, one value; null when the redactor dropped it. */
  static String clean(ContentField field, String value, ContentRedactor r, Budget budget) {
    if (value == null) {
      return null;
    }
    String v = value;
    if (r != null) {
      try {
        v = r.redact(field, v);
      } catch (Throwable t) {
        Throwables.rethrowIfFatal(t);
        throw new RedactorFailed(r, t);
      }
      if (v == null) {
        return null;
      }
    }
    v = Truncation.cut(v, budget.perField);
    budget.used += v.length();
    return v;
  }

  /** The field of a common place, without allocating; any other place is made on the fly. */
  static ContentField field(ContentRedactor.Side side, String role, String type, String name) {
    int s = side == ContentRedactor.Side.INPUT ? 0 : side == ContentRedactor.Side.OUTPUT ? 1 : -1;
    int ro = indexOf(ROLES, role);
    int k = -1;
    for (int i = 0; i < KINDS.length; i++) {
      if (KINDS[i][0].equals(type) && KINDS[i][1].equals(name)) {
        k = i;
        break;
      }
    }
    if (s < 0 || ro < 0 || k < 0) {
      return ContentField.of(side, role, type, name);
    }
    return FIELDS[s][ro][k];
  }

  private static int indexOf(String[] values, String v) {
    for (int i = 0; i < values.length; i++) {
      if (values[i].equals(v)) {
        return i;
      }
    }
    return -1;
  }

  private static ContentField[][][] fields() {
    ContentRedactor.Side[] sides = {ContentRedactor.Side.INPUT, ContentRedactor.Side.OUTPUT};
    ContentField[][][] f = new ContentField[2][ROLES.length][KINDS.length];
    for (int s = 0; s < 2; s++) {
      for (int ro = 0; ro < ROLES.length; ro++) {
        for (int k = 0; k < KINDS.length; k++) {
          f[s][ro][k] = ContentField.of(sides[s], ROLES[ro], KINDS[k][0], KINDS[k][1]);
        }
      }
    }
    return f;
  }

  private static String dropped(Throwable t) {
    Throwables.rethrowIfFatal(t);
    if (t instanceof RedactorFailed) {
      RedactorFailed f = (RedactorFailed) t;
      warnings.warn(
          "redactor",
          Level.WARNING,
          "ContentRedactor "
              + f.redactor
              + " failed; the content is dropped, never exported unredacted",
          t.getCause());
    } else {
      warnings.warn(
          "content-json",
          Level.WARNING,
          "last9-genai could not write captured content; it is dropped",
          t);
    }
    return null;
  }

  /** How much text one attribute may hold: per field, and in all. */
  static final class Budget {
    final int perField;
    final long total;
    long used;

    Budget(int perField) {
      this.perField = perField;
      this.total = (long) perField * TOTAL_FACTOR;
    }

    /** The longest JSON text parsed into a tree; longer text is kept (cut) as a string. */
    long parseLimit() {
      return Math.min(Integer.MAX_VALUE, total + 1_024);
    }
  }

  private static final class RedactorFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String redactor;

    RedactorFailed(ContentRedactor r, Throwable cause) {
      super(null, cause, false, false);
      this.redactor = r.getClass().getName();
    }
  }
}
