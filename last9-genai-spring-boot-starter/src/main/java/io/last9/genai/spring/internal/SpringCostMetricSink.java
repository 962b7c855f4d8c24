/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import io.last9.genai.pricing.CostMetricSink;
import io.opentelemetry.api.common.Attributes;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * The cost metric's sink in a Spring application: Micrometer's registry when the application has a
 * {@code MeterRegistry} bean, otherwise the OpenTelemetry bean's meter provider (registered with
 * the library by {@link HostTelemetryRegistration}). Decided once every singleton exists.
 */
final class SpringCostMetricSink implements CostMetricSink, SmartInitializingSingleton {

  private final MicrometerCostMetricSink micrometer;
  private final CostMetricSink openTelemetry;
  private volatile CostMetricSink active;

  SpringCostMetricSink(MicrometerCostMetricSink micrometer, CostMetricSink openTelemetry) {
    this.micrometer = micrometer;
    this.openTelemetry = openTelemetry;
  }

  @Override
  public void afterSingletonsInstantiated() {
    if (micrometer != null) {
      micrometer.afterSingletonsInstantiated();
    }
    active = micrometer != null && micrometer.hasRegistry() ? micrometer : openTelemetry;
  }

  @Override
  public void record(double costUsd, Attributes attributes) {
    CostMetricSink a = active;
    if (a != null) {
      a.record(costUsd, attributes);
    }
  }
}
