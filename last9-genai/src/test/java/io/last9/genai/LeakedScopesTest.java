/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.Collected.Named;
import io.last9.genai.internal.ScopeState;
import io.last9.genai.observe.GenAiObservation;
import io.last9.genai.pricing.ModelPricing;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a scope that is never closed, closed on the wrong thread, or whose span another processor
 * failed to start keeps reachable: no more than a leaked plain OpenTelemetry {@code Context} keeps,
 * which is the context current on its thread and nothing it replaced. Each test holds weak
 * references to the library's state (the scope's context, its state, its workflow totals, its
 * spans) and asserts that the garbage collector clears them, and that the processor's table of open
 * spans holds no entry for them any more.
 */
class LeakedScopesTest {

  private static final Map<String, ModelPricing> PRICING =
      Map.of("gpt-4o", ModelPricing.of(2.50, 10.0));

  private static final ContextKey<Object> PLAIN = ContextKey.named("plain-value");

  @RegisterExtension
  final Last9TelemetryExtension otel = Last9TelemetryExtension.builder().pricing(PRICING).build();

  @AfterEach
  void nothingLeaksIntoTheNextTest() {
    // deliberately not closed: closing would restore the leaked context
    Context.root().makeCurrent();
  }

  /** The yardstick: a leaked makeCurrent() keeps nothing of the context it replaced. */
  @Test
  void aLeakedPlainContextKeepsNothingOnceAnotherReplacesIt() {
    List<Named> first = leakPlainContext();
    leakPlainContext();
    Collected.awaitCleared(first);
  }

  @Test
  void aWorkflowNeverClosedKeepsNothingOnceAnotherContextReplacesIt() {
    List<Named> first = leakWorkflow(otel.openTelemetry(), "wf-0");
    // opened inside the leaked one (it is still current), never closed either
    for (int i = 1; i <= 3; i++) {
      leakWorkflow(otel.openTelemetry(), "wf-" + i);
    }
    Collected.awaitCleared(first);
    assertThat(ContextSnapshot.current().workflowId()).contains("wf-3");
  }

  @Test
  void scopesOfEveryKindNeverClosedKeepNothingOnceReplaced() {
    List<Named> first = new ArrayList<>();
    first.addAll(leakScopes("conv-0"));
    leakScopes("conv-1");
    Collected.awaitCleared(first);
  }

  @Test
  void aScopeClosedOnAnotherThreadKeepsNothingBehindOnItsOwnThread() throws Exception {
    List<Named> first = openHereCloseElsewhere("wf-a");
    openHereCloseElsewhere("wf-b");
    Collected.awaitCleared(first);
    // as with OpenTelemetry's own scopes, a close on another thread leaves it current here
    assertThat(ContextSnapshot.current().workflowId()).contains("wf-b");
  }

  @Test
  void workflowsNeverClosedKeepNothingOnceTheirThreadEnds() throws Exception {
    int entriesBefore = otel.processor().openSpanEntries();
    List<Named> refs = new ArrayList<>();
    OpenTelemetry openTelemetry = otel.openTelemetry();
    Thread worker =
        new Thread(
            () -> {
              for (int i = 0; i < 200; i++) {
                refs.addAll(leakWorkflow(openTelemetry, "wf-" + i));
              }
            });
    worker.start();
    worker.join();
    assertThat(refs).hasSize(200 * 5);
    Collected.awaitCleared(refs);
    Collected.await(
        "the processor's entries for spans that never ended",
        () -> otel.processor().openSpanEntries() == entriesBefore);
  }

  @Test
  void callsWhoseSpanAnotherProcessorFailedToStartLeaveNothingBehind() {
    Last9TelemetryExtension broken =
        Last9TelemetryExtension.builder()
            .pricing(PRICING)
            .addSpanProcessor(ScopeIsolationTest.ThrowingProcessor::new)
            .build();
    broken.start();
    try {
      int entriesBefore = broken.processor().openSpanEntries();
      List<Named> refs = failedCalls(broken, 1_000);
      Collected.awaitCleared(refs);
      Collected.await(
          "the processor's entries for spans whose start failed",
          () -> broken.processor().openSpanEntries() == entriesBefore);
      assertThat(broken.processor().openSpanCount()).isEqualTo(entriesBefore);
    } finally {
      broken.close();
    }
  }

