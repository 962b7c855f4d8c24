/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent.internal;

import io.last9.genai.Last9SpanProcessorBuilder;
import io.last9.genai.content.internal.ContentEventsBridge;
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

  /** The GenAI instrumentations' per-message events, turned into content on their spans. */
  final ContentEventsBridge content = new ContentEventsBridge();

  SdkTracerProviderBuilder addProcessor(SdkTracerProviderBuilder builder, ConfigProperties config) {
    if (!Last9AutoConfigurationCustomizerProvider.enabled(config)) {
      logger.log(Level.INFO, "last9-genai is disabled (otel.last9.genai.enabled)");
      return builder;
    }
    Last9SpanProcessorBuilder processor =
        Last9AutoConfigurationCustomizerProvider.builderFromConfig(config);
    processor.meterProviderSupplier(this::meterProvider);
    // the content first: last9-genai's processor redacts it and derives the removed keys from it
    return builder
        .addSpanProcessor(content)
        .addSpanProcessor(new MirroringSpanProcessor(processor.build()));
  }

  /** Adds the content bridge's log half to the agent's logger provider. */
  SdkLoggerProviderBuilder addContentEvents(
      SdkLoggerProviderBuilder builder, ConfigProperties config) {
    if (!Last9AutoConfigurationCustomizerProvider.enabled(config)) {
      return builder;
    }
    return builder.addLogRecordProcessor(content);
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
