/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.content;

import static io.last9.genai.GenAiAttributes.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.observe.GenAiObservation;
import io.last9.genai.observe.GenAiObservationBuilder;
import io.last9.genai.testing.GenAiContentSchema;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The observe wrapper's content in the conventions' keys: message-shaped inputs and outputs become
 * messages, anything else one text part; tool spans carry the {@code gen_ai.tool.*} keys; the
 * redactor sees each field's place; the cap cuts each field; capture off writes nothing.
 */
class ContentMessagesTest {

  @RegisterExtension final Last9TelemetryExtension otel = Last9TelemetryExtension.create();

  private GenAiObservationBuilder llm(String name) {
    return GenAiObservation.llm(name).openTelemetry(otel.openTelemetry());
  }

  record ChatTurn(String role, String content) {}

  @Test
  void aListOfRoleAndContentMapsIsTheChatHistory() {
    List<Map<String, Object>> history =
        List.of(
            Map.of("role", "system", "content", "Be brief."),
            Map.of("role", "user", "content", "Hi"),
            Map.of("role", "assistant", "content", "Hello!"),
            Map.of("role", "user", "content", "Weather?"));
    llm("history").input(history).get(() -> Map.of("role", "assistant", "content", "Sunny."));
    SpanData span = otel.span("history");
    assertThat(GenAiContentSchema.assertValid(span)).isEqualTo(2);
    String in = span.getAttributes().get(INPUT_MESSAGES);
    assertThat(GenAiContentSchema.roles(in)).containsExactly("system", "user", "assistant", "user");
    assertThat(GenAiContentSchema.texts(in))
        .containsExactly("Be brief.", "Hi", "Hello!", "Weather?");
    assertThat(GenAiContentSchema.texts(span, OUTPUT_MESSAGES)).containsExactly("Sunny.");
  }

  @Test
  void recordsWithRoleAndContentAreMessagesAndToolCallsAreParts() {
    Map<String, Object> call = new LinkedHashMap<>();
    call.put("id", "call_1");
    call.put("function", Map.of("name", "get_weather", "arguments", "{\"city\":\"Paris\"}"));
    Map<String, Object> assistant = new LinkedHashMap<>();
    assistant.put("role", "assistant");
    assistant.put("content", null);
    assistant.put("tool_calls", List.of(call));
    List<Object> input =
        List.of(
            new ChatTurn("user", "Weather in Paris?"),
            assistant,
            Map.of("role", "tool", "tool_call_id", "call_1", "content", "{\"temp\":18}"));
    llm("records").input(input).get(() -> "18 degrees");
    SpanData span = otel.span("records");
    GenAiContentSchema.assertValid(span);
    String in = span.getAttributes().get(INPUT_MESSAGES);
    assertThat(GenAiContentSchema.roles(in)).containsExactly("user", "assistant", "tool");
    assertThat(in)
        .contains(
            "{\"type\":\"tool_call\",\"id\":\"call_1\",\"name\":\"get_weather\","
                + "\"arguments\":{\"city\":\"Paris\"}}")
        .contains("{\"type\":\"tool_call_response\",\"id\":\"call_1\",\"response\":{\"temp\":18}}");
  }

  @Test
  void otherValuesAreOneTextPartOfTheirJson() {
    llm("other").input(Map.of("query", "rag")).get(() -> List.of(1, 2));
    SpanData span = otel.span("other");
    GenAiContentSchema.assertValid(span);
    assertThat(GenAiContentSchema.texts(span, INPUT_MESSAGES))
        .containsExactly("{\"query\":\"rag\"}");
    assertThat(GenAiContentSchema.texts(span, OUTPUT_MESSAGES)).containsExactly("[1,2]");
  }

  @Test
  void toolSpansCarryTheToolKeys() {
    GenAiObservation.tool("get_weather")
        .openTelemetry(otel.openTelemetry())
        .toolCallId("call_42")
        .input(Map.of("city", "Paris"))
        .get(() -> Map.of("temp", 18));
    SpanData span = otel.span("get_weather");
    assertThat(span.getAttributes().get(TOOL_NAME)).isEqualTo("get_weather");
    assertThat(span.getAttributes().get(TOOL_CALL_ID)).isEqualTo("call_42");
    assertThat(span.getAttributes().get(OPERATION_NAME)).isEqualTo("execute_tool");
    assertThat(span.getAttributes().get(TOOL_CALL_ARGUMENTS)).isEqualTo("{\"city\":\"Paris\"}");
    assertThat(span.getAttributes().get(TOOL_CALL_RESULT)).isEqualTo("{\"temp\":18}");
    assertThat(span.getAttributes().get(INPUT_MESSAGES)).isNull();
    assertThat(span.getAttributes().get(OUTPUT_MESSAGES)).isNull();
  }

