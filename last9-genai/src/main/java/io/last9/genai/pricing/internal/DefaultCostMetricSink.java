/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import io.last9.genai.Last9SpanProcessor;
import io.last9.genai.pricing.CostMetricSink;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.MeterProvider;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The cost metric's sink of a processor whose builder named none: the host's meter provider until a
 * set-up that owns the application's metrics connects its own sink ({@link
 * Last9SpanProcessor#useCostMetricSinkIfUnset}), such as the Spring Boot starter's Micrometer sink
 * for a processor bean the application made itself.
 */
public final class DefaultCostMetricSink implements CostMetricSink {

  /** The host's meter provider, whose sink is made on the first record (not at start-up). */
  private final Supplier<MeterProvider> host;

  private volatile CostMetricSink delegate;

  public DefaultCostMetricSink(Supplier<MeterProvider> host) {
    this.host = Objects.requireNonNull(host, "host");
  }

  /** Records in {@code sink} from now on. */
  public void connect(CostMetricSink sink) {
    this.delegate = Objects.requireNonNull(sink, "sink");
  }

  @Override
  public void record(double costUsd, Attributes attributes) {
    CostMetricSink d = delegate;
    if (d == null) {
      synchronized (this) {
        d = delegate;
        if (d == null) {
          d = CostMetric.meterProviderSink(host);
          delegate = d;
        }
      }
    }
    d.record(costUsd, attributes);
  }
}
