/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.bench;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
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

  @State(Scope.Benchmark)
  public static class BspOnly {
    SdkTracerProvider provider;
    Tracer tracer;
    Context parent;

    @Setup
    public void setUp() {
      provider =
          SdkTracerProvider.builder()
              .addSpanProcessor(BatchSpanProcessor.builder(SpanExporter.composite()).build())
              .build();
      tracer = provider.get("bench");
      parent = Fixtures.conversationAndWorkflow("conv-1");
    }

    @TearDown
    public void tearDown() {
      provider.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  @State(Scope.Benchmark)
  public static class Last9AndBsp {
    SdkTracerProvider provider;
    Tracer tracer;
    Context parent;

    @Setup
    public void setUp() {
      provider =
          SdkTracerProvider.builder()
              .addSpanProcessor(Fixtures.last9())
              .addSpanProcessor(BatchSpanProcessor.builder(SpanExporter.composite()).build())
              .build();
      tracer = provider.get("bench");
      parent = Fixtures.conversationAndWorkflow("conv-1");
    }

    @TearDown
    public void tearDown() {
      provider.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  @State(Scope.Benchmark)
  public static class FloorAndBsp {
    SdkTracerProvider provider;
    Tracer tracer;
    Context parent;

    @Setup
    public void setUp() {
      provider =
          SdkTracerProvider.builder()
              .addSpanProcessor(new Fixtures.HandPricingReadsProcessor())
              .addSpanProcessor(BatchSpanProcessor.builder(SpanExporter.composite()).build())
              .build();
      tracer = provider.get("bench");
      parent = Fixtures.handContext();
    }

    @TearDown
    public void tearDown() {
      provider.shutdown().join(10, TimeUnit.SECONDS);
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
