/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import io.last9.genai.GenAiAttributes;
import io.last9.genai.pricing.CostMetricSink;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Records {@code gen_ai.client.cost} on the application's Micrometer {@link MeterRegistry}, so it
 * is exported wherever the application's other metrics go (Boot 4's OpenTelemetry starter exports
 * them through Micrometer's OTLP registry).
 *
 * <p>The registry is looked up once every singleton exists, not when the processor is made: a
 * registry can depend on the tracer (Prometheus exemplars do), and the tracer on the processor. A
 * call priced before that is not counted.
 *
 * <p>Every series has the same four tags ({@code none} where a dimension is absent), as registries
 * such as Prometheus require. The number of series is bounded: past {@code maxSeries} attribute
 * sets, further sets are counted in one overflow series whose four tags are all {@code _overflow}
 * (OpenTelemetry's SDK does the same at its cardinality limit), so the total stays exact.
 */
final class MicrometerCostMetricSink implements CostMetricSink, SmartInitializingSingleton {

  static final String NAME = "gen_ai.client.cost";

  private static final AttributeKey<String> MODEL = AttributeKey.stringKey("gen_ai.response.model");
  private static final List<AttributeKey<String>> DIMENSIONS =
      List.of(
          MODEL,
          GenAiAttributes.PROVIDER_NAME,
          GenAiAttributes.L9_SPAN_KIND,
          GenAiAttributes.WORKFLOW_TYPE);
  private static final String NONE = "none";
  static final String OVERFLOW = "_overflow";

  private final ObjectProvider<MeterRegistry> registries;
  private final int maxSeries;
  private final ConcurrentMap<Attributes, Counter> counters = new ConcurrentHashMap<>();
  private volatile MeterRegistry registry;
  private volatile Counter overflow;

  MicrometerCostMetricSink(ObjectProvider<MeterRegistry> registries, int maxSeries) {
    this.registries = registries;
    this.maxSeries = Math.max(1, maxSeries);
  }

  @Override
  public void afterSingletonsInstantiated() {
    this.registry = registries.getIfAvailable();
  }

  boolean hasRegistry() {
    return registry != null;
  }

  @Override
  public void record(double costUsd, Attributes attributes) {
    MeterRegistry r = registry;
    if (r == null) {
      return;
    }
    Counter c = counters.get(attributes);
    if (c == null) {
      c =
          counters.size() < maxSeries
              ? counters.computeIfAbsent(attributes, a -> counter(r, tags(a)))
              : overflow(r);
    }
    c.increment(costUsd);
  }

  private Counter overflow(MeterRegistry r) {
    Counter c = overflow;
    if (c == null) {
      Tags tags = Tags.empty();
      for (AttributeKey<String> k : DIMENSIONS) {
        tags = tags.and(k.getKey(), OVERFLOW);
      }
      c = counter(r, tags);
      overflow = c;
    }
    return c;
  }

  private static Tags tags(Attributes a) {
    Tags tags = Tags.empty();
    for (AttributeKey<String> k : DIMENSIONS) {
      String v = a.get(k);
      tags = tags.and(k.getKey(), v == null || v.isEmpty() ? NONE : v);
    }
    return tags;
  }

  private static Counter counter(MeterRegistry r, Tags tags) {
    return Counter.builder(NAME)
        .baseUnit("USD")
        .description("USD cost of LLM calls, computed from token usage and model prices")
        .tags(tags)
        .register(r);
  }
}
