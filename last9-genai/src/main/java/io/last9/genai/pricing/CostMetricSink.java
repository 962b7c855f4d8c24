/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing;

import io.last9.genai.Last9SpanProcessorBuilder;
import io.last9.genai.pricing.internal.CostMetric;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.MeterProvider;
import java.util.function.Supplier;

/**
 * Where the cost metric {@code gen_ai.client.cost} (USD, a monotonic sum) is recorded, once per
 * priced LLM call.
 *
 * <p>The default records it on the host's OpenTelemetry {@code MeterProvider}. An application whose
 * metrics go through another library registers its own sink with {@link
 * Last9SpanProcessorBuilder#costMetricSink}: the Spring Boot starter records it on Micrometer's
 * {@code MeterRegistry} when the application has one.
 *
 * <p>The attributes are {@code gen_ai.response.model} (the price entry's model), {@code
 * gen_ai.provider.name}, {@code gen_ai.l9.span.kind} and, inside a workflow, {@code workflow.type};
 * their values are capped in length, so a sink that keeps one series per attribute set only has to
 * bound the number of sets.
 */
@FunctionalInterface
public interface CostMetricSink {

  /**
   * Records the USD cost of one priced call. Called from span processing: it must be quick and must
   * not block. A sink that throws is reported once and the span is exported as usual.
   *
   * @param costUsd the call's cost, finite and not negative
   * @param attributes the dimensions listed above
   */
  void record(double costUsd, Attributes attributes);

  /**
   * The default sink: a counter on the meter provider that {@code meterProvider} supplies, made
   * when it first supplies one ({@code null} until then: the call is not counted).
   */
  static CostMetricSink meterProvider(Supplier<MeterProvider> meterProvider) {
    return CostMetric.meterProviderSink(meterProvider);
  }
}
