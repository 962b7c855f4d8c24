/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal.setup;

import io.last9.genai.Last9SpanProcessor;
import io.last9.genai.Last9SpanProcessorBuilder;
import io.opentelemetry.api.incubator.config.DeclarativeConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.internal.ComponentProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * {@link Last9SpanProcessor} for OpenTelemetry's declarative configuration: a {@code last9_genai}
 * entry under {@code tracer_provider.processors} builds the processor from the settings inside it,
 * with the names, defaults and checks of every other set-up, nested and in snake_case:
 *
 * <pre>{@code
 * tracer_provider:
 *   processors:
 *     - last9_genai:
 *         baggage:
 *           enabled: true
 *         pricing:
 *           models:
 *             my-fine-tune: 2.50/10.00
 *     - batch:
 *         exporter:
 *           otlp_http: {}
 * }</pre>
 *
 * <p>List it before the exporting processor, as with code: the processor adds attributes as spans
 * end, which an exporter that already saw the span would miss. The cost metric goes to the global
 * meter provider, which the file-configured SDK becomes when it is registered globally.
 *
 * <p>{@code ComponentProvider} is implemented raw: it is generic in OpenTelemetry 1.49 and plain
 * from later versions, and this one class must load on both.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
@SuppressWarnings("rawtypes")
public final class SpanProcessorComponentProvider implements ComponentProvider {

  /** The key that names this processor in a configuration file. */
  public static final String NAME = "last9_genai";

  @Override
  public Class<SpanProcessor> getType() {
    return SpanProcessor.class;
  }

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public SpanProcessor create(DeclarativeConfigProperties config) {
    Last9SpanProcessorBuilder builder = builder(config);
    // an entry that switches itself off leaves the pipeline as if it were absent
    return builder == null ? SpanProcessor.composite() : builder.build();
  }

  /**
   * The processor builder an entry describes, or {@code null} when it says {@code enabled: false};
   * the Java agent's extension wraps what it builds.
   */
  public static Last9SpanProcessorBuilder builder(DeclarativeConfigProperties config) {
    Settings s = settings(config, Settings.PREFIX, NAME + ".");
    return ProcessorSettings.enabled(s) ? ProcessorSettings.builder(s, null) : null;
  }

  /**
   * The settings of one block of a configuration file, answering for the names under {@code root}
   * (a prefix of {@link Settings#PREFIX} and the setting names, {@code otel.last9.genai.sampler.}
   * say); messages name a setting by its path as the file writes it, below {@code block}.
   */
  static Settings settings(DeclarativeConfigProperties config, String root, String block) {
    String within = root.substring(Settings.PREFIX.length());
    return Settings.of(
        new DeclarativeConfigSource(config, root),
        name ->
            block
                + (name.startsWith(within) ? name.substring(within.length()) : name)
                    .replace('-', '_'));
  }
}