  @Test
  void toolArgumentsAndResultOnlyWithCaptureOn() {
    GenAiObservation.tool("lookup")
        .openTelemetry(otel.openTelemetry())
        .captureInput(false)
        .captureOutput(false)
        .input("secret")
        .get(() -> "result");
    SpanData span = otel.span("lookup");
    assertThat(span.getAttributes().get(TOOL_NAME)).isEqualTo("lookup");
    assertThat(span.getAttributes().get(TOOL_CALL_ARGUMENTS)).isNull();
    assertThat(span.getAttributes().get(TOOL_CALL_RESULT)).isNull();
  }

  @Test
  void captureOffWritesNoContentAtAll() {
    llm("off")
        .captureInput(false)
        .captureOutput(false)
        .input(List.of(Map.of("role", "user", "content", "private")))
        .get(() -> "answer");
    SpanData span = otel.span("off");
    assertThat(GenAiContentSchema.assertValid(span)).isZero();
    assertThat(span.getAttributes().asMap().toString()).doesNotContain("private", "answer");
    assertThat(span.getEvents()).isEmpty();
  }

  @Test
  void theRedactorSeesEachFieldsPlace() {
    List<ContentField> seen = new CopyOnWriteArrayList<>();
    llm("places")
        .redactor(
            (field, value) -> {
              seen.add(field);
              return value.toUpperCase(java.util.Locale.ROOT);
            })
        .input(
            List.of(
                Map.of("role", "system", "content", "rules"),
                Map.of("role", "user", "content", "hi")))
        .get(() -> "hello");
    assertThat(seen)
        .containsExactly(
            ContentField.of(ContentRedactor.Side.INPUT, "system", "text", "content"),
            ContentField.of(ContentRedactor.Side.INPUT, "user", "text", "content"),
            ContentField.of(ContentRedactor.Side.OUTPUT, "assistant", "text", "content"));
    SpanData span = otel.span("places");
    assertThat(GenAiContentSchema.texts(span, INPUT_MESSAGES)).containsExactly("RULES", "HI");
    assertThat(GenAiContentSchema.texts(span, OUTPUT_MESSAGES)).containsExactly("HELLO");
  }

  @Test
  void theRedactorSeesEachStringOfAToolsArgumentsAndTheJsonStaysWhole() {
    List<String> values = new ArrayList<>();
    GenAiObservation.tool("send_mail")
        .openTelemetry(otel.openTelemetry())
        .redactor(
            (field, value) -> {
              assertThat(field).isEqualTo(ContentField.TOOL_ARGUMENTS);
              values.add(value);
              return value.contains("@") ? "\"<email>\"" : value;
            })
        .captureOutput(false)
        .input(Map.of("to", "bob@example.com", "count", 2))
        .run(() -> {});
    assertThat(values).containsExactly("bob@example.com");
    assertThat(
            GenAiContentSchema.tree(otel.span("send_mail").getAttributes().get(TOOL_CALL_ARGUMENTS))
                .path("to")
                .asText())
        .isEqualTo("\"<email>\"");
  }

  @Test
  void theCapCutsEachPartNotTheWholeAttribute() {
    String a = "a".repeat(30);
    String b = "b".repeat(30);
    llm("cut")
        .maxContentLength(10)
        .input(List.of(Map.of("role", "user", "content", a), Map.of("role", "user", "content", b)))
        .get(() -> "ok");
    SpanData span = otel.span("cut");
    GenAiContentSchema.assertValid(span);
    assertThat(GenAiContentSchema.texts(span, INPUT_MESSAGES))
        .containsExactly("a".repeat(10), "b".repeat(10));
  }

  @Test
  void theDefaultCapIsTenThousandCharactersPerPart() {
    llm("default_cut")
        .input(
            List.of(
                Map.of("role", "user", "content", "x".repeat(12_000)),
                Map.of("role", "user", "content", "y".repeat(12_000))))
        .get(() -> "ok");
    assertThat(GenAiContentSchema.texts(otel.span("default_cut"), INPUT_MESSAGES))
        .containsExactly("x".repeat(10_000), "y".repeat(10_000));
  }

  @Test
  @SuppressWarnings("deprecation")
  void aSingleStringRedactorStillWorksThroughItsAdapter() {
    llm("old_form")
        .redactor(
            ContentRedactor.ofText(
                (side, text) -> side == ContentRedactor.Side.INPUT ? "[in]" : text))
        .input("question")
        .get(() -> "answer");
    SpanData span = otel.span("old_form");
    assertThat(GenAiContentSchema.texts(span, INPUT_MESSAGES)).containsExactly("[in]");
    assertThat(GenAiContentSchema.texts(span, OUTPUT_MESSAGES)).containsExactly("answer");
  }
}