  private static List<Named> leakPlainContext() {
    Object value = new Object();
    Context context = Context.current().with(PLAIN, value);
    context.makeCurrent(); // never closed
    return List.of(new Named("the leaked context", context), new Named("its value", value));
  }

  /**
   * Opens a workflow with a model call in flight inside it, closes neither, and returns weak
   * references to what they are made of.
   */
  private static List<Named> leakWorkflow(OpenTelemetry openTelemetry, String id) {
    WorkflowContext w =
        WorkflowContext.builder(id).type("rag").openTelemetry(openTelemetry).start();
    Tracer tracer = openTelemetry.getTracer("application");
    ScopeState state = ScopeState.fromContext(Context.current());
    Span call =
        tracer
            .spanBuilder("chat gpt-4o")
            .setAttribute(GenAiAttributes.OPERATION_NAME, "chat")
            .setAttribute(GenAiAttributes.REQUEST_MODEL, "gpt-4o")
            .startSpan(); // never ended
    return List.of(
        new Named(id + "'s context", Context.current()),
        new Named(id + "'s scope state", state),
        new Named(id + "'s totals", state.workflowTotals()),
        new Named(id + "'s span", w.span()),
        new Named("a call in flight in " + id, call));
  }

  /** Opens one scope of each kind, nested, and closes none. */
  private static List<Named> leakScopes(String conversationId) {
    ConversationContext.builder(conversationId).userId("u").start();
    WorkflowContext.builder("wf-" + conversationId).contextOnly().start();
    AgentContext.builder("agent").start();
    PropagatedAttributes.builder().put("tenant", conversationId).start();
    ScopeState state = ScopeState.fromContext(Context.current());
    return List.of(
        new Named(conversationId + "'s context", Context.current()),
        new Named(conversationId + "'s scope state", state),
        new Named(conversationId + "'s totals", state.workflowTotals()));
  }

  /** Opens a workflow on this thread and closes it on another. */
  private List<Named> openHereCloseElsewhere(String id) throws InterruptedException {
    WorkflowContext w =
        WorkflowContext.builder(id).type("rag").openTelemetry(otel.openTelemetry()).start();
    ScopeState state = ScopeState.fromContext(Context.current());
    List<Named> refs =
        List.of(
            new Named(id + "'s context", Context.current()),
            new Named(id + "'s scope state", state),
            new Named(id + "'s totals", state.workflowTotals()));
    // its span ends with the close, and the test's exporter keeps ended spans
    Thread closer = new Thread(w::close);
    closer.start();
    closer.join();
    return refs;
  }

  /**
   * Observed calls and workflows whose spans fail to start because a processor after the library's
   * throws in {@code onStart}.
   */
  private static List<Named> failedCalls(Last9TelemetryExtension broken, int calls) {
    List<Named> refs = new ArrayList<>();
    GenAiObservation chat =
        GenAiObservation.llm("chat")
            .model("gpt-4o")
            .openTelemetry(broken.openTelemetry())
            .pricing(PRICING)
            .build();
    try (ConversationContext c = ConversationContext.builder("conv").start()) {
      for (int i = 0; i < calls; i++) {
        assertThat(chat.get(() -> "answer")).isEqualTo("answer");
        try (WorkflowContext w =
            WorkflowContext.builder("wf-" + i).openTelemetry(broken.openTelemetry()).start()) {
          refs.add(
              new Named(
                  "the totals of a workflow whose span failed to start",
                  ScopeState.fromContext(Context.current()).workflowTotals()));
          assertThat(w.span().getSpanContext().isValid()).isFalse();
        }
      }
    }
    return refs;
  }
}
