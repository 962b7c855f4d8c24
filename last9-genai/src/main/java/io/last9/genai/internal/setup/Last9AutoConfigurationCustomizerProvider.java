/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal.setup;

import io.last9.genai.Last9SpanProcessor;
import io.last9.genai.Last9SpanProcessorBuilder;
import io.last9.genai.internal.HostTelemetry;
import io.last9.genai.internal.Registrations;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizer;
import io.opentelemetry.sdk.autoconfigure.spi.AutoConfigurationCustomizerProvider;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.internal.AutoConfigureListener;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Adds {@link Last9SpanProcessor} to every SDK built by {@code
 * opentelemetry-sdk-extension-autoconfigure} (and by the Java agent, through the {@code
 * last9-genai-javaagent-extension}), configured from {@code otel.last9.genai.*} properties alone,
 * read through {@link Settings} and mapped by {@link ProcessorSettings} exactly as the Spring Boot
 * starter maps {@code last9.genai.*}; the core README's settings table lists them all.
 *
 * <p>A module that registers a {@link TurnStoreProvider} (such as {@code last9-genai-redis}) and is
 * configured replaces the in-memory turn store.
 *
 * <p>Booleans accept true/false, yes/no, on/off, 1/0 and enabled/disabled; any other value, like
 * any invalid number, duration or pricing file, fails start-up with a {@link
 * ConfigurationException} that names the property.
 *
 * <p>The cost metric is recorded to the meter provider of the SDK being built, and the library's
 * own spans (observed calls, workflows) use that SDK when the application passes none, whether or
 * not it is registered as the global instance. That hand-over uses the SDK's {@code
 * AutoConfigureListener}, an internal autoconfigure interface present in every supported SDK
 * version (1.49+).
 *
 * <p>Internal, not for public use; it may change at any time.
 */
public final class Last9AutoConfigurationCustomizerProvider
    implements AutoConfigurationCustomizerProvider, AutoConfigureListener {

  /**
   * Set by {@code Last9GenAi.install()}, which adds its own programmatically configured processor.
   */
  public static final String INSTALLED_PROGRAMMATICALLY = "last9.genai.internal.installed";

  private volatile OpenTelemetrySdk built;

  /** The processor this provider added, whose content-event half goes to the logger provider. */
  private volatile Last9SpanProcessor processor;

  /** This SDK as the library's preferred one, withdrawn when the SDK shuts down. */
  private final AtomicReference<Registrations.Registration> preferred = new AtomicReference<>();

  @Override
  public void customize(AutoConfigurationCustomizer customizer) {
    customizer.addTracerProviderCustomizer(
        (builder, config) -> {
          // autoconfigure says nothing to its customizers when the SDK closes; a processor does
          // hear
          builder.addSpanProcessor(new WithdrawOnShutdown(preferred));
          if (config.getBoolean(INSTALLED_PROGRAMMATICALLY, false) || !enabled(config)) {
            return builder;
          }
          Last9SpanProcessorBuilder processor = builderFromConfig(config);
          processor.meterProviderSupplier(this::meterProvider);
          Last9SpanProcessor last9 = processor.build();
          this.processor = last9;
          return builder.addSpanProcessor(last9);
        });
    // autoconfigure builds the logger provider after the tracer provider
    customizer.addLoggerProviderCustomizer(
        (builder, config) -> {
          Last9SpanProcessor last9 = processor;
          return last9 == null ? builder : builder.addLogRecordProcessor(last9.contentEvents());
        });
    customizer.addSamplerCustomizer(CostPreservingSamplerCustomizer::customize);
  }

  @Override
  public void afterAutoConfigure(OpenTelemetrySdk sdk) {
    this.built = sdk;
    if (HostTelemetry.preferred() == null) {
      Registrations.Registration r = HostTelemetry.prefer(sdk);
      if (!preferred.compareAndSet(null, r)) {
        r.close();
      }
    }
  }

  /** Withdraws this SDK's preference when the SDK shuts down; sees no span. */
  private static final class WithdrawOnShutdown implements SpanProcessor {
    private final AtomicReference<Registrations.Registration> registration;

    WithdrawOnShutdown(AtomicReference<Registrations.Registration> registration) {
      this.registration = registration;
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
      return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {}

    @Override
    public boolean isEndRequired() {
      return false;
    }

    @Override
    public CompletableResultCode shutdown() {
      Registrations.Registration r = registration.getAndSet(null);
      if (r != null) {
        r.close();
      }
      return CompletableResultCode.ofSuccess();
    }
  }

  private MeterProvider meterProvider() {
    OpenTelemetrySdk sdk = built;
    return sdk != null ? sdk.getMeterProvider() : HostTelemetry.meterProvider();
  }

  /** Whether {@code otel.last9.genai.enabled} leaves the processor on (default true). */
  public static boolean enabled(ConfigProperties config) {
    return ProcessorSettings.enabled(Settings.of(config));
  }

  /** Builds the processor from configuration; invalid settings fail with the property's name. */
  public static Last9SpanProcessor fromConfig(ConfigProperties config) {
    return builderFromConfig(config).build();
  }

  /** A processor builder configured from {@code otel.last9.genai.*}. */
  public static Last9SpanProcessorBuilder builderFromConfig(ConfigProperties config) {
    return ProcessorSettings.builder(Settings.of(config), null);
  }

  @Override
  public int order() {
    return 0;
  }
}
