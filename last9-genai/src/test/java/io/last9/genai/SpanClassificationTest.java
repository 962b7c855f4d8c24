/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import static io.last9.genai.GenAiAttributes.L9_SPAN_KIND;
import static io.last9.genai.GenAiAttributes.OPERATION_NAME;
import static io.last9.genai.GenAiAttributes.WORKFLOW_LLM_CALLS;
import static io.last9.genai.GenAiAttributes.WORKFLOW_TOOL_CALLS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.metrics.data.PointData;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * GenAI spans made by other instrumentations get {@code gen_ai.l9.span.kind} when they end, from
 * what they wrote by then: the semantic conventions' operation names and Spring AI's own (its 1.1
 * tool span says only {@code framework} and {@code spring.ai.kind=tool_call}).
 */
class SpanClassificationTest {

  static final AttributeKey<String> SPRING_AI_KIND = AttributeKey.stringKey("spring.ai.kind");

  @RegisterExtension
  final Last9TelemetryExtension otel =
      Last9TelemetryExtension.builder()
          .pricing(Map.of("text-embedding-3-small", ModelPricing.of(0.02, 0.0)))
          .build();

  /** A span that says what it is only when it ends, as Micrometer writes Spring AI's. */
  private void endWith(String name, Attributes attributes) {
    Span span = otel.tracer().spanBuilder("").startSpan();
    span.updateName(name);
    span.setAllAttributes(attributes);
    span.end();
  }

  private String kindOf(String name) {
    return otel.span(name).getAttributes().get(L9_SPAN_KIND);
  }

  @Test
  void theOperationNameGivesTheKind() {
    endWith("chat gpt-4o", Attributes.of(OPERATION_NAME, "chat"));
    endWith("generate_content gemini", Attributes.of(OPERATION_NAME, "generate_content"));
    endWith("embeddings ada", Attributes.of(OPERATION_NAME, "embeddings"));
    endWith("execute_tool search", Attributes.of(OPERATION_NAME, "execute_tool"));
    endWith("invoke_agent planner", Attributes.of(OPERATION_NAME, "invoke_agent"));
    endWith("GET /", Attributes.empty());
    endWith("other op", Attributes.of(OPERATION_NAME, "rerank"));

    assertThat(kindOf("chat gpt-4o")).isEqualTo("llm");
    assertThat(kindOf("generate_content gemini")).isEqualTo("llm");
    assertThat(kindOf("embeddings ada")).isEqualTo("embedding");
    assertThat(kindOf("execute_tool search")).isEqualTo("tool");
    assertThat(kindOf("invoke_agent planner")).isEqualTo("agent");
    assertThat(kindOf("GET /")).isNull();
    assertThat(kindOf("other op")).isNull();
  }

  @Test
  void springAisSpansAreClassifiedInBothOfItsSpellings() {
    // Spring AI 1.1
    endWith(
        "tool_call currentWeather",
        Attributes.of(OPERATION_NAME, "framework", SPRING_AI_KIND, "tool_call"));
    // Spring AI 2.0
    endWith(
        "execute_tool currentWeather",
        Attributes.of(OPERATION_NAME, "execute_tool", SPRING_AI_KIND, "tool_call"));
    endWith(
        "embedding text-embedding-3-small",
        Attributes.of(OPERATION_NAME, "embedding", SPRING_AI_KIND, "embedding"));
    endWith(
        "simple_logger_advisor",
        Attributes.of(OPERATION_NAME, "framework", SPRING_AI_KIND, "advisor"));
    endWith(
        "spring_ai chat_client",
        Attributes.of(OPERATION_NAME, "framework", SPRING_AI_KIND, "chat_client"));
    endWith(
        "vector_store query",
        Attributes.of(OPERATION_NAME, "framework", SPRING_AI_KIND, "vector_store"));
    endWith(
        "some new framework span",
        Attributes.of(OPERATION_NAME, "framework", SPRING_AI_KIND, "something_new"));

    assertThat(kindOf("tool_call currentWeather")).isEqualTo("tool");
    assertThat(kindOf("execute_tool currentWeather")).isEqualTo("tool");
    assertThat(kindOf("embedding text-embedding-3-small")).isEqualTo("embedding");
    assertThat(kindOf("simple_logger_advisor")).isEqualTo("chain");
    assertThat(kindOf("spring_ai chat_client")).isEqualTo("chain");
    assertThat(kindOf("vector_store query")).isEqualTo("retriever");
    assertThat(kindOf("some new framework span")).isNull();
  }

  @Test
  void aKindTheSpanAlreadyHasIsKept() {
    endWith("my agent step", Attributes.of(OPERATION_NAME, "chat", L9_SPAN_KIND, "agent"));
    assertThat(kindOf("my agent step")).isEqualTo("agent");
  }

  @Test
  void aWorkflowCountsSpringAiOneOnesToolSpansAsToolCalls() {
    try (WorkflowContext w =
        WorkflowContext.builder("wf").type("tools").openTelemetry(otel.openTelemetry()).start()) {
      endWith(
          "tool_call currentWeather",
          Attributes.of(OPERATION_NAME, "framework", SPRING_AI_KIND, "tool_call"));
      endWith(
          "simple_logger_advisor",
          Attributes.of(OPERATION_NAME, "framework", SPRING_AI_KIND, "advisor"));
    }
    Attributes totals = otel.span("invoke_workflow tools").getAttributes();
    assertThat(totals.get(WORKFLOW_TOOL_CALLS)).isEqualTo(1L);
    assertThat(totals.get(WORKFLOW_LLM_CALLS)).isEqualTo(0L);
  }

  @Test
  void springAisEmbeddingSpanIsPricedAndItsCostMetricSaysEmbedding() {
    endWith(
        "embedding text-embedding-3-small",
        Attributes.builder()
            .put(OPERATION_NAME, "embedding")
            .put(GenAiAttributes.REQUEST_MODEL, "text-embedding-3-small")
            // Micrometer writes every value as a string
            .put("gen_ai.usage.input_tokens", "1250")
            .build());
    assertThat(
            otel.span("embedding text-embedding-3-small")
                .getAttributes()
                .get(GenAiAttributes.USAGE_COST_USD))
        .isCloseTo(1250 * 0.02 / 1_000_000, within(1e-15));
    assertThat(otel.metric("gen_ai.client.cost").getDoubleSumData().getPoints())
        .singleElement()
        .extracting(PointData::getAttributes)
        .satisfies(a -> assertThat(a.get(L9_SPAN_KIND)).isEqualTo("embedding"));
  }
}
