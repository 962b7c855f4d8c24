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
import org.openjdk.jmh.annotations.Fork;
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
 * layer both sides pay), with the library's scopes from the application's class path. Each shape
 * runs in two forks of the same JMH run: the agent alone ({@code *_agent}) and the agent with the
 * last9-genai extension ({@code *_last9}). In both, the agent's SDK exports through its {@code
 * BatchSpanProcessor} to an exporter that discards (the {@code io.last9.genai.bench.agent}
 * extension), and metrics and logs are off.
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
public class AgentBench {

  private static final String TRACES = "-Dotel.traces.exporter=" + DiscardSpanExporterProvider.NAME;
  private static final String METRICS = "-Dotel.metrics.exporter=none";
  private static final String LOGS = "-Dotel.logs.exporter=none";

  /**
   * The agent's own log: off, or the BatchSpanProcessor's "queue is full" warning (a span loop
   * outruns any exporter) floods the run's output. The set-up checks stand in for its start-up
   * messages.
   */
  private static final String QUIET = "-Dotel.javaagent.logging=none";

  private static final String EXTENSION_ON = "last9.bench.extension";

  Tracer tracer;

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
    boolean extension = Boolean.getBoolean(EXTENSION_ON);
    if (extension != (cost > 0)) {
      throw new IllegalStateException(
          "a priced span in a workflow cost "
              + cost
              + " USD, with "
              + EXTENSION_ON
              + "="
              + extension);
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

  /** M11 baseline: a span outside every scope, agent alone. */
  @Benchmark
  @Fork(
      jvmArgsAppend = {
        AgentJars.JAVAAGENT,
        AgentJars.EXTENSIONS_AGENT_ONLY,
        TRACES,
        METRICS,
        LOGS,
        QUIET,
        "-D" + EXTENSION_ON + "=false"
      })
  public Span m11_plain_agent() {
    return plain(tracer);
  }

  /** M11 candidate: the same span, agent with the last9-genai extension. */
  @Benchmark
  @Fork(
      jvmArgsAppend = {
        AgentJars.JAVAAGENT,
        AgentJars.EXTENSIONS_WITH_LAST9,
        TRACES,
        METRICS,
        LOGS,
        QUIET,
        "-D" + EXTENSION_ON + "=true"
      })
  public Span m11_plain_last9() {
    return plain(tracer);
  }

  /** M11 baseline: a span inside the application's conversation and workflow, agent alone. */
  @Benchmark
  @Fork(
      jvmArgsAppend = {
        AgentJars.JAVAAGENT,
        AgentJars.EXTENSIONS_AGENT_ONLY,
        TRACES,
        METRICS,
        LOGS,
        QUIET,
        "-D" + EXTENSION_ON + "=false"
      })
  public Span m11_inScopes_agent(InScopes scopes) {
    return plain(tracer);
  }

  /** M11 candidate: the same, with the extension (the span is stamped with the scopes' ids). */
  @Benchmark
  @Fork(
      jvmArgsAppend = {
        AgentJars.JAVAAGENT,
        AgentJars.EXTENSIONS_WITH_LAST9,
        TRACES,
        METRICS,
        LOGS,
        QUIET,
        "-D" + EXTENSION_ON + "=true"
      })
  public Span m11_inScopes_last9(InScopes scopes) {
    return plain(tracer);
  }

  /** M11 baseline: a chat span with token counts inside the scopes, agent alone. */
  @Benchmark
  @Fork(
      jvmArgsAppend = {
        AgentJars.JAVAAGENT,
        AgentJars.EXTENSIONS_AGENT_ONLY,
        TRACES,
        METRICS,
        LOGS,
        QUIET,
        "-D" + EXTENSION_ON + "=false"
      })
  public Span m11_priced_agent(InScopes scopes) {
    return chat(tracer);
  }

  /** M11 candidate: the same, with the extension (stamped, priced, added to the workflow). */
  @Benchmark
  @Fork(
      jvmArgsAppend = {
        AgentJars.JAVAAGENT,
        AgentJars.EXTENSIONS_WITH_LAST9,
        TRACES,
        METRICS,
        LOGS,
        QUIET,
        "-D" + EXTENSION_ON + "=true"
      })
  public Span m11_priced_last9(InScopes scopes) {
    return chat(tracer);
  }
}
