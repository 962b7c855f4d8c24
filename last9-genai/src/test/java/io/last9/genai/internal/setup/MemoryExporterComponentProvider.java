/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal.setup;

import io.opentelemetry.api.incubator.config.DeclarativeConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.internal.ComponentProvider;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * The test exporter a configuration file names {@code last9_test_memory}: every SDK built from a
 * file exports into {@link #EXPORTED}. Raw for the same reason as the library's providers.
 */
@SuppressWarnings("rawtypes")
public final class MemoryExporterComponentProvider implements ComponentProvider {

  static final InMemorySpanExporter EXPORTED = InMemorySpanExporter.create();

  @Override
  public Class<SpanExporter> getType() {
    return SpanExporter.class;
  }

  @Override
  public String getName() {
    return "last9_test_memory";
  }

  @Override
  public SpanExporter create(DeclarativeConfigProperties config) {
    // the SDK shuts its exporter down when it closes; the shared one must outlive each SDK
    return new SpanExporter() {
      @Override
      public io.opentelemetry.sdk.common.CompletableResultCode export(
          java.util.Collection<io.opentelemetry.sdk.trace.data.SpanData> spans) {
        return EXPORTED.export(spans);
      }

      @Override
      public io.opentelemetry.sdk.common.CompletableResultCode flush() {
        return EXPORTED.flush();
      }

      @Override
      public io.opentelemetry.sdk.common.CompletableResultCode shutdown() {
        return io.opentelemetry.sdk.common.CompletableResultCode.ofSuccess();
      }
    };
  }
}
