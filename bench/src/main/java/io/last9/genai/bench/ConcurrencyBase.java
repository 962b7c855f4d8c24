/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.bench;

import io.last9.genai.ConversationContext;
import io.last9.genai.Last9SpanProcessor;
import io.last9.genai.WorkflowContext;
import io.last9.genai.internal.ScopeState;
import io.last9.genai.internal.WorkflowTotals;
import io.last9.genai.observe.GenAiObservation;
import io.last9.genai.observe.ResponseInfo;
import io.last9.genai.testing.TestSpanProcessor;
import io.last9.genai.turns.InMemoryTurnStore;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * M3: the same operations at 1 and 2 threads ({@link Concurrency1T}, {@link Concurrency2T});
 * scaling is the throughput ratio 2T/1T, compared with the plain SDK span's own scaling in the same
 * run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public abstract class ConcurrencyBase {

  static final AtomicInteger THREADS = new AtomicInteger();

  @State(Scope.Benchmark)
  public static class Shared {
    Tracer plain;
    Tracer last9Tracer;
    GenAiObservation observation;
    InMemoryTurnStore turns;
    Context sameConversation;
    Context sameWorkflow;
    WorkflowTotals totals;

    @Setup
    public void setUp() {
      plain = Fixtures.tracer(TestSpanProcessor.noop());
      turns = InMemoryTurnStore.create();
      Last9SpanProcessor p =
          Last9SpanProcessor.builder()
              .pricing(Fixtures.PRICING)
              .meterProvider(MeterProvider.noop())
              .turnStore(turns)
              .build();
      OpenTelemetry otel = Fixtures.otel(p);
      last9Tracer = otel.getTracer("bench");
      observation =
          GenAiObservation.llm("chat")
              .model("gpt-4o")
              .provider("openai")
              .openTelemetry(otel)
              .captureInput(false)
              .captureOutput(false)
              .build();
      try (ConversationContext c = ConversationContext.builder("conv-shared").userId("u").start()) {
        sameConversation = Context.current();
      }
      try (WorkflowContext w =
          WorkflowContext.builder("wf-shared").type("rag").contextOnly().start()) {
        sameWorkflow = Context.current();
      }
      // the totals travel in the captured context: spans started in it count there after the scope
      // closed
      totals = ScopeState.fromContext(sameWorkflow).workflowTotals();
    }
  }

  @State(Scope.Thread)
  public static class PerThread {
    Context ownConversation;
    String conversationId;

    @Setup
    public void setUp() {
      conversationId = "conv-thread-" + THREADS.incrementAndGet();
      try (ConversationContext c =
          ConversationContext.builder(conversationId).userId("u").start()) {
        ownConversation = Context.current();
      }
    }
  }

  /** Baseline scaling: the plain SDK span (TestSpanProcessor.noop()), root parent. */
  @Benchmark
  public Span m3_sdkSpan(Shared s) {
    Span span = s.plain.spanBuilder("op").setParent(Context.root()).startSpan();
    span.end();
    return span;
  }

  /** Observed, priced LLM call, each thread in its own conversation (a turn per call). */
  @Benchmark
  public ResponseInfo m3_distinctConversations(Shared s, PerThread t) {
    try (io.opentelemetry.context.Scope ignored = t.ownConversation.makeCurrent()) {
      return s.observation.get(Fixtures.LLM);
    }
  }

  /**
   * Observed, priced LLM call, both threads in one conversation (turns drawn from the same
   * counter).
   */
  @Benchmark
  public ResponseInfo m3_sameConversation(Shared s) {
    try (io.opentelemetry.context.Scope ignored = s.sameConversation.makeCurrent()) {
      return s.observation.get(Fixtures.LLM);
    }
  }

  /** Observed, priced LLM call, both threads in one workflow (cost added to the same totals). */
  @Benchmark
  public ResponseInfo m3_sameWorkflow(Shared s) {
    try (io.opentelemetry.context.Scope ignored = s.sameWorkflow.makeCurrent()) {
      return s.observation.get(Fixtures.LLM);
    }
  }

  /** The turn store alone, same conversation from both threads. */
  @Benchmark
  public long m3_turnStoreSameConversation(Shared s) {
    return s.turns.nextTurn("conv-shared");
  }

  /**
   * The workflow totals alone: one priced LLM call added to the same workflow from both threads.
   */
  @Benchmark
  public WorkflowTotals m3_workflowTotalsAdd(Shared s) {
    s.totals.addLlmCall(0.0075, 1_000, 500);
    return s.totals;
  }
}
