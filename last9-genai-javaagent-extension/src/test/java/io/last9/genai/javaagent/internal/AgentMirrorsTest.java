/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.last9.genai.bridge.ContextHook;
import io.last9.genai.bridge.Payload;
import io.last9.genai.internal.ScopeState;
import io.last9.genai.internal.WorkflowTotals;
import io.last9.genai.javaagent.CapturedWarnings;
import io.last9.genai.javaagent.internal.bridge.MirrorContext;
import io.last9.genai.observe.internal.ObservationRun;
import io.last9.genai.pricing.internal.PricingTable;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The agent's side of the bridge reads a mirrored context through the JDK interface the injected
 * {@code MirrorContext} answers (the agent's copy, in another class loader, cannot name it), and
 * hands its payloads to its own copy of the library, whatever they hold.
 */
class AgentMirrorsTest {

  private final ScopeState application =
      ScopeState.workflow(
          ScopeState.conversation(null, "conv-1", "user-1", 0, false, null, false),
          "wf-1",
          "rag",
          null,
          new WorkflowTotals(null),
          null,
          false);
  private final ObservationRun call =
      ObservationRun.mirror(new AtomicInteger(), PricingTable.of(Map.of()));

  @Test
  void theMirroredStateBecomesThisCopysOwnOverTheApplicationsCells() {
    Context mirror = mirror(ContextHook.payloadOf(application), ContextHook.payloadOf(call));

    Context resolved = AgentMirrors.resolve(mirror);

    ScopeState state = ScopeState.fromContext(resolved);
    assertThat(state.conversationId()).isEqualTo("conv-1");
    assertThat(state.workflowId()).isEqualTo("wf-1");
    state.workflowTotals().addLlmCall(0.5, 1, 1);
    assertThat(application.workflowTotals().costUsd()).isCloseTo(0.5, within(1e-12));
    ObservationRun.fromContext(resolved).markInstrumentedChild();
    assertThat(call.hasInstrumentedChild()).isTrue();
  }

  @Test
  void aSpanGivenAnExplicitParentReadsTheCurrentMirror() {
    Context mirror = mirror(ContextHook.payloadOf(application));
    Context resolved;
    try (Scope ignored = mirror.makeCurrent()) {
      resolved = AgentMirrors.resolve(Context.root());
    }

    assertThat(ScopeState.fromContext(resolved).conversationId()).isEqualTo("conv-1");
  }

  @Test
  void aParentWithThisCopysOwnStateIsLeftAlone() {
    Context own = application.storeIn(Context.root());
    Context mirror = mirror(ContextHook.payloadOf(call));
    try (Scope ignored = mirror.makeCurrent()) {
      assertThat(AgentMirrors.resolve(own)).isSameAs(own);
    }
    assertThat(AgentMirrors.resolve(Context.root())).isSameAs(Context.root());
  }

  @Test
  void aKindOfStateThisCopyDoesNotKnowIsLeftOut() {
    Context mirror =
        mirror(Payload.create("a-kind-of-a-newer-build", 0), ContextHook.payloadOf(application));

    Context resolved = AgentMirrors.resolve(mirror);

    assertThat(ScopeState.fromContext(resolved).conversationId()).isEqualTo("conv-1");
  }

  @Test
  void aPayloadThatCannotBeReadLeavesTheSpanOutsideTheScopesAndIsReportedOnce() {
    Object[] broken = ContextHook.payloadOf(application);
    broken[Payload.FIRST_FIELD] = 42L;
    Context mirror = mirror(broken);
    try (CapturedWarnings warnings = CapturedWarnings.of(AgentMirrors.class.getName())) {
      assertThat(AgentMirrors.resolveOrParent(mirror)).isSameAs(mirror);
      assertThat(AgentMirrors.resolveOrParent(mirror)).isSameAs(mirror);

      assertThat(warnings.records())
          .singleElement()
          .satisfies(r -> assertThat(r.getThrown()).isInstanceOf(ClassCastException.class));
    }
  }

  /** A mirror as the injected code makes it, carrying {@code payloads}. */
  private static Context mirror(Object[]... payloads) {
    Object[] carried = null;
    for (Object[] p : payloads) {
      carried = MirrorContext.add(carried, p);
    }
    return new MirrorContext(Context.root(), carried);
  }
}
