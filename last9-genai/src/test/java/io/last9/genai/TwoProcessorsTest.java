/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.observe.GenAiObservation;
import io.last9.genai.pricing.ModelPricing;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.context.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two Last9SpanProcessors on one SDK (the application's own beside an extension's, or a set-up
 * added twice): each call is priced once and counted once in its workflow's totals.
 */
class TwoProcessorsTest {

  @RegisterExtension
  final Last9TelemetryExtension otel =
      Last9TelemetryExtension.builder()
          .pricing(Map.of("gpt-4o", ModelPricing.of(2.50, 10.0)))
          .addSpanProcessor(
              () ->
                  Last9SpanProcessor.builder()
                      .pricing(Map.of("gpt-4o", ModelPricing.of(2.50, 10.0)))
                      .build())
          .build();

  @Test
  void aCallCountsOnceInItsWorkflow() {
    try (WorkflowContext w =
        WorkflowContext.builder("wf").type("rag").openTelemetry(otel.openTelemetry()).start()) {
      FakeLlm.instrumentedChat(otel.tracer(), "gpt-4o", 1_000, 500);
      FakeLlm.instrumentedChat(otel.tracer(), "gpt-4o", 1_000, 500);
      assertThat(w.llmCalls()).isEqualTo(2);
      // 2 x (1,000 x 2.50 + 500 x 10.0) per million
      assertThat(w.totalCostUsd()).isEqualTo(0.015);
    }
    assertThat(
            otel.span("invoke_workflow rag")
                .getAttributes()
                .get(GenAiAttributes.WORKFLOW_INPUT_TOKENS))
        .isEqualTo(2_000L);
    assertThat(otel.sumOfSpanCosts()).isEqualTo(0.015);
  }

  @Test
  void aCallWithoutAPriceCountsOnceInItsWorkflow() {
    try (WorkflowContext w =
        WorkflowContext.builder("wf").type("rag").openTelemetry(otel.openTelemetry()).start()) {
      FakeLlm.instrumentedChat(otel.tracer(), "model-nobody-prices", 1_000, 500);
      assertThat(w.llmCalls()).isEqualTo(1);
      assertThat(w.totalCostUsd()).isZero();
    }
    assertThat(
            otel.span("invoke_workflow rag")
                .getAttributes()
                .get(GenAiAttributes.WORKFLOW_INPUT_TOKENS))
        .isEqualTo(1_000L);
  }

  @Test
  void aToolCallCountsOnceInItsWorkflow() {
    try (WorkflowContext w =
        WorkflowContext.builder("wf").type("agent").openTelemetry(otel.openTelemetry()).start()) {
      otel.tracer()
          .spanBuilder("execute_tool search")
          .setAttribute(GenAiAttributes.OPERATION_NAME, "execute_tool")
          .startSpan()
          .end();
      GenAiObservation.tool("lookup").openTelemetry(otel.openTelemetry()).get(() -> "found");
      assertThat(w.toolCalls()).isEqualTo(2);
    }
    assertThat(
            otel.span("invoke_workflow agent")
                .getAttributes()
                .get(GenAiAttributes.WORKFLOW_TOOL_CALLS))
        .isEqualTo(2L);
  }

  @Test
  void toolCallsEndingOnManyThreadsAreEachCountedOnce() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (WorkflowContext w =
        WorkflowContext.builder("wf").type("fan-out").openTelemetry(otel.openTelemetry()).start()) {
      Context inWorkflow = Context.current();
      List<Future<?>> ends = new ArrayList<>();
      for (int i = 0; i < 400; i++) {
        ends.add(
            pool.submit(
                inWorkflow.wrap(
                    () ->
                        otel.tracer()
                            .spanBuilder("execute_tool t")
                            .setAttribute(GenAiAttributes.OPERATION_NAME, "execute_tool")
                            .startSpan()
                            .end())));
      }
      for (Future<?> f : ends) {
        f.get(10, TimeUnit.SECONDS);
      }
      assertThat(w.toolCalls()).isEqualTo(400);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aSpanThatIsNeitherACallNorAToolAddsNothing() {
    try (WorkflowContext w =
        WorkflowContext.builder("wf").type("rag").openTelemetry(otel.openTelemetry()).start()) {
      otel.tracer().spanBuilder("SELECT documents").startSpan().end();
      assertThat(w.toolCalls()).isZero();
      assertThat(w.llmCalls()).isZero();
      assertThat(w.totalCostUsd()).isZero();
    }
  }
}
