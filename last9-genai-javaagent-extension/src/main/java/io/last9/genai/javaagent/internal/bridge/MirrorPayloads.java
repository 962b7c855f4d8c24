/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent.internal.bridge;

import io.last9.genai.internal.ScopeState;
import io.last9.genai.internal.TurnSlot;
import io.last9.genai.internal.WorkflowTotals;
import io.last9.genai.observe.internal.ObservationRun;
import io.last9.genai.pricing.ModelPricing;
import io.last9.genai.pricing.UsageComponent;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Turns the application's last9-genai state into {@link MirrorLayout} payloads. Runs in the
 * application's class loader, so {@code io.last9.genai} here is the application's copy of the
 * library. Mutable state (the turn number, workflow totals, an observed call's flags) is passed as
 * the application's own JDK cells, so the agent's copy updates the very counters the application
 * reads.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
final class MirrorPayloads {

  private MirrorPayloads() {}

  static Object[] state(ScopeState s) {
    Object[] p = new Object[MirrorLayout.STATE_LENGTH];
    p[MirrorLayout.CACHE] = new AtomicReference<>();
    p[MirrorLayout.CONVERSATION_ID] = s.conversationId();
    p[MirrorLayout.USER_ID] = s.userId();
    p[MirrorLayout.EXPLICIT_TURN] = s.explicitTurn();
    TurnSlot slot = s.turnSlot();
    if (slot != null) {
      p[MirrorLayout.TURN_CONVERSATION_ID] = slot.conversationId();
      p[MirrorLayout.TURN_CELL] = slot.cell();
    }
    p[MirrorLayout.WORKFLOW_ID] = s.workflowId();
    p[MirrorLayout.WORKFLOW_TYPE] = s.workflowType();
    WorkflowTotals totals = s.workflowTotals();
    p[MirrorLayout.WORKFLOW_TOTALS] = totals == null ? null : totals.cells();
    p[MirrorLayout.AGENT_NAME] = s.agentName();
    p[MirrorLayout.AGENT_ID] = s.agentId();
    p[MirrorLayout.AGENT_DESCRIPTION] = s.agentDescription();
    p[MirrorLayout.AGENT_VERSION] = s.agentVersion();
    p[MirrorLayout.CUSTOM] = s.custom();
    p[MirrorLayout.BAGGAGE] = s.propagatesAsBaggage();
    return p;
  }

  static Object[] frame(ObservationRun run) {
    Object[] p = new Object[MirrorLayout.FRAME_LENGTH];
    p[MirrorLayout.CACHE] = new AtomicReference<>();
    p[MirrorLayout.FRAME_FLAGS] = run.flags();
    Map<String, ModelPricing> entries = run.pricing().entries();
    Map<String, Map<String, Double>> prices = new HashMap<>(entries.size() * 2);
    for (Map.Entry<String, ModelPricing> e : entries.entrySet()) {
      Map<String, Double> byComponent = new HashMap<>();
      for (Map.Entry<UsageComponent, Double> c : e.getValue().prices().entrySet()) {
        byComponent.put(c.getKey().name(), c.getValue());
      }
      prices.put(e.getKey(), byComponent);
    }
    p[MirrorLayout.FRAME_PRICING] = prices;
    return p;
  }
}
