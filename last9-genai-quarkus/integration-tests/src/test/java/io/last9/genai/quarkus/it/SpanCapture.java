/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.quarkus.it;

import io.opentelemetry.sdk.testing.exporter.InMemoryMetricExporter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exports every ended span to memory, as a {@code SpanProcessor} bean Quarkus's SDK picks up, and
 * the metrics, as a {@code MetricExporter} bean.
 */
public class SpanCapture {

  /**
   * The spans {@code exporter} received, each once, in the order they first arrived. The in-memory
   * exporter is also a {@code SpanExporter} bean, which Quarkus exports to through its own batch
   * processor as well, so a span arrives a second time when that processor's next batch is sent
   * (every few seconds): whether a test sees it twice depends on timing.
   */
  static List<SpanData> exportedOnce(InMemorySpanExporter exporter) {
    Map<String, SpanData> bySpanId = new LinkedHashMap<>();
    for (SpanData s : exporter.getFinishedSpanItems()) {
      bySpanId.putIfAbsent(s.getSpanId(), s);
    }
    return List.copyOf(bySpanId.values());
  }

  @Produces
  @Singleton
  InMemorySpanExporter exporter() {
    return InMemorySpanExporter.create();
  }

  @Produces
  @Singleton
  InMemoryMetricExporter metricExporter() {
    return InMemoryMetricExporter.create();
  }

  @Produces
  @Singleton
  SpanProcessor capture(InMemorySpanExporter exporter) {
    return SimpleSpanProcessor.create(exporter);
  }
}
