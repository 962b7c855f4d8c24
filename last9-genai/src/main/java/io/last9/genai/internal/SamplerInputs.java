/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

import io.last9.genai.internal.observe.ObservationRun;
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

  /**
   * The conversation a span starting in {@code parent} belongs to: the id of the innermost open
   * {@code ConversationContext}, else (when {@code readBaggage}) the W3C Baggage entry {@code
   * gen_ai.conversation.id} an upstream service sent, when it passes the same checks as stamped
   * Baggage (length, control characters); {@code null} outside every conversation.
   */
  public static String conversationId(Context parent, boolean readBaggage) {
    String id = localConversationId(parent);
    if (id != null) {
      return id;
    }
    Context current = Context.current();
    if (current != parent) {
      id = localConversationId(current);
      if (id != null) {
        return id;
      }
    }
    if (!readBaggage) {
      return null;
    }
    id = BaggageBridge.conversationId(parent);
    return id != null || current == parent ? id : BaggageBridge.conversationId(current);
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
    return ScopeState.fromContext(context) != null || ObservationRun.fromContext(context) != null;
  }

  private static String localConversationId(Context context) {
    ScopeState state = ScopeState.fromContext(context);
    return state == null ? null : state.conversationId();
  }
}
