/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.testing;

import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.metrics.export.MetricReader;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.HashMap;
import java.util.Map;

/**
 * An SDK built by OpenTelemetry's autoconfigure module, the way an application's own set-up (or the
 * Java agent) builds one, so a test sees what last9-genai's autoconfigure provider adds from {@code
 * otel.last9.genai.*} properties. Nothing is exported anywhere by default ({@code
 * otel.traces.exporter}, {@code otel.metrics.exporter} and {@code otel.logs.exporter} are {@code
 * none}); the test's exporter and metric reader are added to the providers. Needs {@code
 * io.opentelemetry:opentelemetry-sdk-extension-autoconfigure} on the test class path.
 *
 * <pre>{@code
 * InMemorySpanExporter spans = InMemorySpanExporter.create();
 * try (OpenTelemetrySdk sdk = Autoconfigured.build(Map.of("otel.last9.genai.pricing.files", path), spans)) {
 *   ...
 * }
 * }</pre>
 */
public final class Autoconfigured {

  private Autoconfigured() {}

  /** An autoconfigure builder with nothing exported and {@code properties} on top. */
  public static AutoConfiguredOpenTelemetrySdkBuilder builder(Map<String, String> properties) {
    Map<String, String> all = new HashMap<>();
    all.put("otel.traces.exporter", "none");
    all.put("otel.metrics.exporter", "none");
    all.put("otel.logs.exporter", "none");
    all.putAll(properties);
    return AutoConfiguredOpenTelemetrySdk.builder().addPropertiesSupplier(() -> all);
  }

  /** An SDK from {@code properties} whose finished spans go to {@code exporter}. */
  public static OpenTelemetrySdk build(Map<String, String> properties, SpanExporter exporter) {
    return build(properties, exporter, null);
  }

  /**
   * An SDK from {@code properties} whose finished spans go to {@code exporter} and whose metrics
   * {@code reader} (may be null) collects.
   */
  public static OpenTelemetrySdk build(
      Map<String, String> properties, SpanExporter exporter, MetricReader reader) {
    AutoConfiguredOpenTelemetrySdkBuilder b =
        builder(properties)
            .addTracerProviderCustomizer(
                (tracing, config) ->
                    tracing.addSpanProcessor(SimpleSpanProcessor.create(exporter)));
    if (reader != null) {
      b.addMeterProviderCustomizer((metering, config) -> metering.registerMetricReader(reader));
    }
    return b.build().getOpenTelemetrySdk();
  }
}
