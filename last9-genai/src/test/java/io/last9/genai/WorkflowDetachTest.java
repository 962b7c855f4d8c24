/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.last9.genai.internal.ScopeHandle;
import io.last9.genai.pricing.ModelPricing;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A detached workflow: its thread-local activation ends at once, its span and totals stay open in
 * the context it returns, and its close on another thread ends it without touching any thread's
 * current context.
 */
class WorkflowDetachTest {

  @RegisterExtension
  final Last9TelemetryExtension otel =
      Last9TelemetryExtension.builder()
          .pricing(Map.of("gpt-4o", ModelPricing.of(2.50, 10.0)))
          .build();

  private final ExecutorService other = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    other.shutdownNow();
  }

  private void llmCall(long input, long output) {
    otel.startAndEndSpan(
        "chat gpt-4o",
        Attributes.builder()
            .put(GenAiAttributes.OPERATION_NAME, "chat")
            .put(GenAiAttributes.REQUEST_MODEL, "gpt-4o")
            .put(GenAiAttributes.USAGE_INPUT_TOKENS, input)
            .put(GenAiAttributes.USAGE_OUTPUT_TOKENS, output)
            .build());
  }

  @Test
  void detachRestoresThisThreadAndTheWorkflowCountsAndEndsElsewhere() throws Exception {
    Context before;
    Context inWorkflow;
    WorkflowContext wf;
    try (CapturedLogs logs = CapturedLogs.of(ScopeHandle.class.getName())) {
      try (ConversationContext c = ConversationContext.builder("conv-d").start()) {
        before = Context.current();
        wf =
            WorkflowContext.builder("wf-d")
                .type("detached")
                .openTelemetry(otel.openTelemetry())
                .start();
        inWorkflow = wf.detach();
        assertThat(Context.current()).isSameAs(before);
      }
      assertThat(ContextSnapshot.of(inWorkflow).workflowId()).hasValue("wf-d");
      assertThat(Span.fromContext(inWorkflow).getSpanContext())
          .isEqualTo(wf.span().getSpanContext());

      WorkflowContext detached = wf;
      Context carried = inWorkflow;
      other
          .submit(
              () -> {
                try (Scope ignored = carried.makeCurrent()) {
                  llmCall(1000, 100);
                }
                detached.close();
                assertThat(Context.current()).isSameAs(Context.root());
              })
          .get(10, TimeUnit.SECONDS);
      assertThat(logs.messages()).as("no wrong-thread or wrong-order report").isEmpty();
    }

    SpanData workflow = otel.span("invoke_workflow detached");
    assertThat(workflow.hasEnded()).isTrue();
    assertThat(workflow.getAttributes().get(GenAiAttributes.WORKFLOW_LLM_CALLS)).isEqualTo(1L);
    assertThat(workflow.getAttributes().get(GenAiAttributes.WORKFLOW_TOTAL_COST_USD))
        .isCloseTo((1000 * 2.50 + 100 * 10.0) / 1e6, within(1e-12));
    assertThat(workflow.getAttributes().get(GenAiAttributes.CONVERSATION_TURN)).isEqualTo(1L);
    SpanData chat = otel.span("chat gpt-4o");
    assertThat(chat.getParentSpanId()).isEqualTo(workflow.getSpanId());
    assertThat(chat.getAttributes().get(GenAiAttributes.CONVERSATION_ID)).isEqualTo("conv-d");
    assertThat(OpenSpans.count(otel.processor())).isZero();
  }
}
