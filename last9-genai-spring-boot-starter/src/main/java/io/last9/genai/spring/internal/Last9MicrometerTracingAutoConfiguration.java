/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import io.last9.genai.internal.Registrations;
import io.last9.genai.internal.ScopeActivation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * With Micrometer Tracing bridged to OpenTelemetry (Boot 3.5's {@code
 * micrometer-tracing-bridge-otel}, Boot 4's OpenTelemetry starter): last9-genai scopes opened
 * inside an observation reach the spans of the observations inside them (see {@link
 * ObservationScopeActivator}).
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
@AutoConfiguration
@ConditionalOnClass(
    name = {
      "io.micrometer.tracing.otel.bridge.OtelTracer",
      "io.micrometer.observation.ObservationRegistry"
    })
@ConditionalOnProperty(prefix = "last9.genai", name = "enabled", matchIfMissing = true)
public class Last9MicrometerTracingAutoConfiguration {

  /** Registers the activator once the application's registry and tracer exist. */
  @Bean
  static ActivatorRegistration last9ObservationScopeActivator(
      ObjectProvider<ObservationRegistry> registry, ObjectProvider<Tracer> tracer) {
    return new ActivatorRegistration(registry, tracer);
  }

  /** Installs the activator for the application's lifetime (one application context at a time). */
  static final class ActivatorRegistration implements SmartInitializingSingleton, DisposableBean {
    private final ObjectProvider<ObservationRegistry> registry;
    private final ObjectProvider<Tracer> tracer;
    private volatile Registrations.Registration installed;

    ActivatorRegistration(
        ObjectProvider<ObservationRegistry> registry, ObjectProvider<Tracer> tracer) {
      this.registry = registry;
      this.tracer = tracer;
    }

    @Override
    public void afterSingletonsInstantiated() {
      ObservationRegistry r = registry.getIfUnique();
      Tracer t = tracer.getIfUnique();
      if (r != null && !r.isNoop() && t instanceof OtelTracer) {
        installed = ScopeActivation.register(new ObservationScopeActivator(r, t));
      }
    }

    @Override
    public void destroy() {
      // only ours: a second application context in the same JVM keeps its own
      Registrations.Registration r = installed;
      if (r != null) {
        r.close();
      }
    }
  }
}
