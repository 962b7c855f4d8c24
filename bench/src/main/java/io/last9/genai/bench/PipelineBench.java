/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.bench;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * M4: the realistic pipeline, a BatchSpanProcessor with a no-op exporter, with and without our
 * processor. Each provider lives in its own state, so only one BSP worker thread runs during a
 * measurement.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PipelineBench {

  /**
   * A provider whose processors are {@link #first()}, when there is one, and a BatchSpanProcessor
   * with a no-op exporter; a span starts in {@link #parent()}.
   */
  public abstract static class Pipeline {
    SdkTracerProvider provider;
    Tracer tracer;
    Context parent;

    /** The processor before the BatchSpanProcessor, or null. */
    abstract SpanProcessor first();

    Context parent() {
      return Fixtures.conversationAndWorkflow("conv-1");
    }

    @Setup
    public void setUp() {
      SdkTracerProviderBuilder b = SdkTracerProvider.builder();
      SpanProcessor first = first();
      if (first != null) {
        b.addSpanProcessor(first);
      }
      provider =
          b.addSpanProcessor(BatchSpanProcessor.builder(SpanExporter.composite()).build()).build();
      tracer = provider.get("bench");
      parent = parent();
    }

    @TearDown
    public void tearDown() {
      provider.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  /** The BatchSpanProcessor alone (the span is inside the same scopes, which nobody reads). */
  @State(Scope.Benchmark)
  public static class BspOnly extends Pipeline {
    @Override
    SpanProcessor first() {
      return null;
    }
  }

  @State(Scope.Benchmark)
  public static class Last9AndBsp extends Pipeline {
    @Override
    SpanProcessor first() {
      return Fixtures.last9();
    }
  }

  @State(Scope.Benchmark)
  public static class FloorAndBsp extends Pipeline {
    @Override
    SpanProcessor first() {
      return new Fixtures.HandPricingReadsProcessor();
    }

    @Override
    Context parent() {
      return Fixtures.handContext();
    }
  }

  /** M4 baseline: BSP alone (the span is inside the same scopes, which nobody reads). */
  @Benchmark
  public Span m4_bsp(BspOnly s) {
    Span span = s.tracer.spanBuilder("op").setParent(s.parent).startSpan();
    span.end();
    return span;
  }

  /** M4 candidate: our processor stamps six attributes, then BSP. */
  @Benchmark
  public Span m4_last9Bsp(Last9AndBsp s) {
    Span span = s.tracer.spanBuilder("op").setParent(s.parent).startSpan();
    span.end();
    return span;
  }

  /**
   * M4 floor: the hand-written six attributes and the three reads of "every span is priced", with
   * the same BatchSpanProcessor.
   */
  @Benchmark
  public Span m4_floorBsp(FloorAndBsp s) {
    Span span = s.tracer.spanBuilder("op").setParent(s.parent).startSpan();
    span.end();
    return span;
  }
}
