/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.last9.genai.Last9SpanProcessor;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A set-up that owns the application's metrics (the Spring starter) can connect its cost-metric
 * sink to a processor the application built without naming one, and only to such a processor.
 */
class UnsetCostMetricSinkTest {

  private static final Map<String, ModelPricing> PRICING =
      Map.of("gpt-4o", ModelPricing.of(2.50, 10.0));

  private final List<Double> connected = new CopyOnWriteArrayList<>();
  private final List<Double> own = new CopyOnWriteArrayList<>();

  /** One priced call: 1,000 x 2.50 + 100 x 10.00 per million = 0.0035. */
  private static void pricedCall(Last9SpanProcessor processor) {
    try (SdkTracerProvider tracing =
        SdkTracerProvider.builder().addSpanProcessor(processor).build()) {
      tracing
          .get("test")
          .spanBuilder("chat gpt-4o")
          .setAllAttributes(CostTest.tokens("gpt-4o", null, 1_000, 100))
          .startSpan()
          .end();
    }
  }

  @Test
  void aProcessorBuiltWithoutAPlaceForTheMetricRecordsInTheConnectedSink() {
    Last9SpanProcessor processor = Last9SpanProcessor.builder().pricing(PRICING).build();
    assertThat(processor.useCostMetricSinkIfUnset((usd, attributes) -> connected.add(usd)))
        .isTrue();
    pricedCall(processor);
    assertThat(connected).hasSize(1);
    assertThat(connected.get(0)).isCloseTo(0.0035, within(1e-15));
  }

  @Test
  void aProcessorBuiltWithASinkOrAMeterProviderIsLeftAsItIs() {
    Last9SpanProcessor withSink =
        Last9SpanProcessor.builder()
            .pricing(PRICING)
            .costMetricSink((usd, attributes) -> own.add(usd))
            .build();
    assertThat(withSink.useCostMetricSinkIfUnset((usd, attributes) -> connected.add(usd)))
        .isFalse();
    pricedCall(withSink);
    assertThat(own).hasSize(1);
    assertThat(connected).isEmpty();

    assertThat(
            Last9SpanProcessor.builder()
                .meterProvider(MeterProvider.noop())
                .build()
                .useCostMetricSinkIfUnset((usd, attributes) -> connected.add(usd)))
        .isFalse();
    assertThat(
            Last9SpanProcessor.builder()
                .meterProviderSupplier(MeterProvider::noop)
                .build()
                .useCostMetricSinkIfUnset((usd, attributes) -> connected.add(usd)))
        .isFalse();
  }
}
