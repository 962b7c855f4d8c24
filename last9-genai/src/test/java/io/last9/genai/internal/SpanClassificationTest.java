/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

import static io.last9.genai.GenAiAttributes.L9_SPAN_KIND;
import static io.last9.genai.GenAiAttributes.OPERATION_NAME;
import static io.last9.genai.GenAiAttributes.WORKFLOW_LLM_CALLS;
import static io.last9.genai.GenAiAttributes.WORKFLOW_TOOL_CALLS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.last9.genai.GenAiAttributes;
import io.last9.genai.WorkflowContext;
import io.last9.genai.pricing.ModelPricing;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
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

  /**
   * The kind of a span that ended with this operation name and Spring AI kind (either may be null).
   */
  private String kindOnEnd(String operation, String springAiKind) {
    Span span = otel.tracer().spanBuilder("").startSpan();
    span.updateName("span " + otel.spans().size());
    if (operation != null) {
      span.setAttribute(OPERATION_NAME, operation);
    }
    if (springAiKind != null) {
      span.setAttribute(SPRING_AI_KIND, springAiKind);
    }
    span.end();
    List<SpanData> spans = otel.spans();
    return spans.get(spans.size() - 1).getAttributes().get(L9_SPAN_KIND);
  }

  @Test
  void theOperationNameGivesTheKind() {
    assertThat(kindOnEnd("chat", null)).isEqualTo("llm");
    assertThat(kindOnEnd("text_completion", null)).isEqualTo("llm");
    assertThat(kindOnEnd("generate_content", null)).isEqualTo("llm");
    assertThat(kindOnEnd("embeddings", null)).isEqualTo("embedding");
    assertThat(kindOnEnd("execute_tool", null)).isEqualTo("tool");
    assertThat(kindOnEnd("invoke_agent", null)).isEqualTo("agent");
    assertThat(kindOnEnd("invoke_workflow", null)).isEqualTo("workflow");
    assertThat(kindOnEnd(null, null)).isNull();
    assertThat(kindOnEnd("rerank", null)).isNull();
  }

  @Test
  void springAisSpansAreClassifiedInBothOfItsSpellings() {
    // the tool span: Spring AI 1.1, then 2.0
    assertThat(kindOnEnd("framework", "tool_call")).isEqualTo("tool");
    assertThat(kindOnEnd("execute_tool", "tool_call")).isEqualTo("tool");
    assertThat(kindOnEnd("embedding", null)).isEqualTo("embedding");
    assertThat(kindOnEnd("framework", "advisor")).isEqualTo("chain");
    assertThat(kindOnEnd("framework", "chat_client")).isEqualTo("chain");
    assertThat(kindOnEnd("framework", "vector_store")).isEqualTo("retriever");
    assertThat(kindOnEnd("framework", "something_new")).isNull();
    assertThat(kindOnEnd("framework", null)).isNull();
    // Spring AI's kind counts only on its framework spans
    assertThat(kindOnEnd(null, "tool_call")).isNull();
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
