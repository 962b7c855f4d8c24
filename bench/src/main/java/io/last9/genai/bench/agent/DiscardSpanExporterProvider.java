/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.bench.agent;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * {@code otel.traces.exporter=last9-bench-discard}: an exporter that accepts every batch and drops
 * it, so the agent's autoconfiguration wraps it in its usual {@code BatchSpanProcessor}.
 */
public final class DiscardSpanExporterProvider implements ConfigurableSpanExporterProvider {

  /** The exporter's name in {@code otel.traces.exporter}. */
  public static final String NAME = "last9-bench-discard";

  @Override
  public SpanExporter createExporter(ConfigProperties config) {
    // the SDK's own no-op exporter (what composite() of none is), as M4 uses in-process
    return SpanExporter.composite();
  }

  @Override
  public String getName() {
    return NAME;
  }
}
