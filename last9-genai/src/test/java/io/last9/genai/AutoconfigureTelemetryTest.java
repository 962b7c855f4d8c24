/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.internal.HostTelemetry;
import io.last9.genai.observe.GenAiObservation;
import io.last9.genai.observe.ResponseInfo;
import io.last9.genai.pricing.Usage;
import io.last9.genai.testing.Autoconfigured;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Under autoconfigure, the library's telemetry goes to the SDK being built, not to a global that
 * may never be set: the cost metric to its meter provider, and observed calls and workflows to its
 * tracer provider.
 */
class AutoconfigureTelemetryTest {

  @BeforeEach
  @AfterEach
  void reset() {
    GlobalOpenTelemetry.resetForTest();
  }

  @Test
  void anAutoconfiguredSdkIsPreferredUntilItShutsDown() {
    // another test's set-up may still be registered: this SDK must not outlive its own
    OpenTelemetry before = HostTelemetry.preferred();
    OpenTelemetrySdk sdk = Autoconfigured.build(Map.of(), InMemorySpanExporter.create());
    try {
      assertThat(HostTelemetry.preferred()).isIn(sdk, before);
    } finally {
      sdk.close();
    }
    assertThat(HostTelemetry.preferred()).isNotSameAs(sdk).isSameAs(before);
  }

  @Test
  void anSdkThatIsNotGlobalGetsTheCostMetricAndTheLibrarysSpans() {
    InMemoryMetricReader metrics = InMemoryMetricReader.create();
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    OpenTelemetrySdk sdk = Autoconfigured.build(Map.of(), spans, metrics);
    try {
      // no .openTelemetry(...): the library finds the SDK autoconfigure built
      GenAiObservation.llm("chat")
          .get(
              () ->
                  ResponseInfo.builder()
                      .responseModel("gpt-4o")
                      .usage(Usage.of(1_000, 500))
                      .build());
      SpanData chat = spans.getFinishedSpanItems().get(0);
      assertThat(chat.getAttributes().get(GenAiAttributes.USAGE_COST_USD)).isEqualTo(0.0075);
      MetricData cost =
          metrics.collectAllMetrics().stream()
              .filter(m -> m.getName().equals("gen_ai.client.cost"))
              .findFirst()
              .orElseThrow();
      assertThat(cost.getDoubleSumData().getPoints())
          .singleElement()
          .satisfies(p -> assertThat(p.getValue()).isEqualTo(0.0075));
    } finally {
      sdk.close();
    }
  }

  @Test
  void installReturnsAnOpenTelemetry() {
    try (Last9GenAi genai =
        Last9GenAi.builder().setGlobal(false).property("otel.traces.exporter", "none").install()) {
      OpenTelemetry otel = genai;
      assertThat(otel.getTracerProvider()).isSameAs(genai.openTelemetry().getTracerProvider());
      assertThat(otel.getPropagators()).isSameAs(genai.openTelemetry().getPropagators());
    }
  }
}
