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
import io.last9.genai.javaagent.internal.bridge.MirrorContext;
import io.last9.genai.observe.internal.ObservationRun;
import io.last9.genai.pricing.internal.PricingTable;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The agent's side of the bridge reads a mirrored context only through the JDK interface the
 * injected {@code MirrorContext} answers, and hands its payloads to its own copy of the library,
 * whatever they hold.
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
    Context mirror =
        new Mirror(Context.root(), ContextHook.payloadOf(application), ContextHook.payloadOf(call));

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
    Context mirror = new Mirror(Context.root(), ContextHook.payloadOf(application));
    Context resolved;
    try (Scope ignored = mirror.makeCurrent()) {
      resolved = AgentMirrors.resolve(Context.root());
    }

    assertThat(ScopeState.fromContext(resolved).conversationId()).isEqualTo("conv-1");
  }

  @Test
  void aParentWithThisCopysOwnStateIsLeftAlone() {
    Context own = application.storeIn(Context.root());
    Context mirror = new Mirror(Context.root(), ContextHook.payloadOf(call));
    try (Scope ignored = mirror.makeCurrent()) {
      assertThat(AgentMirrors.resolve(own)).isSameAs(own);
    }
    assertThat(AgentMirrors.resolve(Context.root())).isSameAs(Context.root());
  }

  @Test
  void aKindOfStateThisCopyDoesNotKnowIsLeftOut() {
    Context mirror =
        new Mirror(
            Context.root(),
            Payload.create("a-kind-of-a-newer-build", 0),
            ContextHook.payloadOf(application));

    Context resolved = AgentMirrors.resolve(mirror);

    assertThat(ScopeState.fromContext(resolved).conversationId()).isEqualTo("conv-1");
  }

  @Test
  void aPayloadThatCannotBeReadLeavesTheSpanOutsideTheScopesAndIsReportedOnce() {
    List<LogRecord> records = new CopyOnWriteArrayList<>();
    Logger logger = Logger.getLogger(AgentMirrors.class.getName());
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            records.add(record);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Object[] broken = ContextHook.payloadOf(application);
    broken[Payload.FIRST_FIELD] = 42L;
    Context mirror = new Mirror(Context.root(), broken);
    logger.addHandler(capture);
    try {
      assertThat(AgentMirrors.resolveOrParent(mirror)).isSameAs(mirror);
      assertThat(AgentMirrors.resolveOrParent(mirror)).isSameAs(mirror);
    } finally {
      logger.removeHandler(capture);
    }

    assertThat(records)
        .singleElement()
        .satisfies(r -> assertThat(r.getThrown()).isInstanceOf(ClassCastException.class));
  }

  /**
   * What the agent's copy sees of the injected {@link MirrorContext}, which lives in another class
   * loader: a context that answers the mirror's slots.
   */
  private static final class Mirror implements Context, IntFunction<Object> {
    private final Context delegate;
    private final Object[][] payloads;

    Mirror(Context delegate, Object[]... payloads) {
      this.delegate = delegate;
      this.payloads = payloads;
    }

    @Override
    public <V> V get(ContextKey<V> key) {
      return delegate.get(key);
    }

    @Override
    public <V> Context with(ContextKey<V> key, V value) {
      return new Mirror(delegate.with(key, value), payloads);
    }

    @Override
    public Object apply(int slot) {
      switch (slot) {
        case MirrorContext.MARKER_SLOT:
          return MirrorContext.MARKER;
        case MirrorContext.PAYLOADS_SLOT:
          return payloads;
        default:
          return null;
      }
    }
  }
}
