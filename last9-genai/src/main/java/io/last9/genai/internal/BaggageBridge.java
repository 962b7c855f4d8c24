/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

import io.last9.genai.GenAiAttributes;
import io.last9.genai.Last9Limits;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.BaggageBuilder;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Carries conversation and workflow ids to other services as W3C Baggage (opt-in per scope), and
 * stamps them from Baggage on the receiving side (opt-in per processor). The entries use the
 * attribute names ({@code gen_ai.conversation.id}, {@code user.id}, {@code workflow.id}, {@code
 * workflow.type}, {@code gen_ai.conversation.turn}), so a backend or the contrib {@code
 * BaggageSpanProcessor} reads them the same way. Baggage goes out on every outgoing request that
 * propagates context: put nothing secret in it.
 *
 * <p>Baggage comes from outside the process, so the receiving side trusts none of it by default:
 *
 * <ul>
 *   <li>only the entries on the processor's allowlist are stamped ({@link #DEFAULT_KEYS} unless
 *       configured: {@code user.id} is left out by default, since any caller could claim to be any
 *       user);
 *   <li>a value longer than {@value #MAX_VALUE_LENGTH} characters, or with a character that could
 *       forge a log line or make it read as another id (a control character such as CR, LF or NUL,
 *       a line or paragraph separator, a bidirectional or other invisible format character, a lone
 *       surrogate: see {@link ControlCharacters}), is dropped; a turn must be a positive integer;
 *   <li>stamped values are attributes only: they never feed a local workflow's totals (a span
 *       counts in the workflow whose scope it started in), the local turn numbering or the cost
 *       metric's series (a stamped {@code workflow.type} is recorded there as {@code _external});
 *   <li>a span started inside a local scope keeps the local ids.
 * </ul>
 *
 * <p>Internal, not for public use; it may change at any time.
 */
public final class BaggageBridge {

  /** The longest value stamped from Baggage. */
  public static final int MAX_VALUE_LENGTH = Last9Limits.MAX_BAGGAGE_VALUE_LENGTH;

  /** Every entry this bridge knows. */
  public static final List<String> KNOWN_KEYS =
      List.of(
          GenAiAttributes.CONVERSATION_ID.getKey(),
          GenAiAttributes.CONVERSATION_TURN.getKey(),
          GenAiAttributes.USER_ID.getKey(),
          GenAiAttributes.WORKFLOW_ID.getKey(),
          GenAiAttributes.WORKFLOW_TYPE.getKey());

  /** The entries stamped unless the allowlist is configured: the ids, not the user. */
  public static final Set<String> DEFAULT_KEYS =
      Set.of(
          GenAiAttributes.CONVERSATION_ID.getKey(),
          GenAiAttributes.CONVERSATION_TURN.getKey(),
          GenAiAttributes.WORKFLOW_ID.getKey(),
          GenAiAttributes.WORKFLOW_TYPE.getKey());

  private final boolean conversationId;
  private final boolean turn;
  private final boolean userId;
  private final boolean workflowId;
  private final boolean workflowType;

  private BaggageBridge(Set<String> keys) {
    this.conversationId = keys.contains(GenAiAttributes.CONVERSATION_ID.getKey());
    this.turn = keys.contains(GenAiAttributes.CONVERSATION_TURN.getKey());
    this.userId = keys.contains(GenAiAttributes.USER_ID.getKey());
    this.workflowId = keys.contains(GenAiAttributes.WORKFLOW_ID.getKey());
    this.workflowType = keys.contains(GenAiAttributes.WORKFLOW_TYPE.getKey());
  }

  /**
   * A bridge that stamps the entries in {@code keys}.
   *
   * @throws IllegalArgumentException for a key that is not one of {@link #KNOWN_KEYS}
   */
  public static BaggageBridge stamping(Collection<String> keys) {
    for (String k : keys) {
      if (!KNOWN_KEYS.contains(k)) {
        throw new IllegalArgumentException(
            "'"
                + k
                + "' is not a Baggage entry last9-genai stamps; known entries: "
                + String.join(", ", KNOWN_KEYS));
      }
    }
    return new BaggageBridge(Set.copyOf(keys));
  }

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
    return context.with(
        Baggage.fromContext(context).toBuilder()
            .put(GenAiAttributes.CONVERSATION_TURN.getKey(), Long.toString(turn))
            .build());
  }

  /** Stamps the allowed, valid ids found in the Baggage of {@code context} on {@code span}. */
  public void stamp(Context context, ReadWriteSpan span) {
    Baggage baggage = Baggage.fromContext(context);
    if (baggage.isEmpty()) {
      return;
    }
    if (conversationId) {
      stampIfValid(span, baggage, GenAiAttributes.CONVERSATION_ID);
    }
    if (userId) {
      stampIfValid(span, baggage, GenAiAttributes.USER_ID);
    }
    if (workflowId) {
      stampIfValid(span, baggage, GenAiAttributes.WORKFLOW_ID);
    }
    if (workflowType) {
      stampIfValid(span, baggage, GenAiAttributes.WORKFLOW_TYPE);
    }
    if (turn) {
      long t = parseTurn(baggage.getEntryValue(GenAiAttributes.CONVERSATION_TURN.getKey()));
      if (t > 0) {
        span.setAttribute(GenAiAttributes.CONVERSATION_TURN, t);
      }
    }
  }

  /**
   * The conversation id carried in {@code context}'s Baggage if it is valid, else null (not
   * allowlist-bound).
   */
  public static String conversationId(Context context) {
    String v = Baggage.fromContext(context).getEntryValue(GenAiAttributes.CONVERSATION_ID.getKey());
    return isValid(v) ? v : null;
  }

  /**
   * True for a non-blank value of at most {@value #MAX_VALUE_LENGTH} characters with none of the
   * characters {@link ControlCharacters} rejects (controls, format and bidirectional characters,
   * line and paragraph separators, lone surrogates).
   */
  static boolean isValid(String v) {
    if (v == null || v.isEmpty() || v.length() > MAX_VALUE_LENGTH || v.isBlank()) {
      return false;
    }
    return !ControlCharacters.containsAny(v);
  }

  private static long parseTurn(String v) {
    if (v == null || v.isEmpty() || v.length() > 10) {
      return 0;
    }
    long t = 0;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') {
        return 0; // a foreign or corrupted entry: no turn rather than a wrong one
      }
      t = t * 10 + (c - '0');
    }
    return t;
  }

  private static void putIfSet(BaggageBuilder b, String key, String value) {
    if (value != null) {
      b.put(key, value);
    }
  }

  private static void stampIfValid(ReadWriteSpan span, Baggage baggage, AttributeKey<String> key) {
    String v = baggage.getEntryValue(key.getKey());
    if (isValid(v)) {
      span.setAttribute(key, v);
    }
  }
}
