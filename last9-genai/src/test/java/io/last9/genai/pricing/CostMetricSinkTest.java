/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing;

import static io.last9.genai.GenAiAttributes.L9_SPAN_KIND;
import static io.last9.genai.GenAiAttributes.PROVIDER_NAME;
import static io.last9.genai.GenAiAttributes.USAGE_COST_USD;
import static io.last9.genai.GenAiAttributes.WORKFLOW_TYPE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.last9.genai.WorkflowContext;
import io.last9.genai.pricing.internal.CostMetric;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CostMetricSinkTest {

  record Recorded(double usd, Attributes attributes) {}

  private final List<Recorded> recorded = new CopyOnWriteArrayList<>();
  private volatile boolean failing;

  @RegisterExtension
  final Last9TelemetryExtension otel =
      Last9TelemetryExtension.builder()
          .pricing(Map.of("gpt-4o", ModelPricing.of(2.50, 10.0)))
          .processor(
              b ->
                  b.costMetricSink(
                      (usd, attributes) -> {
                        if (failing) {
                          throw new IllegalStateException("sink down");
                        }
                        recorded.add(new Recorded(usd, attributes));
                      }))
          .build();

  @Test
  void aSinkReceivesEachPricedCallOnceInsteadOfTheMeterProvider() {
    try (WorkflowContext w = WorkflowContext.builder("wf-1").type("rag").contextOnly().start()) {
      otel.startAndEndSpan(
          "chat gpt-4o",
          Attributes.builder()
              .putAll(CostTest.tokens("gpt-4o", null, 1_000, 100))
              .put(PROVIDER_NAME, "openai")
              .build());
    }
    otel.startAndEndSpan("http");

    assertThat(recorded).hasSize(1);
    Recorded r = recorded.get(0);
    assertThat(r.usd()).isCloseTo(0.0035, within(1e-15));
    assertThat(r.attributes().get(CostMetric.MODEL)).isEqualTo("gpt-4o");
    assertThat(r.attributes().get(PROVIDER_NAME)).isEqualTo("openai");
    assertThat(r.attributes().get(L9_SPAN_KIND)).isEqualTo("llm");
    assertThat(r.attributes().get(WORKFLOW_TYPE)).isEqualTo("rag");
    assertThat(otel.metrics()).noneMatch(m -> m.getName().equals(CostMetric.NAME));
  }

  @Test
  void callsOfOneSeriesShareOneAttributeSet() {
    for (int i = 0; i < 3; i++) {
      try (WorkflowContext w =
          WorkflowContext.builder("wf-" + i).type("rag").contextOnly().start()) {
        otel.startAndEndSpan(
            "chat gpt-4o",
            Attributes.builder()
                .putAll(CostTest.tokens("gpt-4o", null, 100, 10))
                .put(PROVIDER_NAME, "openai")
                .build());
      }
    }
    otel.startAndEndSpan("chat gpt-4o", CostTest.tokens("gpt-4o", null, 100, 10));

    assertThat(recorded).hasSize(4);
    // built once for the series and reused, not built and sorted per call
    assertThat(recorded.get(1).attributes()).isSameAs(recorded.get(0).attributes());
    assertThat(recorded.get(2).attributes()).isSameAs(recorded.get(0).attributes());
    assertThat(recorded.get(3).attributes().get(WORKFLOW_TYPE)).isNull();
    assertThat(recorded.get(3).attributes().get(PROVIDER_NAME)).isNull();
  }

  @Test
  void anOverlongValueIsRecordedAsOtherSoASinkBoundsOnlyTheNumberOfSeries() {
    String longType = "t".repeat(10_000);
    try (WorkflowContext w = WorkflowContext.builder("wf-2").type(longType).contextOnly().start()) {
      otel.startAndEndSpan("chat gpt-4o", CostTest.tokens("gpt-4o", null, 10, 10));
    }
    assertThat(recorded)
        .singleElement()
        .satisfies(r -> assertThat(r.attributes().get(WORKFLOW_TYPE)).isEqualTo(CostMetric.OTHER));
  }

  @Test
  void aFailingSinkNeitherThrowsNorLosesTheSpanCost() {
    failing = true;
    otel.startAndEndSpan("chat gpt-4o", CostTest.tokens("gpt-4o", null, 1_000, 100));
    SpanData span = otel.span("chat gpt-4o");
    assertThat(span.getAttributes().get(USAGE_COST_USD)).isCloseTo(0.0035, within(1e-15));
  }
}
