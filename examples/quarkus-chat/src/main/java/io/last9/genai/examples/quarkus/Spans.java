/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.examples.quarkus;

import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Keeps the exported spans in memory, so the sample can print them. */
public class Spans {

  @Produces
  @Singleton
  InMemorySpanExporter exporter() {
    return InMemorySpanExporter.create();
  }

  @Produces
  @Singleton
  SpanProcessor printed(InMemorySpanExporter exporter) {
    return SimpleSpanProcessor.create(exporter);
  }
}
