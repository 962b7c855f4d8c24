/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

import io.last9.genai.GenAiAttributes;
import io.last9.genai.Last9Limits;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;

/**
 * One inbound request, opened by a framework's request filter before the server span starts: one
 * request is one user message, so it is one conversation and one turn on every span of it.
 *
 * <p>The conversation is often known only part-way through the request: a scope the controller
 * opens, a chat-memory id an advisor reads. By then the server span, the chat client span and the
 * advisors around the one that reads the id have started. So the first conversation opened inside
 * the request <em>binds</em> it:
 *
 * <ul>
 *   <li>every scope of that conversation opened later in the request shares one turn slot, so a
 *       tool loop or a second model call is not a second turn;
 *   <li>spans of the request started before the binding and still open get its ids and turn, and
 *       spans started after it outside the conversation's scope (a streamed call's HTTP client
 *       span, started after the advisor's scope closed) get them too;
 *   <li>a scope that gives no user id takes the request's (its user header), so a chat-memory
 *       conversation keeps the request's user.
 * </ul>
 *
 * A scope of another conversation opened inside the request is the application's own choice and
 * keeps its own ids; it does not bind the request.
 *
 * <p>Spans waiting for the binding are held strongly only until it happens or the request ends
 * ({@link #close()}), at most {@value #MAX_WAITING_SPANS} of them.
 *
 * <p>Internal, not for public use; it may change at any time.
 */
public final class RequestFrame {

  /**
   * Spans that may wait for the binding: a request starts a handful before its conversation is
   * known (server, security filters, chat client, outer advisors); past the bound they go without.
   */
  static final int MAX_WAITING_SPANS = Last9Limits.MAX_WAITING_SPANS_PER_REQUEST;

  private final String requestUserId;

  /** Set once, under the lock; read without it on every span of the request. */
  private volatile Binding binding;

  private ReadWriteSpan[] waiting = new ReadWriteSpan[4];
  private int waitingCount;
  private boolean closed;

  /**
   * Set when a span starts waiting; lets every later span of a bound request skip the lock once the
   * waiting spans are handed out.
   */
  private volatile boolean hasWaiting;

  /**
   * @param requestUserId the user the request names (a header), for a conversation opened inside it
   *     without one; may be null
   */
  public RequestFrame(String requestUserId) {
    this.requestUserId = requestUserId;
  }

  /**
   * Returns {@code context} as the start of this request: the frame travels in the library's scope
   * state, so a span pays no extra context lookup for it. Opened inside a scope of the library (a
   * filter before the framework's opened one), it is left out: that scope already says what the
   * request is, and {@code context} is returned as it is.
   */
  public Context storeIn(Context context) {
    if (ScopeState.fromContext(context) != null) {
      return context;
    }
    return ScopeState.request(this).storeIn(context);
  }

  /**
   * The conversation a scope opened in {@code context} would be inside: the open conversation
   * scope's, else the one the request is bound to; null when neither.
   */
  public static String conversationIn(Context context) {
    ScopeState s = ScopeState.fromContext(context);
    if (s == null) {
      return null;
    }
    if (s.conversationId() != null) {
      return s.conversationId();
    }
    RequestFrame frame = s.requestFrame();
    Binding b = frame == null ? null : frame.binding;
    return b == null ? null : b.conversationId;
  }

  /**
   * The request's conversation as seen by a scope of {@code conversationId} opening in it outside
   * every other conversation: binds the request to it when it is the first; null when the request
   * is already another conversation's.
   *
   * @param userId the scope's user id, or null
   * @param explicitTurn the scope's explicit turn, or 0
   */
  public Binding bind(String conversationId, String userId, long explicitTurn) {
    Binding b = binding;
    if (b == null) {
      synchronized (this) {
        b = binding;
        if (b == null) {
          b = new Binding(conversationId, userId != null ? userId : requestUserId, explicitTurn);
          binding = b;
        }
      }
    }
    return b.conversationId.equals(conversationId) ? b : null;
  }

  /**
   * The binding a span starting outside every conversation scope of the request takes; null until
   * the request is bound, and then the span waits for it (if there is room).
   */
  public Binding bindingOrWait(ReadWriteSpan span) {
    Binding b = binding;
    if (b != null) {
      return b;
    }
    synchronized (this) {
      b = binding;
      if (b == null && !closed && waitingCount < MAX_WAITING_SPANS) {
        if (waitingCount == waiting.length) {
          ReadWriteSpan[] grown =
              new ReadWriteSpan[Math.min(waiting.length * 2, MAX_WAITING_SPANS)];
          System.arraycopy(waiting, 0, grown, 0, waitingCount);
          waiting = grown;
        }
        waiting[waitingCount++] = span;
        hasWaiting = true;
      }
      return b;
    }
  }

  /** The binding, or null while the request has no conversation. */
  public Binding binding() {
    return binding;
  }

  /**
   * Once the request is bound, the spans that waited for it, handed out once; null otherwise. Cheap
   * when there are none: one volatile read.
   */
  public ReadWriteSpan[] takeWaiting() {
    if (!hasWaiting || binding == null) {
      return null;
    }
    synchronized (this) {
      hasWaiting = false;
      if (waitingCount == 0) {
        return null;
      }
      ReadWriteSpan[] taken = new ReadWriteSpan[waitingCount];
      System.arraycopy(waiting, 0, taken, 0, waitingCount);
      waiting = null;
      waitingCount = 0;
      return taken;
    }
  }

  /** The request ended: spans that still wait are let go, and no more wait. */
  public void close() {
    synchronized (this) {
      closed = true;
      hasWaiting = false;
      waiting = null;
      waitingCount = 0;
    }
  }

  /** The conversation a request is bound to: its ids, its turn slot and their prebuilt stamp. */
  public static final class Binding {
    private final String conversationId;
    private final String userId;
    private final long explicitTurn;
    private final TurnSlot slot;
    private final Attributes stamp;

    private Binding(String conversationId, String userId, long explicitTurn) {
      this.conversationId = conversationId;
      this.userId = userId;
      this.explicitTurn = explicitTurn;
      this.slot = explicitTurn > 0 ? null : new TurnSlot(conversationId);
      AttributesBuilder a =
          Attributes.builder().put(GenAiAttributes.CONVERSATION_ID, conversationId);
      if (explicitTurn > 0) {
        a.put(GenAiAttributes.CONVERSATION_TURN, explicitTurn);
      }
      if (userId != null) {
        a.put(GenAiAttributes.USER_ID, userId);
      }
      this.stamp = a.build();
    }

    public String conversationId() {
      return conversationId;
    }

    /** The user: the first scope's, else the request's; may be null. */
    public String userId() {
      return userId;
    }

    /** The explicit turn of the scope that bound the request, or 0. */
    public long explicitTurn() {
      return explicitTurn;
    }

    /** The request's automatic turn, or null when its turn is explicit. */
    public TurnSlot slot() {
      return slot;
    }

    /** Conversation id, user id and explicit turn, for spans outside the conversation's scopes. */
    public Attributes stamp() {
      return stamp;
    }
  }
}
