/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.content.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.content.ContentField;
import io.last9.genai.content.ContentRedactor;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import java.util.Map;

/**
 * What the processor does to a span's captured content when the span ends, as its set-up says:
 * applies the set-up's redaction rules to every text of the content attributes ({@code
 * gen_ai.input.messages}, {@code gen_ai.output.messages}, {@code gen_ai.system_instructions},
 * {@code gen_ai.tool.call.arguments}, {@code gen_ai.tool.call.result}), whoever wrote them, each
 * value with its {@link ContentField}; then, with the legacy-keys setting, adds the keys the
 * conventions removed, derived from those attributes: {@code gen_ai.prompt} and {@code
 * gen_ai.completion}, as attributes and as the events {@code gen_ai.content.prompt} and {@code
 * gen_ai.content.completion}.
 *
 * <p>A legacy value is the text of a side that is one message of one text part (or a tool span's
 * arguments or result), else a JSON array of {@code {"role", "content"}} messages (the text parts
 * joined; tool calls under {@code tool_calls}, finish reasons under {@code finish_reason}), the
 * system instructions first as a {@code system} message.
 *
 * <p>A span without content attributes costs five attribute lookups. Internal, not for public use;
 * it may change at any time.
 */
public final class EndingContent {

  private final ContentRedactor rules;
  private final boolean legacyKeys;

  private EndingContent(ContentRedactor rules, boolean legacyKeys) {
    this.rules = rules;
    this.legacyKeys = legacyKeys;
  }

  /**
   * What to do at a span's end. Only for rules or legacy keys: the processor decides that before,
   * so that with neither this class is never loaded.
   */
  public static EndingContent of(ContentRedactor rules, boolean legacyKeys) {
    return new EndingContent(rules, legacyKeys);
  }

  /** Rewrites and completes {@code span}'s content (it can still be written). */
  public void apply(ReadWriteSpan span) {
    if (rules != null) {
      redactMessages(span, GenAiAttributes.INPUT_MESSAGES, ContentRedactor.Side.INPUT);
      redactMessages(span, GenAiAttributes.OUTPUT_MESSAGES, ContentRedactor.Side.OUTPUT);
      redactParts(span, GenAiAttributes.SYSTEM_INSTRUCTIONS);
      redactValue(span, GenAiAttributes.TOOL_CALL_ARGUMENTS, ContentField.TOOL_ARGUMENTS);
      redactValue(span, GenAiAttributes.TOOL_CALL_RESULT, ContentField.TOOL_RESULT);
    }
    if (legacyKeys) {
      writeLegacy(span);
    }
  }

  // --- redaction

  private void redactMessages(
      ReadWriteSpan span, AttributeKey<String> key, ContentRedactor.Side side) {
    String v = span.getAttribute(key);
    if (v == null) {
      return;
    }
    JsonNode tree = parse(v);
    if (!(tree instanceof ArrayNode)) {
      redactRaw(span, key, v, ContentField.of(side, null, null, key.getKey()));
      return;
    }
    boolean changed = false;
    for (JsonNode m : tree) {
      if (m instanceof ObjectNode) {
        String role = m.path("role").asText(null);
        JsonNode parts = m.get("parts");
        if (parts instanceof ArrayNode) {
          changed |= redactPartList((ArrayNode) parts, side, role);
        }
      }
    }
    if (changed) {
      span.setAttribute(key, tree.toString());
    }
  }

  private void redactParts(ReadWriteSpan span, AttributeKey<String> key) {
    String v = span.getAttribute(key);
    if (v == null) {
      return;
    }
    JsonNode tree = parse(v);
    if (!(tree instanceof ArrayNode)) {
      redactRaw(
          span, key, v, ContentField.of(ContentRedactor.Side.INPUT, "system", null, key.getKey()));
      return;
    }
    if (redactPartList((ArrayNode) tree, ContentRedactor.Side.INPUT, "system")) {
      span.setAttribute(key, tree.toString());
    }
  }

  private boolean redactPartList(ArrayNode parts, ContentRedactor.Side side, String role) {
    boolean changed = false;
    for (JsonNode p : parts) {
      if (!(p instanceof ObjectNode)) {
        continue;
      }
      ObjectNode part = (ObjectNode) p;
      String type = part.path("type").asText(null);
      for (Map.Entry<String, JsonNode> f : part.properties()) {
        String name = f.getKey();
        if (name.equals("type") || name.equals("id") || name.equals("name")) {
          continue;
        }
        ContentField field = ContentJson.field(side, role, type, name);
        boolean[] c = {false};
        JsonNode replaced = redactNode(f.getValue(), field, c);
        if (replaced != f.getValue()) {
          f.setValue(replaced);
        }
        changed |= c[0];
      }
    }
    return changed;
  }

  private void redactValue(ReadWriteSpan span, AttributeKey<String> key, ContentField field) {
    String v = span.getAttribute(key);
    if (v == null) {
      return;
    }
    JsonNode tree = parse(v);
    if (tree == null) {
      redactRaw(span, key, v, field);
      return;
    }
    boolean[] changed = {false};
    JsonNode replaced = redactNode(tree, field, changed);
    if (changed[0]) {
      span.setAttribute(key, replaced.toString());
    }
  }

