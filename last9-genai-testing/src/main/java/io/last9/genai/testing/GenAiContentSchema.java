/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one check every integration's tests apply to captured content: {@code gen_ai.input.messages},
 * {@code gen_ai.output.messages} and {@code gen_ai.system_instructions} must be valid against the
 * OpenTelemetry GenAI semantic conventions' message schemas, here written from the conventions'
 * documentation (JSON Schema 2020-12, under {@code io/last9/genai/testing/schema/}) and checked
 * with networknt's validator. The schemas are stricter than a bare {@code type} check: a part of a
 * type the conventions define must carry that type's fields (a {@code text} part its {@code
 * content}, a {@code tool_call} its {@code name}, ...), and every output message its {@code
 * finish_reason}.
 *
 * <pre>{@code
 * SpanData chat = otel.span("chat gpt-4o");
 * GenAiContentSchema.assertValid(chat);                       // every content attribute it has
 * assertThat(GenAiContentSchema.texts(chat, GenAiContentSchema.INPUT_MESSAGES)).containsExactly("Hi");
 * }</pre>
 */
public final class GenAiContentSchema {

  /** {@code gen_ai.input.messages}. */
  public static final AttributeKey<String> INPUT_MESSAGES =
      AttributeKey.stringKey("gen_ai.input.messages");

  /** {@code gen_ai.output.messages}. */
  public static final AttributeKey<String> OUTPUT_MESSAGES =
      AttributeKey.stringKey("gen_ai.output.messages");

  /** {@code gen_ai.system_instructions}. */
  public static final AttributeKey<String> SYSTEM_INSTRUCTIONS =
      AttributeKey.stringKey("gen_ai.system_instructions");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SchemaRegistry REGISTRY =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
  private static final Schema INPUT = load("gen-ai-input-messages.json");
  private static final Schema OUTPUT = load("gen-ai-output-messages.json");
  private static final Schema SYSTEM = load("gen-ai-system-instructions.json");

  private GenAiContentSchema() {}

  /** Fails unless {@code json} is valid input messages. */
  public static void assertInputMessages(String json) {
    check(INPUT, INPUT_MESSAGES.getKey(), json);
  }

  /** Fails unless {@code json} is valid output messages. */
  public static void assertOutputMessages(String json) {
    check(OUTPUT, OUTPUT_MESSAGES.getKey(), json);
  }

  /** Fails unless {@code json} is valid system instructions. */
  public static void assertSystemInstructions(String json) {
    check(SYSTEM, SYSTEM_INSTRUCTIONS.getKey(), json);
  }

  /**
   * Checks every content attribute {@code span} has; returns how many it had, so a test can also
   * require content to be there.
   */
  public static int assertValid(SpanData span) {
    int n = 0;
    String in = span.getAttributes().get(INPUT_MESSAGES);
    if (in != null) {
      assertInputMessages(in);
      n++;
    }
    String out = span.getAttributes().get(OUTPUT_MESSAGES);
    if (out != null) {
      assertOutputMessages(out);
      n++;
    }
    String sys = span.getAttributes().get(SYSTEM_INSTRUCTIONS);
    if (sys != null) {
      assertSystemInstructions(sys);
      n++;
    }
    return n;
  }

  /** The contents of the text parts of {@code span}'s {@code key}, in order (none without it). */
  public static List<String> texts(SpanData span, AttributeKey<String> key) {
    String json = span.getAttributes().get(key);
    return json == null ? List.of() : texts(json);
  }

  /**
   * The contents of the text parts in {@code json}: a list of messages (each with parts) or a list
   * of parts.
   */
  public static List<String> texts(String json) {
    List<String> out = new ArrayList<>();
    for (JsonNode item : tree(json)) {
      JsonNode parts = item.has("parts") ? item.get("parts") : null;
      if (parts == null) {
        addText(out, item);
      } else {
        for (JsonNode p : parts) {
          addText(out, p);
        }
      }
    }
    return out;
  }

  /** The roles of the messages in {@code json}, in order. */
  public static List<String> roles(String json) {
    List<String> out = new ArrayList<>();
    for (JsonNode m : tree(json)) {
      out.add(m.path("role").asText(null));
    }
    return out;
  }

  /** {@code json} parsed. */
  public static JsonNode tree(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  private static void addText(List<String> out, JsonNode part) {
    if ("text".equals(part.path("type").asText())) {
      out.add(part.path("content").asText());
    }
  }

  private static void check(Schema schema, String key, String json) {
    if (json == null) {
      throw new AssertionError(key + " is missing");
    }
    List<Error> errors = schema.validate(tree(json));
    if (!errors.isEmpty()) {
      throw new AssertionError(
          key
              + " does not follow the conventions' schema: "
              + errors.stream().map(Error::toString).collect(Collectors.joining("; "))
              + "\n"
              + json);
    }
  }

  private static Schema load(String name) {
    try (InputStream in =
        GenAiContentSchema.class.getResourceAsStream("/io/last9/genai/testing/schema/" + name)) {
      if (in == null) {
        throw new IllegalStateException("schema " + name + " is not on the class path");
      }
      return REGISTRY.getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
