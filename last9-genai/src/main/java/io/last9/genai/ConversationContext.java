package io.last9.genai;

import io.last9.genai.internal.Checks;
import io.last9.genai.internal.CustomAttributes;
import io.last9.genai.internal.ScopeHandle;
import io.last9.genai.internal.ScopeState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.Map;

/**
 * A conversation scope: every span started inside it carries {@code gen_ai.conversation.id}, {@code user.id} and
 * a turn number, although each turn is a separate trace (CONTRACT sections 2.1, 3, 4).
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
 * <p>Without {@link Builder#turn(long)}, each outermost operation inside the scope (an observed call, a workflow,
 * an agent scope, a GenAI inference span) takes the next turn number of the conversation, continuing across scopes
 * and requests in this JVM. The state lives in the OpenTelemetry {@link Context}, so it follows
 * {@code Context.taskWrapping(executor)} and the Java agent's executor instrumentation.
 */
public final class ConversationContext implements Scope {

  private final String conversationId;
  private final String userId;
  private final ScopeHandle handle;

  private ConversationContext(Builder b) {
    this.conversationId = b.conversationId;
    Context parent = Context.current();
    ScopeState outer = ScopeState.fromContext(parent);
    ScopeState.Builder state = outer == null ? new ScopeState.Builder() : outer.toBuilder();
    state.conversation(b.conversationId, b.userId, b.turn).custom(b.custom.values())
        .propagateAsBaggage(b.baggage);
    ScopeState built = state.build();
    this.userId = built.userId();
    this.handle = ScopeHandle.open(built.storeWithBaggage(parent), "ConversationContext(" + conversationId + ")");
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

  /** The user id in effect inside this scope, or {@code null}. */
  public String userId() {
    return userId;
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
    private final CustomAttributes custom = new CustomAttributes();
    private boolean baggage;

    private Builder(String conversationId) {
      this.conversationId = Checks.requireId(conversationId, "conversationId");
    }

    /** The end user's id ({@code user.id}). */
    public Builder userId(String userId) {
      this.userId = Checks.optionalId(userId, "userId");
      return this;
    }

    /** Puts this explicit turn number on every span inside the scope, instead of automatic numbering. */
    public Builder turn(long turn) {
      if (turn <= 0) {
        throw new IllegalArgumentException("turn must be positive, was " + turn);
      }
      this.turn = turn;
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
     * Also carries the conversation id, user id and turn to other services as W3C Baggage (entries named like the
     * attributes), for a downstream {@code Last9SpanProcessor} with {@code stampFromBaggage(true)}. Baggage is sent
     * on every outgoing request that propagates context: use it only for ids that may leave the process.
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
