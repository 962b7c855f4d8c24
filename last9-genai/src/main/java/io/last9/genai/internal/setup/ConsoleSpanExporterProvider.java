/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal.setup;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/**
 * Makes the readable console exporter available to autoconfigure as {@code
 * otel.traces.exporter=last9-console}.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class ConsoleSpanExporterProvider implements ConfigurableSpanExporterProvider {

  /** The exporter name. */
  public static final String NAME = "last9-console";

  @Override
  public SpanExporter createExporter(ConfigProperties config) {
    return new ConsoleSpanExporter(System.out);
  }

  @Override
  public String getName() {
    return NAME;
  }
}
