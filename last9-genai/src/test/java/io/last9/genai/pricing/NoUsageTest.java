/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing;

import static io.last9.genai.GenAiAttributes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.last9.genai.FakeLlm;
import io.last9.genai.WorkflowContext;
import io.last9.genai.observe.GenAiObservation;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A model call that reports no token usage (a stream that did not ask for it, a stream closed
 * early) is marked {@code gen_ai.l9.cost.unpriced_reason=no_usage}, never priced at $0, and still
 * counts as a call of its workflow; a failed call, spans that only name a model, and an observed
 * call whose tokens a span inside it carries, are left alone.
 */
class NoUsageTest {

  static final Map<String, ModelPricing> PRICING = Map.of("gpt-4o", ModelPricing.of(2.50, 10.0));

  @RegisterExtension final Last9TelemetryExtension otel = Last9TelemetryExtension.create();

  /**
   * A chat client span as an instrumentation writes it for a stream without usage: an operation, a
   * model and no token count.
   */
  private <T> T chatWithoutUsage(String operation, String model, Supplier<T> body) {
    Span span =
        otel.tracer()
            .spanBuilder(operation + " " + model)
            .setSpanKind(SpanKind.CLIENT)
            .setAttribute(OPERATION_NAME, operation)
            .setAttribute(PROVIDER_NAME, "openai")
            .setAttribute(REQUEST_MODEL, model)
            .startSpan();
    try (Scope ignored = span.makeCurrent()) {
      T result = body.get();
      span.setAttribute(RESPONSE_MODEL, model + "-2024-08-06");
      return result;
    } finally {
      span.end();
    }
  }

  private static void assertMarkedNoUsage(Attributes a) {
    assertThat(a.get(COST_UNPRICED)).as("marked").isTrue();
    assertThat(a.get(COST_UNPRICED_REASON)).isEqualTo("no_usage");
    assertThat(a.get(USAGE_COST_USD)).as("never a made-up $0").isNull();
    assertThat(a.get(USAGE_COST_INPUT_USD)).isNull();
    assertThat(a.get(USAGE_COST_OUTPUT_USD)).isNull();
    assertThat(a.get(COST_PRICE_SOURCE)).isNull();
  }

  @Test
  void anInstrumentedChatSpanWithoutUsageIsMarkedAndCountsInItsWorkflow() {
    try (WorkflowContext w =
        WorkflowContext.builder("wf-stream")
            .type("stream")
            .openTelemetry(otel.openTelemetry())
            .start()) {
      chatWithoutUsage("chat", "gpt-4o", () -> null);
      // bundled catalog gpt-4o-mini 0.15 / 0.60: 1,000 x 0.15 + 500 x 0.60 = 450 -> 0.00045
      FakeLlm.instrumentedChat(otel.tracer(), "gpt-4o-mini", 1_000, 500);
    }

    assertMarkedNoUsage(otel.span("chat gpt-4o").getAttributes());
    Attributes totals = otel.span("invoke_workflow stream").getAttributes();
    assertThat(totals.get(WORKFLOW_LLM_CALLS)).as("both calls count").isEqualTo(2L);
    assertThat(totals.get(WORKFLOW_TOTAL_COST_USD)).isCloseTo(0.00045, within(1e-15));
    assertThat(totals.get(WORKFLOW_INPUT_TOKENS)).isEqualTo(1_000L);
    assertThat(totals.get(COST_UNPRICED)).as("the workflow span itself is not a call").isNull();
  }

  @Test
  void textCompletionAndGenerateContentSpansWithoutUsageAreMarkedToo() {
    chatWithoutUsage("text_completion", "gpt-3.5-turbo-instruct", () -> null);
    chatWithoutUsage("generate_content", "gemini-2.5-flash", () -> null);

    assertMarkedNoUsage(otel.span("text_completion gpt-3.5-turbo-instruct").getAttributes());
    assertMarkedNoUsage(otel.span("generate_content gemini-2.5-flash").getAttributes());
  }

  @Test
  void anEmbeddingsSpanWithoutUsageIsMarked() {
    chatWithoutUsage("embeddings", "text-embedding-3-small", () -> null);

    assertMarkedNoUsage(otel.span("embeddings text-embedding-3-small").getAttributes());
  }

