/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.bench;

import io.last9.genai.WorkflowContext;
import io.last9.genai.testing.TestSpanProcessor;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.contrib.baggage.processor.BaggageSpanProcessor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * M1, M1b, M6: one span started and ended, parent passed explicitly, the span returned to JMH. Each
 * provider has exactly one processor, so the SDK's dispatch is the same for baseline and candidate.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class ProcessorBench {

  Tracer plain;
  Tracer hand;
  Tracer last9;
  Tracer baggage;
  Tracer hand4;
  Tracer pricingReads;
  Tracer handPricingReads;
  Context root;
  Context scoped;
  Context handScoped;
  Context fourKeys;
  Context fourBaggage;

  @Setup
  public void setUp() {
    plain = Fixtures.tracer(TestSpanProcessor.noop());
    hand = Fixtures.tracer(new Fixtures.HandProcessor());
    last9 = Fixtures.tracer(Fixtures.last9());
    baggage = Fixtures.tracer(BaggageSpanProcessor.allowAllBaggageKeys());
    hand4 = Fixtures.tracer(new Fixtures.Hand4Processor());
    pricingReads = Fixtures.tracer(new Fixtures.PricingReadsProcessor());
    handPricingReads = Fixtures.tracer(new Fixtures.HandPricingReadsProcessor());
    root = Context.root();
    scoped = Fixtures.conversationAndWorkflow("conv-1");
    // as in any application that uses a scope somewhere: the processor's table of open spans is in
    // use, so every span's end looks in it (a processor that never saw a scoped span skips that)
    last9.spanBuilder("warm-up").setParent(scoped).startSpan().end();
    handScoped = Fixtures.handContext();
    try (WorkflowContext w =
        WorkflowContext.builder("wf-1")
            .type("rag")
            .userId("user-1")
            .attribute("tenant", "acme")
            .contextOnly()
            .start()) {
      fourKeys = Context.current();
    }
    fourBaggage =
        Context.root()
            .with(
                Baggage.builder()
                    .put("workflow.id", "wf-1")
                    .put("workflow.type", "rag")
                    .put("user.id", "user-1")
                    .put("custom.tenant", "acme")
                    .build());
  }

  /** M1 baseline: the same six attributes set by hand in onStart. */
  @Benchmark
  public Span m1_hand() {
    Span s = hand.spanBuilder("op").setParent(handScoped).startSpan();
    s.end();
    return s;
  }

  /** M1 candidate: conversation + workflow scope, our processor stamps six attributes. */
  @Benchmark
  public Span m1_last9() {
    Span s = last9.spanBuilder("op").setParent(scoped).startSpan();
    s.end();
    return s;
  }

  /** M1b baseline: recording span, provider with TestSpanProcessor.noop(). */
  @Benchmark
  public Span m1b_plain() {
    Span s = plain.spanBuilder("op").setParent(root).startSpan();
    s.end();
    return s;
  }

  /** M1b candidate: the same span outside every scope, our processor installed. */
  @Benchmark
  public Span m1b_last9() {
    Span s = last9.spanBuilder("op").setParent(root).startSpan();
    s.end();
    return s;
  }

  /** M6 baseline: contrib BaggageSpanProcessor stamps 4 baggage entries. */
  @Benchmark
  public Span m6_baggage() {
    Span s = baggage.spanBuilder("op").setParent(fourBaggage).startSpan();
    s.end();
    return s;
  }

  /** M6 candidate: our processor stamps the 4 keys of a workflow scope. */
  @Benchmark
  public Span m6_last9() {
    Span s = last9.spanBuilder("op").setParent(fourKeys).startSpan();
    s.end();
    return s;
  }

  /** M6 floor: the same 4 keys set by hand in onStart, no Baggage, no onEnding. */
  @Benchmark
  public Span m6_hand4() {
    Span s = hand4.spanBuilder("op").setParent(handScoped).startSpan();
    s.end();
    return s;
  }

  /**
   * M1 floor with "every span is priced": the hand-written six attributes plus the three reads at
   * the end that any processor pricing every span must make.
   */
  @Benchmark
  public Span m1_handPricingReads() {
    Span s = handPricingReads.spanBuilder("op").setParent(handScoped).startSpan();
    s.end();
    return s;
  }

  /** M1b floor with "every span is priced": only the three reads at the end. */
  @Benchmark
  public Span m1b_pricingReads() {
    Span s = pricingReads.spanBuilder("op").setParent(root).startSpan();
    s.end();
    return s;
  }
}
