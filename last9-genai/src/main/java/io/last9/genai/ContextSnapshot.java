/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import io.last9.genai.internal.ScopeState;
import io.opentelemetry.context.Context;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An immutable snapshot of the last9-genai state of a context: the open conversation, workflow,
 * agent and custom attributes.
 *
 * <pre>{@code
 * ContextSnapshot now = ContextSnapshot.current();
 * now.conversationId().ifPresent(id -> log.info("conversation {}", id));
 * }</pre>
 */
public final class ContextSnapshot {

  private static final ContextSnapshot EMPTY = new ContextSnapshot(null);

  private final ScopeState state;

  private ContextSnapshot(ScopeState state) {
    this.state = state;
  }

  /** The state of the current context. */
  public static ContextSnapshot current() {
    return of(Context.current());
  }

  /** The state of {@code context}. */
  public static ContextSnapshot of(Context context) {
    ScopeState s = ScopeState.fromContext(context);
    // a framework's request frame alone is no scope
    return s == null || s.isRequestOnly() ? EMPTY : new ContextSnapshot(s);
  }

  /** True when no last9-genai scope is open. */
  public boolean isEmpty() {
    return state == null;
  }

  /** The conversation id. */
  public Optional<String> conversationId() {
    return Optional.ofNullable(state == null ? null : state.conversationId());
  }

  /** The user id. */
  public Optional<String> userId() {
    return Optional.ofNullable(state == null ? null : state.userId());
  }

  /** The turn: the explicit one, or the automatic one once it has been drawn. */
  public OptionalLong turn() {
    if (state == null) {
      return OptionalLong.empty();
    }
    long t =
        state.explicitTurn() > 0
            ? state.explicitTurn()
            : state.turnSlot() != null ? state.turnSlot().assigned() : 0;
    return t > 0 ? OptionalLong.of(t) : OptionalLong.empty();
  }

  /** The workflow id. */
  public Optional<String> workflowId() {
    return Optional.ofNullable(state == null ? null : state.workflowId());
  }

  /** The workflow type. */
  public Optional<String> workflowType() {
    return Optional.ofNullable(state == null ? null : state.workflowType());
  }

  /** The agent name. */
  public Optional<String> agentName() {
    return Optional.ofNullable(state == null ? null : state.agentName());
  }

  /** The agent id. */
  public Optional<String> agentId() {
    return Optional.ofNullable(state == null ? null : state.agentId());
  }

  /** The agent description. */
  public Optional<String> agentDescription() {
    return Optional.ofNullable(state == null ? null : state.agentDescription());
  }

  /** The agent version. */
  public Optional<String> agentVersion() {
    return Optional.ofNullable(state == null ? null : state.agentVersion());
  }

  /** The custom attributes (without the {@code custom.} prefix), unmodifiable. */
  public Map<String, String> customAttributes() {
    return state == null ? Map.of() : state.custom();
  }

  @Override
  public String toString() {
    if (state == null) {
      return "ContextSnapshot{}";
    }
    return "ContextSnapshot{conversationId="
        + state.conversationId()
        + ", userId="
        + state.userId()
        + ", turn="
        + turn()
        + ", workflowId="
        + state.workflowId()
        + ", workflowType="
        + state.workflowType()
        + ", agentName="
        + state.agentName()
        + ", custom="
        + state.custom()
        + '}';
  }
}