  @Test
  void aFailedCallIsNeitherMarkedNorCounted() {
    try (WorkflowContext w =
        WorkflowContext.builder("wf-error")
            .type("error")
            .openTelemetry(otel.openTelemetry())
            .start()) {
      chatWithoutUsage(
          "chat",
          "gpt-4o",
          () -> {
            Span.current().setStatus(StatusCode.ERROR);
            return null;
          });
    }

    Attributes a = otel.span("chat gpt-4o").getAttributes();
    assertThat(a.get(COST_UNPRICED)).as("its error says why it has no usage").isNull();
    assertThat(a.get(USAGE_COST_USD)).isNull();
    assertThat(otel.span("invoke_workflow error").getAttributes().get(WORKFLOW_LLM_CALLS))
        .isEqualTo(0L);
  }

  @Test
  void anObservedLlmCallThatReportsNoUsageIsMarkedAndCounts() {
    try (WorkflowContext w =
        WorkflowContext.builder("wf-observed")
            .type("observed")
            .openTelemetry(otel.openTelemetry())
            .start()) {
      GenAiObservation.llm("answer")
          .model("gpt-4o")
          .openTelemetry(otel.openTelemetry())
          .pricing(PRICING)
          .get(() -> "a plain string carries no usage");
    }

    assertMarkedNoUsage(otel.span("answer").getAttributes());
    assertThat(otel.span("invoke_workflow observed").getAttributes().get(WORKFLOW_LLM_CALLS))
        .isEqualTo(1L);
  }

  @Test
  void anObservedCallAroundAnInstrumentedCallWithoutUsageIsOneCallMarkedOnce() {
    try (WorkflowContext w =
        WorkflowContext.builder("wf-nested")
            .type("nested")
            .openTelemetry(otel.openTelemetry())
            .start()) {
      GenAiObservation.llm("answer")
          .model("gpt-4o")
          .openTelemetry(otel.openTelemetry())
          .get(() -> chatWithoutUsage("chat", "gpt-4o", () -> "streamed text"));
    }

    assertMarkedNoUsage(otel.span("chat gpt-4o").getAttributes());
    Attributes observed = otel.span("answer").getAttributes();
    assertThat(observed.get(COST_PRICED_BY_CHILD)).isTrue();
    assertThat(observed.get(COST_UNPRICED)).as("the call is marked once, on its own span").isNull();
    assertThat(otel.span("invoke_workflow nested").getAttributes().get(WORKFLOW_LLM_CALLS))
        .as("one call, not two")
        .isEqualTo(1L);
  }

  @Test
  void spansThatOnlyNameAModelAreNeitherMarkedNorCounted() {
    try (WorkflowContext w =
        WorkflowContext.builder("wf-other")
            .type("other")
            .openTelemetry(otel.openTelemetry())
            .start()) {
      chatWithoutUsage("execute_tool", "gpt-4o", () -> null);
      GenAiObservation.chain("pipeline")
          .model("gpt-4o")
          .openTelemetry(otel.openTelemetry())
          .run(() -> {});
      otel.tracer()
          .spanBuilder("no operation")
          .setAttribute(REQUEST_MODEL, "gpt-4o")
          .startSpan()
          .end();
    }

    for (String name : new String[] {"execute_tool gpt-4o", "pipeline", "no operation"}) {
      assertThat(otel.span(name).getAttributes().get(COST_UNPRICED)).as(name).isNull();
    }
    Attributes totals = otel.span("invoke_workflow other").getAttributes();
    assertThat(totals.get(WORKFLOW_LLM_CALLS)).isEqualTo(0L);
    assertThat(totals.get(WORKFLOW_TOOL_CALLS)).isEqualTo(1L);
  }

  @Test
  void aRealAnswerOfZeroTokensIsPricedAtZeroNotMarked() {
    Span span =
        otel.tracer()
            .spanBuilder("chat gpt-4o")
            .setAttribute(OPERATION_NAME, "chat")
            .setAttribute(REQUEST_MODEL, "gpt-4o")
            .startSpan();
    span.setAttribute(USAGE_INPUT_TOKENS, 0L);
    span.setAttribute(USAGE_OUTPUT_TOKENS, 0L);
    span.end();

    Attributes a = otel.span("chat gpt-4o").getAttributes();
    assertThat(a.get(COST_UNPRICED)).isNull();
    assertThat(a.get(USAGE_COST_USD)).isEqualTo(0.0);
    assertThat(a.get(COST_PRICE_SOURCE)).isEqualTo("genai-prices:openai/gpt-4o@2026-08-21");
  }
}
