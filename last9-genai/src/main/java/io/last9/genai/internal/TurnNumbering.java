/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

import io.last9.genai.GenAiAttributes;
import io.last9.genai.GenAiSpanKind;
import io.last9.genai.turns.TurnStore;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;

/**
 * The processor's turn rules: stamping a span with the ids of the scopes it started in and with its
 * turn, inheriting them from an in-process parent span, binding the spans of an inbound request to
 * its conversation, and the deferred turn of a model call only recognisable when it ends.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class TurnNumbering {

  private final TurnStore turnStore;
  private final OnceLogger warnings;

  /**
   * Set once a conversation has been stamped: until then a span outside every scope skips the look
   * at its parent's attributes, so an application without conversations pays one volatile read for
   * it.
   */
  private volatile boolean conversationsSeen;

  public TurnNumbering(TurnStore turnStore, OnceLogger warnings) {
    this.turnStore = turnStore;
    this.warnings = warnings;
  }

  /**
   * A span started with none of the library's state in sight: under an in-process span of a
   * conversation it takes that span's ids and turn. Returns whether it did.
   */
  public boolean outsideScopes(Context parentContext, ReadWriteSpan span) {
    return conversationsSeen && inheritConversation(parentContext, span);
  }

  /**
   * Stamps the scope attributes and the turn. Returns the conversation id when the span is in a
   * conversation with no turn yet and is not recognisable as a model call now: it takes the next
   * turn if it is one when it ends ({@link #atEnd}).
   */
  public String stamp(Context parentContext, ReadWriteSpan span, ScopeState state) {
    String awaitingTurn = stampScopes(parentContext, span, state);
    RequestFrame frame = state.requestFrame();
    if (frame != null) {
      stampWaiting(frame);
    }
    return awaitingTurn;
  }

  private String stampScopes(Context parentContext, ReadWriteSpan span, ScopeState state) {
    String conversationId = state.conversationId();
    if (conversationId != null && !conversationsSeen) {
      conversationsSeen = true;
    }
    RequestFrame frame = state.requestFrame();
    if (conversationId == null && frame != null) {
      // first, so that a scope's own user id below wins over the request's
      RequestFrame.Binding request = frame.bindingOrWait(span);
      if (request != null) {
        stampRequest(span, request);
      }
    }
    if (!state.stamp().isEmpty()) {
      span.setAllAttributes(state.stamp());
    }
    if (conversationId == null || state.explicitTurn() > 0) {
      return null;
    }
    TurnSlot slot = state.turnSlot();
    if (slot == null) {
      if (inheritTurn(parentContext, conversationId, span)) {
        return null;
      }
      if (!SpanClassifier.isInferenceSpan(span)) {
        return conversationId;
      }
      slot = new TurnSlot(conversationId);
    }
    setTurn(span, slot.number(turnStore, warnings), slot.isFallback());
    return null;
  }

  /**
   * The deferred turn: a span of {@code conversationId} that had none when it started and ends as a
   * model call (Spring AI writes its operation only then) draws the next one. {@code operation} is
   * the span's {@code gen_ai.operation.name} at its end.
   */
  public void atEnd(ReadWriteSpan span, String conversationId, String operation) {
    if (conversationId != null
        && SpanClassifier.ofOperation(operation) == GenAiSpanKind.LLM
        && span.getAttribute(GenAiAttributes.CONVERSATION_TURN) == null) {
      TurnStore.Turn turn = TurnSlot.draw(turnStore, conversationId, warnings);
      if (turn != null) {
        setTurn(span, turn.number(), turn.fallback());
      }
    }
  }

  /**
   * A span that starts with none of the library's state in sight, under an in-process span of a
   * conversation, is part of that conversation: it takes the parent's conversation id, user id and
   * turn. This is the span a framework starts on a thread it hopped to without the caller's context
   * (Reactor's HTTP client, under a chat span of a streamed answer), parented on the span alone.
   */
  private static boolean inheritConversation(Context parentContext, ReadWriteSpan span) {
    Span parent = Span.fromContext(parentContext);
    if (!(parent instanceof ReadableSpan)) {
      return false;
    }
    ReadableSpan p = (ReadableSpan) parent;
    String conversationId = p.getAttribute(GenAiAttributes.CONVERSATION_ID);
    if (conversationId == null) {
      return false;
    }
    span.setAttribute(GenAiAttributes.CONVERSATION_ID, conversationId);
    String userId = p.getAttribute(GenAiAttributes.USER_ID);
    if (userId != null) {
      span.setAttribute(GenAiAttributes.USER_ID, userId);
    }
    Long turn = p.getAttribute(GenAiAttributes.CONVERSATION_TURN);
    if (turn != null) {
      setTurn(span, turn, Boolean.TRUE.equals(p.getAttribute(GenAiAttributes.TURN_FALLBACK)));
    }
    return true;
  }

  /** The ids and turn of the conversation a request is bound to, on a span outside its scopes. */
  private void stampRequest(ReadWriteSpan span, RequestFrame.Binding request) {
    if (!conversationsSeen) {
      conversationsSeen = true;
    }
    span.setAllAttributes(request.stamp());
    TurnSlot slot = request.slot();
    if (slot != null) {
      setTurn(span, slot.number(turnStore, warnings), slot.isFallback());
    }
  }

  /**
   * Gives the spans of a request that started before it was bound (the server span, the outer
   * advisors) its ids and turn, once, while they are still open.
   */
  private void stampWaiting(RequestFrame frame) {
    ReadWriteSpan[] waiting = frame.takeWaiting();
    if (waiting == null) {
      return;
    }
    RequestFrame.Binding request = frame.binding();
    for (ReadWriteSpan span : waiting) {
      if (!span.hasEnded()) {
        stampRequest(span, request);
      }
    }
  }

  private static void setTurn(ReadWriteSpan span, long turn, boolean fallback) {
    if (turn > 0) {
      span.setAttribute(GenAiAttributes.CONVERSATION_TURN, turn);
      if (fallback) {
        span.setAttribute(GenAiAttributes.TURN_FALLBACK, true);
      }
    }
  }

  /** Copies the turn of the parent span when it is an in-process span of the same conversation. */
  private static boolean inheritTurn(
      Context parentContext, String conversationId, ReadWriteSpan span) {
    Span parent = Span.fromContext(parentContext);
    if (!(parent instanceof ReadableSpan)) {
      return false;
    }
    ReadableSpan p = (ReadableSpan) parent;
    Long turn = p.getAttribute(GenAiAttributes.CONVERSATION_TURN);
    if (turn == null || !conversationId.equals(p.getAttribute(GenAiAttributes.CONVERSATION_ID))) {
      return false;
    }
    setTurn(span, turn, Boolean.TRUE.equals(p.getAttribute(GenAiAttributes.TURN_FALLBACK)));
    return true;
  }
}
