/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import io.last9.genai.content.ContentRedactor;
import io.last9.genai.content.RedactionRules;
import io.last9.genai.internal.HostTelemetry;
import io.last9.genai.internal.Registrations;
import io.last9.genai.internal.Throwables;
import io.last9.genai.internal.setup.ConsoleSpanExporterProvider;
import io.last9.genai.internal.setup.Last9AutoConfigurationCustomizerProvider;
import io.last9.genai.pricing.ModelPricing;
import io.last9.genai.turns.InMemoryTurnStore;
import io.last9.genai.turns.TurnStore;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.logs.LoggerProvider;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdkBuilder;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One-call set-up for applications with no OpenTelemetry set-up of their own (the Python SDK's
 * {@code install()}): builds an OpenTelemetry SDK with {@link Last9SpanProcessor} and an exporter,
 * registers it as the global instance, and is itself that {@link OpenTelemetry}, to hand to
 * instrumentations ({@code OpenTelemetry otel = Last9GenAi.builder().install();}).
 *
 * <pre>{@code
 * try (Last9GenAi genai = Last9GenAi.builder()
 *     .serviceName("support-bot")
 *     .pricing(Map.of("gpt-4o", ModelPricing.of(2.50, 10.0)))
 *     .install()) {
 *   ... // your application
 * }
 * }</pre>
 *
 * <p>Exporter: OTLP when {@code OTEL_EXPORTER_OTLP_ENDPOINT} (or {@code
 * otel.exporter.otlp.endpoint}) is set, over gRPC unless {@code
 * OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf} (the SDK's default); otherwise a readable console
 * exporter. Every standard {@code OTEL_*} variable is honoured, because the SDK is built by {@code
 * opentelemetry-sdk-extension-autoconfigure}; add it, and {@code opentelemetry-exporter-otlp} for
 * OTLP, to your dependencies (both are optional dependencies of this library).
 *
 * <p>If your application already builds its SDK with autoconfigure, or runs the OpenTelemetry Java
 * agent, you do not need this class: the processor is added through the autoconfigure SPI from
 * configuration alone.
 */
public final class Last9GenAi implements OpenTelemetry, AutoCloseable {

  private static final Logger logger = Logger.getLogger(Last9GenAi.class.getName());

  /** The most {@link #flush()} and {@link #close()} wait, in all, for a slow or hung exporter. */
  private static final long TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final OpenTelemetrySdk sdk;
  private final Last9SpanProcessor processor;
  private final boolean global;

  /** This SDK as the one the library uses when a caller names none; withdrawn on close. */
  private final Registrations.Registration preferred;

  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread shutdownHook = new Thread(this::shutdown, "last9-genai-shutdown");

  private Last9GenAi(OpenTelemetrySdk sdk, Last9SpanProcessor processor, boolean global) {
    this.sdk = sdk;
    this.preferred = HostTelemetry.prefer(sdk);
    this.processor = processor;
    this.global = global;
    // flushes at exit when the application never calls close(); one hook, so the SDK is shut down
    // exactly once
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Installs with the defaults. */
  public static Last9GenAi install() {
    return builder().install();
  }

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The SDK that was built. */
  public OpenTelemetrySdk openTelemetry() {
    return sdk;
  }

  /** The processor that was installed. */
  public Last9SpanProcessor processor() {
    return processor;
  }

  /** True when the SDK was registered as {@link GlobalOpenTelemetry}. */
  public boolean isGlobal() {
    return global;
  }

  @Override
  public TracerProvider getTracerProvider() {
    return sdk.getTracerProvider();
  }

  @Override
  public MeterProvider getMeterProvider() {
    return sdk.getMeterProvider();
  }

  @Override
  public LoggerProvider getLogsBridge() {
    return sdk.getLogsBridge();
  }

  @Override
  public ContextPropagators getPropagators() {
    return sdk.getPropagators();
  }

  /**
   * Flushes pending spans and metrics, waiting at most 10 seconds in all, however slow or hung the
   * exporters are.
   */
  public void flush() {
    awaitBounded(
        "last9-genai-flush",
        deadline -> {
          // both started before either is awaited: a slow trace exporter does not delay the metrics
          CompletableResultCode traces = sdk.getSdkTracerProvider().forceFlush();
          CompletableResultCode metrics = sdk.getSdkMeterProvider().forceFlush();
          CompletableResultCode.ofAll(List.of(traces, metrics))
              .join(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        });
  }

  /**
   * Flushes and shuts the SDK down, waiting at most 10 seconds in all, however slow or hung the
   * exporters are (once; later calls do nothing). An export still running then goes on in the
   * background until the exporter gives up.
   */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException alreadyShuttingDown) {
      // the JVM is exiting: the hook runs (or ran) shutdown()
    }
    shutdown();
  }

  private void shutdown() {
    if (closed.compareAndSet(false, true)) {
      preferred.close();
      awaitBounded(
          "last9-genai-shutdown",
          deadline ->
              sdk.shutdown().join(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
    }
  }

  /**
   * Runs {@code work} on a daemon thread and waits for it at most the timeout from now. The SDK's
   * own waits do not bound the caller: its metric reader exports (and, shutting down, waits for its
   * scheduler) in the thread that flushes it, and the trace and metric sides wait one after the
   * other; only a thread of our own keeps the caller's wait at the documented total.
   */
  private static void awaitBounded(String name, DeadlineTask work) {
    long deadline = System.nanoTime() + TIMEOUT_NANOS;
    Thread worker =
        new Thread(
            () -> {
              try {
                work.run(deadline);
              } catch (Throwable t) {
                Throwables.rethrowIfFatal(t);
                logger.log(Level.WARNING, "last9-genai: " + name + " failed", t);
              }
            },
            name);
    worker.setDaemon(true); // never keeps the JVM alive for a hung exporter
    worker.start();
    boolean interrupted = false;
    long remaining;
    while (worker.isAlive() && (remaining = deadline - System.nanoTime()) > 0) {
      try {
        TimeUnit.NANOSECONDS.timedJoin(worker, remaining);
      } catch (InterruptedException e) {
        interrupted = true; // the caller's interrupt: stop waiting, and keep it for the caller
        break;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    } else if (worker.isAlive()) {
      logger.warning(
          "last9-genai: "
              + name
              + " did not finish within "
              + TimeUnit.NANOSECONDS.toSeconds(TIMEOUT_NANOS)
              + " s (an exporter is slow or hung); it goes on in the background");
    }
  }

  /** Work that must be done by a deadline ({@link System#nanoTime()}). */
  @FunctionalInterface
  private interface DeadlineTask {
    void run(long deadlineNanos);
  }

  /** Builder for {@link Last9GenAi}. */
  public static final class Builder {
    private final Last9SpanProcessorBuilder processor = Last9SpanProcessor.builder();
    private final List<SpanExporter> extraExporters = new ArrayList<>();
    private final Map<String, String> properties = new HashMap<>();
    private boolean setGlobal = true;

    private Builder() {}

    /** The service name ({@code service.name}), unless {@code OTEL_SERVICE_NAME} says otherwise. */
    public Builder serviceName(String name) {
      return property("otel.service.name", name);
    }

    /** Your own prices by model name. */
    public Builder pricing(Map<String, ModelPricing> pricing) {
      processor.pricing(pricing);
      return this;
    }

    /**
     * Loads a genai-prices pricing file; fails fast, naming the file and the entry.
     *
     * @throws io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException when the file is
     *     missing, cannot be read or is malformed
     */
    public Builder addPricingFile(Path file) {
      processor.addPricingFile(file);
      return this;
    }

    /** Whether the bundled catalog is used (default true). */
    public Builder bundledCatalog(boolean enabled) {
      processor.bundledCatalog(enabled);
      return this;
    }

    /** The turn store (default: {@link InMemoryTurnStore}). */
    public Builder turnStore(TurnStore store) {
      processor.turnStore(store);
      return this;
    }

    /** Stamps ids received from upstream services as W3C Baggage (default false). */
    public Builder stampFromBaggage(boolean enabled) {
      processor.stampFromBaggage(enabled);
      return this;
    }

    /**
     * Redacts the captured content of every span with {@code redactor} when it ends (see {@link
     * Last9SpanProcessorBuilder#contentRedaction}); typically {@link RedactionRules}.
     */
    public Builder contentRedaction(ContentRedactor redactor) {
      processor.contentRedaction(redactor);
      return this;
    }

    /**
     * Also writes the content keys the semantic conventions removed ({@code gen_ai.prompt}, {@code
     * gen_ai.completion} and their {@code gen_ai.content.*} events), default false.
     */
    public Builder legacyContentKeys(boolean enabled) {
      processor.legacyContentKeys(enabled);
      return this;
    }

    /** An additional exporter, fed synchronously (an in-memory exporter in tests and demos). */
    public Builder addSpanExporter(SpanExporter exporter) {
      extraExporters.add(exporter);
      return this;
    }

    /**
     * A default for an autoconfigure property ({@code otel.traces.exporter}, say); environment
     * variables and system properties still win.
     */
    public Builder property(String key, String value) {
      properties.put(key, value);
      return this;
    }

    /** Whether to register the SDK as {@link GlobalOpenTelemetry} (default true). */
    public Builder setGlobal(boolean global) {
      this.setGlobal = global;
      return this;
    }

    /**
     * Builds and starts the SDK.
     *
     * <p>If a global OpenTelemetry is already registered (by the Java agent, or another set-up),
     * the new SDK is not made global and a warning says so; use {@link Last9GenAi#openTelemetry()}
     * explicitly, or rely on the autoconfigure SPI to add the processor to the existing SDK.
     */
    public Last9GenAi install() {
      requireAutoconfigure();
      AtomicReference<OpenTelemetrySdk> built = new AtomicReference<>();
      processor.meterProviderSupplier(
          () -> {
            OpenTelemetrySdk s = built.get();
            return s == null ? null : s.getSdkMeterProvider();
          });
      Last9SpanProcessor last9 = processor.build();
      Map<String, String> defaults = new HashMap<>();
      boolean otlp = endpointConfigured();
      defaults.put("otel.traces.exporter", otlp ? "otlp" : ConsoleSpanExporterProvider.NAME);
      defaults.put("otel.metrics.exporter", otlp ? "otlp" : "none");
      defaults.put("otel.logs.exporter", otlp ? "otlp" : "none");
      defaults.putAll(properties);
      defaults.put(Last9AutoConfigurationCustomizerProvider.INSTALLED_PROGRAMMATICALLY, "true");
      AutoConfiguredOpenTelemetrySdkBuilder sdkBuilder =
          AutoConfiguredOpenTelemetrySdk.builder()
              .disableShutdownHook() // Last9GenAi registers its own, which close() removes
              .addPropertiesSupplier(() -> defaults)
              .addTracerProviderCustomizer(
                  (builder, config) -> {
                    builder.addSpanProcessor(last9);
                    for (SpanExporter e : extraExporters) {
                      builder.addSpanProcessor(SimpleSpanProcessor.create(e));
                    }
                    return builder;
                  })
              .addLoggerProviderCustomizer(
                  (builder, config) -> builder.addLogRecordProcessor(last9.contentEvents()));
      OpenTelemetrySdk sdk = sdkBuilder.build().getOpenTelemetrySdk();
      built.set(sdk);
      boolean global = setGlobal && registerGlobal(sdk);
      return new Last9GenAi(sdk, last9, global);
    }

    /**
     * Registers {@code sdk} as the global instance unless one is registered already (set-and-catch
     * rather than {@code isSet()}, which OpenTelemetry APIs before 1.52 lack).
     */
    private static boolean registerGlobal(OpenTelemetrySdk sdk) {
      try {
        GlobalOpenTelemetry.set(sdk);
        return true;
      } catch (IllegalStateException alreadySet) {
        logger.warning(
            "A global OpenTelemetry is already registered (the Java agent, or another set-up): "
                + "last9-genai's SDK is not made global, but the library's own spans and metric use it. Pass "
                + "Last9GenAi.openTelemetry() to other instrumentations explicitly, or let the autoconfigure SPI add "
                + "Last9SpanProcessor to the existing SDK.");
        return false;
      }
    }

    private static void requireAutoconfigure() {
      try {
        Class.forName(
            "io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk",
            false,
            Last9GenAi.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(
            "Last9GenAi.install() needs io.opentelemetry:"
                + "opentelemetry-sdk-extension-autoconfigure on the classpath (and opentelemetry-exporter-otlp to "
                + "export over OTLP); add them to your dependencies, or add Last9SpanProcessor to your own SDK.",
            e);
      }
    }

    private static boolean endpointConfigured() {
      String e = System.getProperty("otel.exporter.otlp.endpoint");
      if (e == null) {
        e = System.getProperty("otel.exporter.otlp.traces.endpoint");
      }
      if (e == null) {
        e = System.getenv("OTEL_EXPORTER_OTLP_ENDPOINT");
      }
      if (e == null) {
        e = System.getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT");
      }
      return e != null && !e.isBlank();
    }
  }
}