  /**
   * {@code n} with its strings redacted (containers in place); the same instance when nothing
   * changed, a new text node for a changed string, {@code n} itself with {@code changed[0]} set for
   * a changed container.
   */
  private JsonNode redactNode(JsonNode n, ContentField field, boolean[] changed) {
    if (n.isTextual()) {
      String r = rules.redact(field, n.textValue());
      if (r != null && r.equals(n.textValue())) {
        return n;
      }
      changed[0] = true;
      return new TextNode(r == null ? "" : r);
    }
    if (n instanceof ObjectNode) {
      for (Map.Entry<String, JsonNode> e : n.properties()) {
        JsonNode r = redactNode(e.getValue(), field, changed);
        if (r != e.getValue()) {
          e.setValue(r);
        }
      }
    } else if (n instanceof ArrayNode) {
      ArrayNode a = (ArrayNode) n;
      for (int i = 0; i < a.size(); i++) {
        JsonNode r = redactNode(a.get(i), field, changed);
        if (r != a.get(i)) {
          a.set(i, r);
        }
      }
    }
    return n;
  }

  private void redactRaw(ReadWriteSpan span, AttributeKey<String> key, String v, ContentField f) {
    String r = rules.redact(f, v);
    if (r == null) {
      span.setAttribute(key, "");
    } else if (!r.equals(v)) {
      span.setAttribute(key, r);
    }
  }

  // --- legacy keys

  private static void writeLegacy(ReadWriteSpan span) {
    if (span.getAttribute(GenAiAttributes.PROMPT) == null) {
      String prompt =
          legacy(
              span.getAttribute(GenAiAttributes.SYSTEM_INSTRUCTIONS),
              span.getAttribute(GenAiAttributes.INPUT_MESSAGES),
              span.getAttribute(GenAiAttributes.TOOL_CALL_ARGUMENTS));
      if (prompt != null) {
        span.setAttribute(GenAiAttributes.PROMPT, prompt);
        span.addEvent(GenAiAttributes.EVENT_PROMPT, Attributes.of(GenAiAttributes.PROMPT, prompt));
      }
    }
    if (span.getAttribute(GenAiAttributes.COMPLETION) == null) {
      String completion =
          legacy(
              null,
              span.getAttribute(GenAiAttributes.OUTPUT_MESSAGES),
              span.getAttribute(GenAiAttributes.TOOL_CALL_RESULT));
      if (completion != null) {
        span.setAttribute(GenAiAttributes.COMPLETION, completion);
        span.addEvent(
            GenAiAttributes.EVENT_COMPLETION,
            Attributes.of(GenAiAttributes.COMPLETION, completion));
      }
    }
  }

  private static String legacy(String system, String messages, String toolValue) {
    if (messages == null && system == null) {
      if (toolValue == null) {
        return null;
      }
      JsonNode v = parse(toolValue);
      return v != null && v.isTextual() ? v.textValue() : toolValue;
    }
    ArrayNode out = Json.MAPPER.createArrayNode();
    JsonNode sys = system == null ? null : parse(system);
    if (sys instanceof ArrayNode && sys.size() > 0) {
      ObjectNode s = out.addObject();
      s.put("role", "system");
      s.put("content", text((ArrayNode) sys));
    }
    JsonNode tree = messages == null ? null : parse(messages);
    if (messages != null && !(tree instanceof ArrayNode)) {
      return messages;
    }
    if (tree != null) {
      for (JsonNode m : tree) {
        out.add(legacyMessage(m));
      }
    }
    if (out.size() == 1
        && sys == null
        && !out.get(0).has("tool_calls")
        && !out.get(0).has("tool_call_id")) {
      JsonNode only = tree.get(0).path("parts");
      if (only.size() == 1 && "text".equals(only.get(0).path("type").asText())) {
        return out.get(0).get("content").asText();
      }
    }
    return out.toString();
  }

  private static ObjectNode legacyMessage(JsonNode m) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("role", m.path("role").asText("user"));
    JsonNode parts = m.path("parts");
    StringBuilder text = new StringBuilder();
    ArrayNode calls = null;
    for (JsonNode p : parts) {
      String type = p.path("type").asText();
      if (type.equals(ContentField.TEXT)) {
        if (text.length() > 0) {
          text.append('\n');
        }
        text.append(p.path("content").asText());
      } else if (type.equals(ContentField.TOOL_CALL)) {
        if (calls == null) {
          calls = Json.MAPPER.createArrayNode();
        }
        ObjectNode c = calls.addObject();
        if (p.has("id")) {
          c.set("id", p.get("id"));
        }
        c.put("type", "function");
        ObjectNode fn = c.putObject("function");
        fn.set("name", p.path("name"));
        JsonNode args = p.get("arguments");
        fn.put(
            "arguments", args == null ? "" : args.isTextual() ? args.textValue() : args.toString());
      } else if (type.equals(ContentField.TOOL_CALL_RESPONSE)) {
        if (p.has("id")) {
          o.set("tool_call_id", p.get("id"));
        }
        JsonNode r = p.path("response");
        text.append(r.isTextual() ? r.textValue() : r.toString());
      }
    }
    o.put("content", text.toString());
    if (calls != null) {
      o.set("tool_calls", calls);
    }
    if (m.has("finish_reason")) {
      o.set("finish_reason", m.get("finish_reason"));
    }
    return o;
  }

  private static String text(ArrayNode parts) {
    StringBuilder sb = new StringBuilder();
    for (JsonNode p : parts) {
      if (p.has("content")) {
        if (sb.length() > 0) {
          sb.append('\n');
        }
        sb.append(p.get("content").asText());
      }
    }
    return sb.toString();
  }

  private static JsonNode parse(String v) {
    try {
      return Json.MAPPER.readTree(v);
    } catch (Exception notJson) {
      return null;
    }
  }

  /**
   * The JSON mapper, made when content is first rewritten: a processor with neither redaction nor
   * legacy keys never loads Jackson.
   */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }
}
