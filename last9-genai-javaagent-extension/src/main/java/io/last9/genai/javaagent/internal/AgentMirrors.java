/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent.internal;

import io.last9.genai.internal.OnceLogger;
import io.last9.genai.internal.ScopeState;
import io.last9.genai.internal.Throwables;
import io.last9.genai.internal.TurnSlot;
import io.last9.genai.internal.Version;
import io.last9.genai.internal.WorkflowTotals;
import io.last9.genai.javaagent.internal.bridge.MirrorLayout;
import io.last9.genai.observe.internal.ObservationRun;
import io.last9.genai.pricing.ModelPricing;
import io.last9.genai.pricing.UsageComponent;
import io.last9.genai.pricing.internal.PricingTable;
import io.opentelemetry.context.Context;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The agent's side of the bridge: turns the application's state carried by a mirrored context (see
 * {@link MirrorLayout}) into this copy of the library's own {@link ScopeState} and {@link
 * ObservationRun}, over the application's cells, and stores them in the context the agent's span
 * processor reads. What a payload turns into is made once and kept in the payload.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
final class AgentMirrors {

  private static final Logger logger = Logger.getLogger(AgentMirrors.class.getName());

  /** Owner-less: what goes wrong here is the application's or the JVM's, not one SDK set-up's. */
  private static final OnceLogger warnings = new OnceLogger(logger);

  private static volatile boolean versionChecked;

  private AgentMirrors() {}

  /** True when {@code context} carries mirrored application state. */
  static boolean isMirror(Context context) {
    return context instanceof IntFunction
        && MirrorLayout.MARKER.equals(((IntFunction<?>) context).apply(MirrorLayout.MARKER_SLOT));
  }

  /**
   * {@code parent} with the application's state it mirrors stored as this copy's own; when it
   * mirrors nothing and holds no state of this copy either, the state mirrored by the current
   * context (as the processor itself falls back to the current context for spans given an explicit
   * parent).
   */
  static Context resolve(Context parent) {
    Context source = parent;
    if (!isMirror(parent)) {
      if (ScopeState.fromContext(parent) != null || ObservationRun.fromContext(parent) != null) {
        return parent;
      }
      Context current = Context.current();
      if (current == parent || !isMirror(current)) {
        return parent;
      }
      source = current;
    }
    IntFunction<?> mirror = (IntFunction<?>) source;
    if (!versionChecked) {
      checkVersion(mirror.apply(MirrorLayout.VERSION_SLOT));
    }
    Context resolved = parent;
    Object[] state = (Object[]) mirror.apply(MirrorLayout.STATE_SLOT);
    if (state != null) {
      resolved = stateOf(state).storeIn(resolved);
    }
    Object[] frame = (Object[]) mirror.apply(MirrorLayout.FRAME_SLOT);
    if (frame != null) {
      resolved = runOf(frame).storeIn(resolved);
    }
    return resolved;
  }

  /**
   * {@link #resolve}, or {@code parent} unchanged when that fails (reported once): a span the agent
   * starts is then treated as outside the application's scopes, never failed.
   */
  static Context resolveOrParent(Context parent) {
    try {
      return resolve(parent);
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      warnings.warn(
          "agent-mirror",
          Level.WARNING,
          "last9-genai could not read the application's "
              + "scopes for a span the agent started; it is treated as outside them (no conversation or workflow "
              + "ids, sampled as such)",
          t);
      return parent;
    }
  }

  /**
   * Warns once when the application runs another version of last9-genai than this extension
   * bundles.
   */
  private static void checkVersion(Object applicationVersion) {
    versionChecked = true;
    if (!Version.VERSION.equals(applicationVersion)) {
      warnings.warn(
          "agent-version-mismatch",
          Level.WARNING,
          "The application uses last9-genai "
              + OnceLogger.shorten(String.valueOf(applicationVersion))
              + " and the Java agent extension bundles "
              + Version.VERSION
              + "; use the extension of the application's version",
          null);
    }
  }

