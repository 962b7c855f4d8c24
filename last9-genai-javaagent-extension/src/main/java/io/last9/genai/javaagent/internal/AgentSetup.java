/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent.internal;

import io.last9.genai.Last9SpanProcessor;
import io.last9.genai.Last9SpanProcessorBuilder;
import io.last9.genai.internal.HostTelemetry;
import io.last9.genai.internal.setup.Last9AutoConfigurationCustomizerProvider;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.logs.SdkLoggerProviderBuilder;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What {@link Last9AgentCustomizerProvider} does, kept apart so that a class that fails to link
 * fails here, inside the provider's guard.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
final class AgentSetup {

  private static final Logger logger = Logger.getLogger(AgentSetup.class.getName());

  private volatile OpenTelemetrySdk sdk;

  /**
   * The processor added to the tracer provider. Autoconfigure builds the tracer provider before the
   * logger provider, so it is set when {@link #addContentEvents} runs.
   */
  private volatile Last9SpanProcessor processor;

  SdkTracerProviderBuilder addProcessor(SdkTracerProviderBuilder builder, ConfigProperties config) {
    if (!Last9AutoConfigurationCustomizerProvider.enabled(config)) {
      logger.log(Level.INFO, "last9-genai is disabled (otel.last9.genai.enabled)");
      return builder;
    }
    Last9SpanProcessorBuilder configured =
        Last9AutoConfigurationCustomizerProvider.builderFromConfig(config);
    configured.meterProviderSupplier(this::meterProvider);
    Last9SpanProcessor built = configured.build();
    processor = built;
    return builder.addSpanProcessor(new MirroringSpanProcessor(built));
  }

  /**
   * Adds the processor's content events to the agent's logger provider: the GenAI instrumentations'
   * per-message log events become content on their spans, which the processor writes, redacts and
   * completes as they end.
   */
  SdkLoggerProviderBuilder addContentEvents(SdkLoggerProviderBuilder builder) {
    Last9SpanProcessor p = processor;
    // null: disabled, or the processor failed to build (and said so)
    return p == null ? builder : builder.addLogRecordProcessor(p.contentEvents());
  }

  /** The agent's SDK is built: the cost metric and the library's own telemetry go to it. */
  void sdkBuilt(OpenTelemetrySdk built) {
    this.sdk = built;
    if (HostTelemetry.preferred() == null) {
      // for the JVM's lifetime: the agent's SDK is the process's own
      HostTelemetry.prefer(built);
    }
  }

  private MeterProvider meterProvider() {
    OpenTelemetrySdk s = sdk;
    return s != null ? s.getMeterProvider() : null;
  }
}
