/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.bench;

import io.last9.genai.ConversationContext;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.WorkflowContext;
import io.last9.genai.bench.agent.DiscardSpanExporterProvider;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * M11: spans under the OpenTelemetry Java agent, made the way an application under the agent makes
 * them: through {@link GlobalOpenTelemetry}, which the agent bridges into its own SDK (an extra
 * layer both sides pay), with the library's scopes from the application's class path. The same
 * methods run in the forks of two subclasses, in the same JMH run: {@link AgentOnlyBench} (the
 * agent alone) and {@link AgentLast9Bench} (the agent with the last9-genai extension). In both, the
 * agent's SDK exports through its {@code BatchSpanProcessor} to an exporter that discards (the
 * {@code io.last9.genai.bench.agent} extension), and metrics and logs are off.
 *
 * <ul>
 *   <li>{@code m11_plain}: a span outside every scope.
 *   <li>{@code m11_inScopes}: a span inside a {@link ConversationContext} and a {@link
 *       WorkflowContext} the application opened (once per iteration, as a long request would).
 *   <li>{@code m11_priced}: a {@code chat gpt-4o} client span with input and output tokens inside
 *       the same scopes; with the extension it is stamped, priced and added to the workflow.
 * </ul>
 *
 * <p>Each fork checks at set-up that it is in the world it claims to measure: spans record (the
 * agent and its processor are there), and a priced span adds to the workflow's cost exactly when
 * the extension is loaded.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public abstract class AgentBench {

  static final String TRACES = "-Dotel.traces.exporter=" + DiscardSpanExporterProvider.NAME;
  static final String METRICS = "-Dotel.metrics.exporter=none";
  static final String LOGS = "-Dotel.logs.exporter=none";

  /**
   * The agent's own log: off, or the BatchSpanProcessor's "queue is full" warning (a span loop
   * outruns any exporter) floods the run's output. The set-up checks stand in for its start-up
   * messages.
   */
  static final String QUIET = "-Dotel.javaagent.logging=none";

  Tracer tracer;

  /** Whether this class's forks load the last9-genai extension. */
  abstract boolean extensionLoaded();

  /** The application's scopes, open for the whole iteration on the benchmark's thread. */
  @State(Scope.Thread)
  public static class InScopes {
    ConversationContext conversation;
    WorkflowContext workflow;

    @Setup(Level.Iteration)
    public void open() {
      conversation = ConversationContext.builder("user_123_session_456").userId("user_123").start();
      workflow = WorkflowContext.builder("rag_pipeline_1").type("rag").start();
    }

    @TearDown(Level.Iteration)
    public void close() {
      workflow.close();
      conversation.close();
    }
  }

  @Setup
  public void setUp() {
    tracer = GlobalOpenTelemetry.getTracer("io.last9.genai.bench");
    Span probe = tracer.spanBuilder("probe").startSpan();
    boolean recording = probe.isRecording();
    probe.end();
    if (!recording) {
      throw new IllegalStateException(
          "spans do not record: this fork is not under the agent with a span processor");
    }
    double cost;
    try (WorkflowContext w = WorkflowContext.builder("probe").start()) {
      chat(tracer);
      cost = w.totalCostUsd();
    }
    if (extensionLoaded() != (cost > 0)) {
      throw new IllegalStateException(
          "a priced span in a workflow cost "
              + cost
              + " USD; extension loaded: "
              + extensionLoaded());
    }
  }

  static Span plain(Tracer tracer) {
    Span span = tracer.spanBuilder("work").startSpan();
    span.end();
    return span;
  }

  /**
   * A chat call as an instrumentation records it: model and provider at start, usage at the end.
   */
  static Span chat(Tracer tracer) {
    Span span =
        tracer
            .spanBuilder("chat gpt-4o")
            .setSpanKind(SpanKind.CLIENT)
            .setAttribute(GenAiAttributes.OPERATION_NAME, "chat")
            .setAttribute(GenAiAttributes.REQUEST_MODEL, "gpt-4o")
            .setAttribute(GenAiAttributes.PROVIDER_NAME, "openai")
            .startSpan();
    span.setAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 2_000L);
    span.setAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, 150L);
    span.end();
    return span;
  }

  /** A span outside every scope. */
  @Benchmark
  public Span m11_plain() {
    return plain(tracer);
  }

  /** A span inside the application's conversation and workflow (stamped with their ids). */
  @Benchmark
  public Span m11_inScopes(InScopes scopes) {
    return plain(tracer);
  }

  /** A chat span with token counts inside the scopes (stamped, priced, added to the workflow). */
  @Benchmark
  public Span m11_priced(InScopes scopes) {
    return chat(tracer);
  }
}
