/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import static io.last9.genai.GenAiAttributes.USAGE_COST_USD;
import static io.last9.genai.GenAiAttributes.WORKFLOW_TOTAL_COST_USD;
import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.observe.GenAiObservation;
import io.last9.genai.pricing.ModelPricing;
import io.last9.genai.testing.Last9TelemetryExtension;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * No JVM-wide cap fails closed: spans that never end and asynchronous calls that never complete,
 * however many, stop neither other workflows from totalling nor other calls from getting their
 * per-call pricing.
 */
class UnendedSpansTest {

  private static final Map<String, ModelPricing> PRICING =
      Map.of("gpt-4o", ModelPricing.of(2.50, 10.0));

  @RegisterExtension
  final Last9TelemetryExtension otel = Last9TelemetryExtension.builder().pricing(PRICING).build();

  @Test
  void spansThatNeverEndDoNotStopOtherWorkflowsFromTotalling() {
    try (WorkflowContext leak = WorkflowContext.builder("leaky").start()) {
      for (int i = 0; i < 70_000; i++) {
        otel.tracer().spanBuilder("never-ended").startSpan(); // a buggy code path: never ended
      }
    }
    try (WorkflowContext w =
        WorkflowContext.builder("healthy")
            .type("rag")
            .openTelemetry(otel.openTelemetry())
            .start()) {
      FakeLlm.instrumentedChat(otel.tracer(), "gpt-4o", 1_000, 500);
    }
    // 1,000 x 2.50 + 500 x 10.0 per million
    assertThat(otel.span("invoke_workflow rag").getAttributes().get(WORKFLOW_TOTAL_COST_USD))
        .isEqualTo(0.0075);
  }

  @Test
  void neverCompletedAsyncCallsDoNotDisablePerCallPricing() {
    GenAiObservation pricedAsync =
        GenAiObservation.llm("pending")
            .openTelemetry(otel.openTelemetry())
            .pricing(Map.of("gpt-4o", ModelPricing.of(1, 1)))
            .build();
    for (int i = 0; i < 70_000; i++) {
      pricedAsync.async(() -> new CompletableFuture<>()); // never completes
    }
    GenAiObservation.llm("now")
        .openTelemetry(otel.openTelemetry())
        .pricing(Map.of("gpt-4o", ModelPricing.of(100, 100)))
        .run(() -> FakeLlm.instrumentedChat(otel.tracer(), "gpt-4o", 10_000, 0));
    // 10,000 x 100 per million
    assertThat(otel.span("chat gpt-4o").getAttributes().get(USAGE_COST_USD)).isEqualTo(1.0);
  }
}
