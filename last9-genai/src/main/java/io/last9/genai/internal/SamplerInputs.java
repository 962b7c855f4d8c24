/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

import io.last9.genai.observe.internal.ObservationRun;
import io.opentelemetry.context.Context;

/**
 * What the library's samplers read from the context a span starts in. A sampler runs before the
 * span exists, so this is all it knows besides the span's name and start attributes.
 *
 * <p>Each method looks at the parent context first and then, when the span was given a different
 * explicit parent (Micrometer's bridge builds one from the parent span alone), at {@link
 * Context#current()}, as the processor does when it stamps the span: a span is sampled by the
 * conversation it is stamped with.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class SamplerInputs {

  private SamplerInputs() {}

  /** What {@link #conversationSamplingValue} returns for a span outside every conversation. */
  public static final long NO_CONVERSATION = -1;

  /**
   * The {@link ConversationHash} sampling value of the conversation a span starting in {@code
   * parent} belongs to: that of the innermost open {@code ConversationContext}, else (when {@code
   * readBaggage}) that of the W3C Baggage entry {@code gen_ai.conversation.id} an upstream service
   * sent, when it passes the same checks as stamped Baggage (length, characters); {@link
   * #NO_CONVERSATION} outside every conversation.
   *
   * <p>A local id is hashed once per scope and the value kept in the scope's state, so a long id
   * does not make every span cost more; a Baggage id is at most {@value
   * BaggageBridge#MAX_VALUE_LENGTH} characters.
   */
  public static long conversationSamplingValue(Context parent, boolean readBaggage) {
    long value = localSamplingValue(parent);
    if (value != NO_CONVERSATION) {
      return value;
    }
    Context current = Context.current();
    if (current != parent) {
      value = localSamplingValue(current);
      if (value != NO_CONVERSATION) {
        return value;
      }
    }
    if (!readBaggage) {
      return NO_CONVERSATION;
    }
    String id = BaggageBridge.conversationId(parent);
    if (id == null && current != parent) {
      id = BaggageBridge.conversationId(current);
    }
    return id == null ? NO_CONVERSATION : ConversationHash.value(id);
  }

  /**
   * True when a span starting in {@code parent} starts inside a scope or an observed call of this
   * library.
   */
  public static boolean insideLibraryScope(Context parent) {
    if (inside(parent)) {
      return true;
    }
    Context current = Context.current();
    return current != parent && inside(current);
  }

  private static boolean inside(Context context) {
    ScopeState state = ScopeState.fromContext(context);
    // a request no conversation has bound yet is no scope: its spans are sampled as any other
    return state != null && !(state.isRequestOnly() && state.requestFrame().binding() == null)
        || ObservationRun.fromContext(context) != null;
  }

  private static long localSamplingValue(Context context) {
    ScopeState state = ScopeState.fromContext(context);
    return state == null ? NO_CONVERSATION : state.conversationSamplingValue();
  }
}
