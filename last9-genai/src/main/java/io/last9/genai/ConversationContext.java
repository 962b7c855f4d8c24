/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import io.last9.genai.internal.Checks;
import io.last9.genai.internal.CustomAttributes;
import io.last9.genai.internal.ScopeHandle;
import io.last9.genai.internal.ScopeState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.Map;
import java.util.Optional;

/**
 * A conversation scope: every span started inside it carries {@code gen_ai.conversation.id}, {@code
 * user.id} and a turn number, although each turn is a separate trace.
 *
 * <pre>{@code
 * try (ConversationContext conversation = ConversationContext.builder("user_123_session_456")
 *     .userId("user_123")
 *     .start()) {
 *   chat.apply("What's the weather in SF?");   // turn 1
 *   chat.apply("Will I need an umbrella?");    // turn 2
 * }
 * }</pre>
 *
 * <p>Without {@link Builder#turn(long)}, each outermost operation inside the scope (an observed
 * call, a workflow, an agent scope, a GenAI inference span) takes the next turn number of the
 * conversation, continuing across scopes and requests in this JVM. The state lives in the
 * OpenTelemetry {@link Context}, so it follows {@code Context.taskWrapping(executor)} and the Java
 * agent's executor instrumentation.
 */
public final class ConversationContext implements Scope {

  private final String conversationId;
  private final String userId;
  private final ScopeHandle handle;

  private ConversationContext(Builder b) {
    this.conversationId = b.conversationId;
    Context parent = Context.current();
    ScopeState state =
        ScopeState.conversation(
            ScopeState.fromContext(parent),
            b.conversationId,
            b.userId,
            b.turn,
            b.singleTurn,
            b.custom.values(),
            b.baggage);
    this.userId = state.userId();
    this.handle = ScopeHandle.open(state.storeWithBaggage(parent), "ConversationContext");
  }

  /**
   * Starts building a conversation scope.
   *
   * @throws IllegalArgumentException when {@code conversationId} is null or blank
   */
  public static Builder builder(String conversationId) {
    return new Builder(conversationId);
  }

  /** The conversation id. */
  public String conversationId() {
    return conversationId;
  }

  /**
   * The user id in effect inside this scope (given here or inherited from the same conversation).
   */
  public Optional<String> userId() {
    return Optional.ofNullable(userId);
  }

  /** Closes the scope, restoring the enclosing state. */
  @Override
  public void close() {
    handle.close();
  }

  /** Builder for {@link ConversationContext}. */
  public static final class Builder {
    private final String conversationId;
    private String userId;
    private long turn;
    private boolean singleTurn;
    private final CustomAttributes custom = new CustomAttributes();
    private boolean baggage;

    private Builder(String conversationId) {
      this.conversationId = Checks.requireId(conversationId, "conversationId");
    }

    /**
     * The end user's id ({@code user.id}).
     *
     * @throws IllegalArgumentException when {@code userId} is null or blank
     */
    public Builder userId(String userId) {
      this.userId = Checks.requireId(userId, "userId");
      return this;
    }

    /**
     * Puts this explicit turn number on every span inside the scope, instead of automatic
     * numbering.
     */
    public Builder turn(long turn) {
      if (turn <= 0) {
        throw new IllegalArgumentException("turn must be positive, was " + turn);
      }
      this.turn = turn;
      return this;
    }

    /**
     * Makes the whole scope one turn: every span inside it, however many LLM calls it holds,
     * carries the same automatic turn number, drawn when its first span starts. Use it for a scope
     * that covers one user message (a request handler); without it, each outermost operation inside
     * the scope is a turn of its own.
     */
    public Builder singleTurn() {
      this.singleTurn = true;
      return this;
    }

    /** A custom attribute, exported as {@code custom.<key>} on every span inside the scope. */
    public Builder attribute(String key, Object value) {
      custom.put(key, value);
      return this;
    }

    /** Several custom attributes. */
    public Builder attributes(Map<String, ?> attributes) {
      custom.putAll(attributes);
      return this;
    }

    /**
     * Also carries the conversation id, user id and turn to other services as W3C Baggage (entries
     * named like the attributes), for a downstream {@code Last9SpanProcessor} with {@code
     * stampFromBaggage(true)}. Baggage is sent on every outgoing request that propagates context:
     * use it only for ids that may leave the process.
     */
    public Builder propagateAsBaggage() {
      this.baggage = true;
      return this;
    }

    /** Opens the scope and makes it current; close it with try-with-resources. */
    public ConversationContext start() {
      return new ConversationContext(this);
    }
  }
}
