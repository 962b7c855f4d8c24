/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;

/**
 * SDK spans for a test of code that reads or tracks spans, made by a provider of its own with no
 * processor of the library: the SDK makes recording spans only when a processor listens, so one
 * that keeps nothing but ended spans listens. Spans it starts are held by nothing but the test.
 */
public final class RecordingSpans implements AutoCloseable {

  private final SdkTracerProvider provider =
      SdkTracerProvider.builder()
          .addSpanProcessor(SimpleSpanProcessor.create(InMemorySpanExporter.create()))
          .build();

  private final Tracer tracer = provider.get("test");

  /** Starts a span named {@code name} with {@code attributes}; the test ends it, or drops it. */
  public ReadableSpan start(String name, Attributes attributes) {
    return (ReadableSpan) tracer.spanBuilder(name).setAllAttributes(attributes).startSpan();
  }

  /** Shuts the provider down. */
  @Override
  public void close() {
    provider.close();
  }
}
