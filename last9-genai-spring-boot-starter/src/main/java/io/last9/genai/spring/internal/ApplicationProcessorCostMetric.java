/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import io.last9.genai.Last9SpanProcessor;
import io.last9.genai.pricing.CostMetricSink;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Gives a {@link Last9SpanProcessor} bean that the application made itself, for which the starter's
 * processor backs off, the cost-metric sink the starter's own processor would have had: {@code
 * gen_ai.client.cost} then reaches Micrometer's registry (else the OpenTelemetry bean's meter
 * provider) instead of a meter provider nobody reads. A processor the application built with its
 * own sink or meter provider is left as it is; the starter's own was built with the sink. Runs once
 * every singleton exists.
 */
final class ApplicationProcessorCostMetric implements SmartInitializingSingleton {

  private static final Logger logger =
      Logger.getLogger(ApplicationProcessorCostMetric.class.getName());

  private final ObjectProvider<Last9SpanProcessor> processors;
  private final ObjectProvider<CostMetricSink> sinks;

  ApplicationProcessorCostMetric(
      ObjectProvider<Last9SpanProcessor> processors, ObjectProvider<CostMetricSink> sinks) {
    this.processors = processors;
    this.sinks = sinks;
  }

  @Override
  public void afterSingletonsInstantiated() {
    CostMetricSink sink = sinks.getIfUnique();
    if (sink == null) {
      return;
    }
    processors
        .orderedStream()
        .forEach(
            processor -> {
              if (processor.useCostMetricSinkIfUnset(sink)) {
                logger.log(
                    Level.FINE,
                    "last9-genai: the application's Last9SpanProcessor bean records the cost metric "
                        + "through the starter's CostMetricSink");
              }
            });
  }
}
