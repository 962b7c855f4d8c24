/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import io.last9.genai.Last9SpanProcessor;
import io.last9.genai.pricing.CostMetricSink;
import io.opentelemetry.api.common.Attributes;
import java.util.Objects;

/**
 * The cost metric's sink of a processor whose builder named none: the host's meter provider until a
 * set-up that owns the application's metrics connects its own sink ({@link
 * Last9SpanProcessor#useCostMetricSinkIfUnset}), such as the Spring Boot starter's Micrometer sink
 * for a processor bean the application made itself.
 */
public final class DefaultCostMetricSink implements CostMetricSink {

  private volatile CostMetricSink delegate;

  public DefaultCostMetricSink(CostMetricSink initial) {
    this.delegate = initial;
  }

  /** Records in {@code sink} from now on. */
  public void connect(CostMetricSink sink) {
    this.delegate = Objects.requireNonNull(sink, "sink");
  }

  @Override
  public void record(double costUsd, Attributes attributes) {
    delegate.record(costUsd, attributes);
  }
}
