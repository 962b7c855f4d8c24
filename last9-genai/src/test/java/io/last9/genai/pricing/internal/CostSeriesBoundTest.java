/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import static io.last9.genai.GenAiAttributes.WORKFLOW_TYPE;
import static io.last9.genai.InboundHeaders.inbound;
import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.FakeLlm;
import io.last9.genai.Last9Limits;
import io.last9.genai.WorkflowContext;
import io.last9.genai.pricing.ModelPricing;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.metrics.data.MetricData;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The cost metric's series are bounded: workflow types cannot mint series without bound, and types
 * that arrive from outside share one series instead of displacing the service's own.
 */
class CostSeriesBoundTest {

  private static final Map<String, ModelPricing> PRICING =
      Map.of("gpt-4o", ModelPricing.of(2.50, 10.0));

  @RegisterExtension
  final Last9TelemetryExtension otel = Last9TelemetryExtension.builder().pricing(PRICING).build();

  @Test
  void workflowTypesCannotMintCostSeriesWithoutBound() {
    for (int i = 0; i < 100; i++) {
      try (WorkflowContext w =
          WorkflowContext.builder("wf-" + i).type("type-" + i).contextOnly().start()) {
        FakeLlm.instrumentedChat(otel.tracer(), "gpt-4o", 10, 10);
      }
    }
    MetricData cost = otel.metric("gen_ai.client.cost");
    Set<String> types = new HashSet<>();
    cost.getDoubleSumData()
        .getPoints()
        .forEach(p -> types.add(p.getAttributes().get(AttributeKey.stringKey("workflow.type"))));
    assertThat(types)
        .hasSize(Last9Limits.getDefault().getMaxCostMetricValues() + 1)
        .contains(CostMetric.OTHER)
        .doesNotContain(CostMetric.EXTERNAL);
  }

  /**
   * Workflow types that arrive from outside (W3C Baggage, stamped with stampFromBaggage) once made
   * one series each until the bound, and then pushed the service's own workflow into _other: now
   * they all share one series, _external, and the service's own type keeps its name.
   */
  @Test
  void forgedBaggageWorkflowTypesNeitherMintCostSeriesNorDisplaceTheServicesOwn() {
    Last9TelemetryExtension downstream =
        Last9TelemetryExtension.builder()
            .pricing(PRICING)
            .processor(b -> b.stampFromBaggage(true))
            .build();
    downstream.start();
    try {
      for (int i = 0; i < 3_000; i++) {
        try (Scope s =
            inbound("workflow.type=forged-" + i + ",workflow.id=up-" + i).makeCurrent()) {
          FakeLlm.instrumentedChat(downstream.tracer(), "gpt-4o", 10, 10);
        }
      }
      // the service's own workflow, after the flood
      try (WorkflowContext rag =
          WorkflowContext.builder("wf-own").type("rag").contextOnly().start()) {
        FakeLlm.instrumentedChat(downstream.tracer(), "gpt-4o", 10, 10);
      }

      // the spans still carry what came in: only the metric keeps it out of its series
      assertThat(downstream.spans())
          .filteredOn(sp -> "forged-2999".equals(sp.getAttributes().get(WORKFLOW_TYPE)))
          .hasSize(1);
      Map<String, Long> callsByType = new HashMap<>();
      downstream
          .metric("gen_ai.client.cost")
          .getDoubleSumData()
          .getPoints()
          .forEach(
              p ->
                  callsByType.merge(
                      String.valueOf(p.getAttributes().get(WORKFLOW_TYPE)), 1L, Long::sum));
      assertThat(callsByType.keySet()).containsExactlyInAnyOrder(CostMetric.EXTERNAL, "rag");
    } finally {
      downstream.close();
    }
  }
}