  static ScopeState stateOf(Object[] p) {
    AtomicReference<Object> cache = cache(p);
    Object made = cache.get();
    if (made instanceof ScopeState) {
      return (ScopeState) made;
    }
    ScopeState s = buildState(p);
    cache.compareAndSet(null, s);
    return s;
  }

  private static ScopeState buildState(Object[] p) {
    boolean baggage = Boolean.TRUE.equals(p[MirrorLayout.BAGGAGE]);
    String user = (String) p[MirrorLayout.USER_ID];
    String conversationId = (String) p[MirrorLayout.CONVERSATION_ID];
    ScopeState s = null;
    if (conversationId != null) {
      long explicitTurn =
          p[MirrorLayout.EXPLICIT_TURN] instanceof Long ? (Long) p[MirrorLayout.EXPLICIT_TURN] : 0;
      s = ScopeState.conversation(null, conversationId, user, explicitTurn, false, null, baggage);
    }
    String workflowId = (String) p[MirrorLayout.WORKFLOW_ID];
    if (workflowId != null) {
      s =
          ScopeState.workflow(
              s,
              workflowId,
              (String) p[MirrorLayout.WORKFLOW_TYPE],
              user,
              totalsOf((Object[]) p[MirrorLayout.WORKFLOW_TOTALS]),
              null,
              baggage);
    }
    String agentName = (String) p[MirrorLayout.AGENT_NAME];
    if (agentName != null) {
      s =
          ScopeState.agent(
              s,
              agentName,
              (String) p[MirrorLayout.AGENT_ID],
              (String) p[MirrorLayout.AGENT_DESCRIPTION],
              (String) p[MirrorLayout.AGENT_VERSION],
              null);
    }
    @SuppressWarnings("unchecked")
    Map<String, String> custom = (Map<String, String>) p[MirrorLayout.CUSTOM];
    s = ScopeState.custom(s, custom == null ? Map.of() : custom);
    String turnConversation = (String) p[MirrorLayout.TURN_CONVERSATION_ID];
    AtomicLong turnCell = (AtomicLong) p[MirrorLayout.TURN_CELL];
    return s.withTurnSlot(
        turnConversation == null || turnCell == null
            ? null
            : new TurnSlot(turnConversation, turnCell));
  }

  private static WorkflowTotals totalsOf(Object[] cells) {
    return cells == null ? null : WorkflowTotals.over(cells);
  }

  static ObservationRun runOf(Object[] p) {
    AtomicReference<Object> cache = cache(p);
    Object made = cache.get();
    if (made instanceof ObservationRun) {
      return (ObservationRun) made;
    }
    @SuppressWarnings("unchecked")
    Map<String, Map<String, Double>> prices =
        (Map<String, Map<String, Double>>) p[MirrorLayout.FRAME_PRICING];
    Map<String, ModelPricing> pricing = new HashMap<>();
    if (prices != null) {
      for (Map.Entry<String, Map<String, Double>> e : prices.entrySet()) {
        ModelPricing.Builder b = ModelPricing.builder();
        for (Map.Entry<String, Double> c : e.getValue().entrySet()) {
          UsageComponent component = component(c.getKey());
          if (component != null) {
            b.price(component, c.getValue());
          }
        }
        pricing.put(e.getKey(), b.build());
      }
    }
    ObservationRun run =
        ObservationRun.mirror(
            (AtomicInteger) p[MirrorLayout.FRAME_FLAGS], PricingTable.of(pricing));
    cache.compareAndSet(null, run);
    return run;
  }

  /** The component of that name, or null for one this copy of the library does not know. */
  private static UsageComponent component(String name) {
    try {
      return UsageComponent.valueOf(name);
    } catch (IllegalArgumentException unknown) {
      return null;
    }
  }

  @SuppressWarnings("unchecked")
  private static AtomicReference<Object> cache(Object[] p) {
    return (AtomicReference<Object>) p[MirrorLayout.CACHE];
  }
}
