/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.quarkus.internal;

import io.last9.genai.Last9SpanProcessor;
import io.last9.genai.internal.HostTelemetry;
import io.last9.genai.internal.Registrations;
import io.last9.genai.internal.setup.ProcessorSettings;
import io.last9.genai.internal.setup.Settings;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import org.eclipse.microprofile.config.Config;

/**
 * Produces the library's processor as a {@link SpanProcessor} bean: {@code quarkus-opentelemetry}
 * adds every {@code SpanProcessor} bean to the tracer provider it builds, so the processor sees
 * every span of the application (REST, REST client, quarkus-langchain4j's, the application's own).
 *
 * <p>It is configured from {@code quarkus.last9.genai.*} by the core's own settings reader, so a
 * setting has the same name, default and meaning as {@code otel.last9.genai.*} under autoconfigure.
 * The cost metric goes to the meter provider of the application's {@link OpenTelemetry} bean,
 * looked up when the first cost is recorded (the bean is being built when the processor is made).
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
@Singleton
public class Last9Producer {

  private volatile Registrations.Registration registered;

  /** The settings of this application, read once. */
  @Produces
  @Singleton
  QuarkusSettings settings(Config config) {
    return new QuarkusSettings(
        Settings.of(
            new QuarkusConfigProperties(config),
            QuarkusConfigProperties.QUARKUS_PREFIX,
            Last9Producer::resolve));
  }

  /**
   * The processor, or one that does nothing with {@code quarkus.last9.genai.enabled=false}. A wrong
   * setting fails start-up with a message naming the property, its value and the reason.
   */
  @Produces
  @Singleton
  SpanProcessor last9SpanProcessor(
      QuarkusSettings settings, @Any Instance<Last9SpanProcessor> applicationProcessors) {
    Settings s = settings.settings();
    if (!ProcessorSettings.enabled(s) || !applicationProcessors.isUnsatisfied()) {
      // off, or the application made its own (a bean of type Last9SpanProcessor): one processor
      // only
      return SpanProcessor.composite();
    }
    // Quarkus loads the application's dependencies (last9-genai-redis, say) in a child of the
    // extension's class loader: their turn-store providers are found through the context class
    // loader
    Last9SpanProcessor processor =
        ProcessorSettings.builderFindingTurnStoresIn(
                s, Thread.currentThread().getContextClassLoader())
            .meterProviderSupplier(Last9Producer::applicationMeterProvider)
            .build();
    return processor;
  }

  /**
   * Makes the application's {@link OpenTelemetry} the one the library's own spans (a {@code
   * WorkflowContext}'s, {@code GenAiObservation}'s) use when a caller names none: Quarkus sets no
   * {@code GlobalOpenTelemetry}, so without this they would go to a no-op.
   */
  void onStart(@Observes StartupEvent event, OpenTelemetry openTelemetry) {
    registered = HostTelemetry.prefer(openTelemetry);
  }

  @PreDestroy
  void onStop() {
    // only ours: another application in the same JVM (a test run) keeps its own
    Registrations.Registration r = registered;
    registered = null;
    if (r != null) {
      r.close();
    }
  }

  /** The meter provider Quarkus configured; null (no metric yet) while it is not available. */
  private static MeterProvider applicationMeterProvider() {
    try {
      if (Arc.container() == null) {
        return null;
      }
      InstanceHandle<OpenTelemetry> otel = Arc.container().instance(OpenTelemetry.class);
      return otel.isAvailable() ? otel.get().getMeterProvider() : null;
    } catch (Throwable t) {
      // the container is shutting down, or the bean is not built yet: the metric waits
      return null;
    }
  }

  /**
   * A file for a configured location: a path, or a {@code classpath:} resource (copied to a
   * temporary file first, as a resource inside a jar is not a file).
   */
  static Path resolve(String location) {
    if (!location.startsWith("classpath:")) {
      return Paths.get(location.startsWith("file:") ? location.substring(5) : location);
    }
    String name = location.substring("classpath:".length());
    name = name.startsWith("/") ? name.substring(1) : name;
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try (InputStream in = loader == null ? null : loader.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("the pricing file does not exist or cannot be read");
      }
      Path copy = Files.createTempFile("last9-genai-pricing-", ".json");
      copy.toFile().deleteOnExit();
      Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
      return copy;
    } catch (IOException e) {
      throw new IllegalArgumentException("the pricing file could not be read: " + e);
    }
  }
}
