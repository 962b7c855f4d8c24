/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.metrics.ConfigurableMetricExporterProvider;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Exporters that never finish, selected by autoconfigure as {@code otel.traces.exporter} and {@code
 * otel.metrics.exporter} {@value #NAME}: the span exporter's results never complete, and the metric
 * exporter blocks the thread that calls it until {@link #release()}, as a collector that accepts a
 * connection and never answers would.
 */
final class HungExporters {

  static final String NAME = "last9-test-hung";

  private static final AtomicReference<CountDownLatch> released =
      new AtomicReference<>(new CountDownLatch(1));

  private HungExporters() {}

  /** Lets every blocked export return, and hangs the next ones again. */
  static void release() {
    released.getAndSet(new CountDownLatch(1)).countDown();
  }

  private static CompletableResultCode blockUntilReleased() {
    try {
      released.get().await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return CompletableResultCode.ofFailure();
  }

  /** The span exporter provider. */
  public static final class Spans implements ConfigurableSpanExporterProvider {
    @Override
    public SpanExporter createExporter(ConfigProperties config) {
      return new SpanExporter() {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
          return new CompletableResultCode(); // never completes
        }

        @Override
        public CompletableResultCode flush() {
          return new CompletableResultCode();
        }

        @Override
        public CompletableResultCode shutdown() {
          return new CompletableResultCode();
        }
      };
    }

    @Override
    public String getName() {
      return NAME;
    }
  }

  /** The metric exporter provider. */
  public static final class Metrics implements ConfigurableMetricExporterProvider {
    @Override
    public MetricExporter createExporter(ConfigProperties config) {
      return new MetricExporter() {
        @Override
        public CompletableResultCode export(Collection<MetricData> metrics) {
          return blockUntilReleased();
        }

        @Override
        public CompletableResultCode flush() {
          return blockUntilReleased();
        }

        @Override
        public CompletableResultCode shutdown() {
          return blockUntilReleased();
        }

        @Override
        public AggregationTemporality getAggregationTemporality(InstrumentType type) {
          return AggregationTemporality.CUMULATIVE;
        }
      };
    }

    @Override
    public String getName() {
      return NAME;
    }
  }
}
