/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

/**
 * The conversation part of a scope state.
 *
 * <p>Merge rule, for a conversation scope opened inside {@code outer}: the same conversation id
 * keeps the outer explicit turn unless the new scope gives one; a different id starts afresh (no
 * inherited turn).
 *
 * <p>Internal, not for public use; it may change at any time.
 *
 * @param id the conversation id
 * @param explicitTurn the turn number the caller fixed, or 0 for automatic turns
 */
public record ConversationFields(String id, long explicitTurn) {

  /**
   * The fields of a conversation scope {@code id} (explicit turn {@code turn}, or 0) opened inside
   * {@code outer}.
   */
  static ConversationFields enter(ConversationFields outer, String id, long turn) {
    if (turn > 0) {
      return new ConversationFields(id, turn);
    }
    if (outer != null && outer.id.equals(id)) {
      return outer;
    }
    return new ConversationFields(id, 0);
  }

  /** True when {@code other} names the same conversation. */
  boolean sameConversation(ConversationFields other) {
    return other != null && other.id.equals(id);
  }
}
