package io.last9.genai.internal;

import io.last9.genai.GenAiAttributes;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.BaggageBuilder;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.context.Context;

/**
 * Carries conversation and workflow ids to other services as W3C Baggage (opt-in per scope), and stamps them from
 * Baggage on the receiving side. The entries use the attribute names ({@code gen_ai.conversation.id},
 * {@code user.id}, {@code workflow.id}, {@code workflow.type}, {@code gen_ai.conversation.turn}), so a backend or
 * the contrib {@code BaggageSpanProcessor} reads them the same way. Baggage goes out on every outgoing request that
 * propagates context: put nothing secret in it.
 */
public final class BaggageBridge {

  private BaggageBridge() {}

  /** Returns {@code context} with the ids of {@code state} added to its Baggage. */
  public static Context write(Context context, ScopeState state) {
    BaggageBuilder b = Baggage.fromContext(context).toBuilder();
    putIfSet(b, GenAiAttributes.CONVERSATION_ID.getKey(), state.conversationId());
    putIfSet(b, GenAiAttributes.USER_ID.getKey(), state.userId());
    putIfSet(b, GenAiAttributes.WORKFLOW_ID.getKey(), state.workflowId());
    putIfSet(b, GenAiAttributes.WORKFLOW_TYPE.getKey(), state.workflowType());
    if (state.explicitTurn() > 0) {
      b.put(GenAiAttributes.CONVERSATION_TURN.getKey(), Long.toString(state.explicitTurn()));
    }
    return context.with(b.build());
  }

  /** Returns {@code context} with an automatic turn number added to its Baggage. */
  public static Context writeTurn(Context context, long turn) {
    return context.with(Baggage.fromContext(context).toBuilder()
        .put(GenAiAttributes.CONVERSATION_TURN.getKey(), Long.toString(turn)).build());
  }

  /** Stamps the ids found in {@code baggage} on {@code span}; malformed turn numbers are ignored. */
  public static void stamp(ReadWriteSpan span, Baggage baggage) {
    stampIfSet(span, GenAiAttributes.CONVERSATION_ID.getKey(), baggage, GenAiAttributes.CONVERSATION_ID);
    stampIfSet(span, GenAiAttributes.USER_ID.getKey(), baggage, GenAiAttributes.USER_ID);
    stampIfSet(span, GenAiAttributes.WORKFLOW_ID.getKey(), baggage, GenAiAttributes.WORKFLOW_ID);
    stampIfSet(span, GenAiAttributes.WORKFLOW_TYPE.getKey(), baggage, GenAiAttributes.WORKFLOW_TYPE);
    String turn = baggage.getEntryValue(GenAiAttributes.CONVERSATION_TURN.getKey());
    if (turn != null) {
      try {
        long t = Long.parseLong(turn.trim());
        if (t > 0) {
          span.setAttribute(GenAiAttributes.CONVERSATION_TURN, t);
        }
      } catch (NumberFormatException ignored) {
        // a foreign or corrupted entry: no turn rather than a wrong one
      }
    }
  }

  private static void putIfSet(BaggageBuilder b, String key, String value) {
    if (value != null) {
      b.put(key, value);
    }
  }

  private static void stampIfSet(ReadWriteSpan span, String entry, Baggage baggage,
      io.opentelemetry.api.common.AttributeKey<String> key) {
    String v = baggage.getEntryValue(entry);
    if (v != null && !v.isBlank()) {
      span.setAttribute(key, v);
    }
  }
}
