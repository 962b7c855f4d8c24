/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A processor's bounds are its own, at their documented defaults unless set. */
class Last9LimitsTest {

  @Test
  void theDefaultsAreTheDocumentedOnes() {
    Last9Limits d = Last9Limits.getDefault();
    assertThat(d.getMaxOpenSpans()).isEqualTo(65_536);
    assertThat(d.getMaxCostMetricValues()).isEqualTo(64);
    assertThat(d.getMaxCostMetricValueLength()).isEqualTo(128);
    assertThat(Last9Limits.builder().build()).isEqualTo(d);
    assertThat(d.toBuilder().maxCostMetricValues(3).build().getMaxCostMetricValues()).isEqualTo(3);
  }

  @Test
  void outOfRangeBoundsAreRefusedNamingTheBound() {
    assertThatThrownBy(() -> Last9Limits.builder().maxOpenSpans(1000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxOpenSpans");
    assertThatThrownBy(() -> Last9Limits.builder().maxCostMetricValues(0))
        .hasMessageContaining("maxCostMetricValues");
    assertThatThrownBy(() -> Last9Limits.builder().maxCostMetricValueLength(5000))
        .hasMessageContaining("maxCostMetricValueLength");
  }

  @Test
  void aProcessorsCostMetricKeepsAsManyProvidersAsItsLimitsSay() {
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    SdkMeterProvider meters = SdkMeterProvider.builder().registerMetricReader(reader).build();
    Last9SpanProcessor processor =
        Last9SpanProcessor.builder()
            .meterProvider(meters)
            .pricing(java.util.Map.of("m", io.last9.genai.pricing.ModelPricing.of(1, 1)))
            .limits(Last9Limits.builder().maxCostMetricValues(2).build())
            .build();
    try (SdkTracerProvider tracing =
        SdkTracerProvider.builder().addSpanProcessor(processor).build()) {
      for (String provider : new String[] {"p1", "p2", "p3", "p4"}) {
        tracing
            .get("test")
            .spanBuilder("chat m")
            .setAttribute(GenAiAttributes.OPERATION_NAME, "chat")
            .setAttribute(GenAiAttributes.PROVIDER_NAME, provider)
            .setAttribute(GenAiAttributes.REQUEST_MODEL, "m")
            .setAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 10L)
            .setAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, 10L)
            .startSpan()
            .end();
      }
    }
    Set<String> providers = new HashSet<>();
    for (MetricData m : reader.collectAllMetrics()) {
      if (m.getName().equals("gen_ai.client.cost")) {
        m.getDoubleSumData()
            .getPoints()
            .forEach(
                p ->
                    providers.add(
                        p.getAttributes().get(AttributeKey.stringKey("gen_ai.provider.name"))));
      }
    }
    assertThat(providers).containsExactlyInAnyOrder("p1", "p2", "_other");
  }
}
