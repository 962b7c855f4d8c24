/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.content.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.GenAiAttributes;
import io.last9.genai.testing.GenAiContentSchema;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.api.common.KeyValue;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The instrumentations' per-message events (the bodies openai-java's instrumentation emits) become
 * the conventions' messages, tool calls and tool results as parts, on the span they belong to.
 */
class LogEventContentTest {

  @RegisterExtension final Last9TelemetryExtension otel = Last9TelemetryExtension.create();

  private static Value<?> toolCall(String id, String name, String arguments) {
    return Value.of(
        KeyValue.of("id", Value.of(id)),
        KeyValue.of("type", Value.of("function")),
        KeyValue.of(
            "function",
            Value.of(
                KeyValue.of("name", Value.of(name)),
                KeyValue.of("arguments", Value.of(arguments)))));
  }

  @Test
  void aToolLoopBecomesMessagesWithToolParts() {
    LogEventContent content = new LogEventContent(10_000, 10, null);
    Span span = otel.tracer().spanBuilder("chat gpt-4o").startSpan();
    content.add(
        span.getSpanContext(),
        "gen_ai.system.message",
        Value.of(KeyValue.of("content", Value.of("Be brief."))));
    content.add(
        span.getSpanContext(),
        "gen_ai.user.message",
        Value.of(KeyValue.of("content", Value.of("Weather in Paris?"))));
    content.add(
        span.getSpanContext(),
        "gen_ai.assistant.message",
        Value.of(
            KeyValue.of(
                "tool_calls",
                Value.of(toolCall("call_1", "get_weather", "{\"city\":\"Paris\"}")))));
    content.add(
        span.getSpanContext(),
        "gen_ai.tool.message",
        Value.of(
            KeyValue.of("content", Value.of("{\"temp\":18}")),
            KeyValue.of("id", Value.of("call_1"))));
    content.add(
        span.getSpanContext(),
        "gen_ai.choice",
        Value.of(
            KeyValue.of("index", Value.of(0L)),
            KeyValue.of("finish_reason", Value.of("tool_calls")),
            KeyValue.of(
                "message",
                Value.of(
                    KeyValue.of(
                        "tool_calls",
                        Value.of(toolCall("call_2", "get_weather", "{\"city\":\"Oslo\"}")))))));
    assertThat(content.pendingSpans()).isEqualTo(1);
    content.flush(span);
    span.end();
    assertThat(content.pendingSpans()).isZero();

    SpanData s = otel.span("chat gpt-4o");
    assertThat(GenAiContentSchema.assertValid(s)).isEqualTo(2);
    String in = s.getAttributes().get(GenAiAttributes.INPUT_MESSAGES);
    assertThat(GenAiContentSchema.roles(in)).containsExactly("system", "user", "assistant", "tool");
    assertThat(in)
        .contains(
            "{\"type\":\"tool_call\",\"id\":\"call_1\",\"name\":\"get_weather\","
                + "\"arguments\":{\"city\":\"Paris\"}}")
        .contains("{\"type\":\"tool_call_response\",\"id\":\"call_1\",\"response\":{\"temp\":18}}");
    assertThat(s.getAttributes().get(GenAiAttributes.OUTPUT_MESSAGES))
        .isEqualTo(
            "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\",\"id\":\"call_2\","
                + "\"name\":\"get_weather\",\"arguments\":{\"city\":\"Oslo\"}}],"
                + "\"finish_reason\":\"tool_calls\"}]");
  }

  /** What an instrumentation whose own capture is off sends: roles, a finish reason, no content. */
  /**
   * The AWS SDK's Bedrock instrumentation writes a choice's content beside its index and finish
   * reason, with no {@code message} around it.
   */
  @Test
  void aChoiceWithItsContentAtTheTopIsTheOutput() {
    LogEventContent content = new LogEventContent(10_000, 10, null);
    Span span = otel.tracer().spanBuilder("chat bedrock").startSpan();
    content.add(
        span.getSpanContext(),
        "gen_ai.user.message",
        Value.of(KeyValue.of("content", Value.of("What is a turn?"))));
    content.add(
        span.getSpanContext(),
        "gen_ai.choice",
        Value.of(
            KeyValue.of("finish_reason", Value.of("end_turn")),
            KeyValue.of("index", Value.of(0L)),
            KeyValue.of("content", Value.of("A turn is one exchange."))));
    content.flush(span);
    span.end();

    String out = otel.span("chat bedrock").getAttributes().get(GenAiAttributes.OUTPUT_MESSAGES);
    GenAiContentSchema.assertOutputMessages(out);
    assertThat(GenAiContentSchema.texts(out)).containsExactly("A turn is one exchange.");
    assertThat(out).contains("\"finish_reason\":\"end_turn\"");
  }

  @Test
  void eventsWithoutTheirContentWriteNoMessages() {
    LogEventContent content = new LogEventContent(10_000, 10, null);
    Span span = otel.tracer().spanBuilder("chat gpt-4o").startSpan();
    content.add(span.getSpanContext(), "gen_ai.user.message", Value.of(List.of()));
    content.add(
        span.getSpanContext(),
        "gen_ai.choice",
        Value.of(
            KeyValue.of("index", Value.of(0L)),
            KeyValue.of("finish_reason", Value.of("stop")),
            KeyValue.of("message", Value.of(List.of()))));
    content.flush(span);
    span.end();
    assertThat(otel.span("chat gpt-4o").getAttributes().get(GenAiAttributes.INPUT_MESSAGES))
        .isNull();
    assertThat(otel.span("chat gpt-4o").getAttributes().get(GenAiAttributes.OUTPUT_MESSAGES))
        .isNull();
  }

  @Test
  void atMostMaxSpansHoldMessagesAndOtherEventsAreIgnored() {
    LogEventContent content = new LogEventContent(10_000, 2, null);
    for (int i = 0; i < 5; i++) {
      Span span = otel.tracer().spanBuilder("chat " + i).startSpan();
      content.add(
          span.getSpanContext(),
          "gen_ai.user.message",
          Value.of(KeyValue.of("content", Value.of("hi"))));
      content.add(span.getSpanContext(), "gen_ai.evaluation.result", Value.of("ignored"));
      span.end();
    }
    assertThat(content.pendingSpans()).isEqualTo(2);
  }
}
