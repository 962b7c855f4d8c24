/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.quarkus.it;

import io.opentelemetry.sdk.testing.exporter.InMemoryMetricExporter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Exports every ended span to memory, as a {@code SpanProcessor} bean Quarkus's SDK picks up, and
 * the metrics, as a {@code MetricExporter} bean.
 */
public class SpanCapture {

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
