/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.bench.agent;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;

/**
 * {@code otel.traces.exporter=last9-bench-discard}: an exporter that accepts every batch and drops
 * it, so the agent's autoconfiguration wraps it in its usual {@code BatchSpanProcessor}.
 */
public final class DiscardSpanExporterProvider implements ConfigurableSpanExporterProvider {

  /** The exporter's name in {@code otel.traces.exporter}. */
  public static final String NAME = "last9-bench-discard";

  @Override
  public SpanExporter createExporter(ConfigProperties config) {
    return new DiscardSpanExporter();
  }

  @Override
  public String getName() {
    return NAME;
  }

  private static final class DiscardSpanExporter implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
