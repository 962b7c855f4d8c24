/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import io.last9.genai.internal.HostTelemetry;
import io.last9.genai.internal.Registrations;
import io.opentelemetry.api.OpenTelemetry;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Registers the application's {@link OpenTelemetry} bean as the one the library's own spans
 * (workflows, {@code Observation}, {@code @ObserveGenAi}) and the cost metric use when a caller
 * names none: Spring Boot sets no {@code GlobalOpenTelemetry}, so without this they would go to a
 * no-op. Removed again when the context closes.
 */
final class HostTelemetryRegistration implements SmartInitializingSingleton, DisposableBean {

  private final ObjectProvider<OpenTelemetry> openTelemetry;
  private volatile Registrations.Registration registered;

  HostTelemetryRegistration(ObjectProvider<OpenTelemetry> openTelemetry) {
    this.openTelemetry = openTelemetry;
  }

  @Override
  public void afterSingletonsInstantiated() {
    OpenTelemetry otel = openTelemetry.getIfUnique();
    if (otel != null) {
      registered = HostTelemetry.prefer(otel);
    }
  }

  @Override
  public void destroy() {
    // only ours: a second application context in the same JVM keeps its own
    Registrations.Registration r = registered;
    if (r != null) {
      r.close();
    }
  }
}
