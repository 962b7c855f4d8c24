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
 * <p>It also keeps the id's sampling value ({@link ConversationHash}), computed the first time a
 * sampler asks and then reused by every span of the scope: a local id has no length limit, and
 * hashing it again for each span would make every span's cost grow with it.
 *
 * <p>Internal, not for public use; it may change at any time.
 */
public final class ConversationFields {

  /** {@link #samplingValue} not computed yet: sampling values are never negative. */
  private static final long UNHASHED = -1;

  private final String id;
  private final long explicitTurn;

  /** Racy single-check cache, as {@link String#hashCode} is: a race only hashes twice. */
  private volatile long samplingValue = UNHASHED;

  /**
   * @param id the conversation id
   * @param explicitTurn the turn number the caller fixed, or 0 for automatic turns
   */
  ConversationFields(String id, long explicitTurn) {
    this.id = id;
    this.explicitTurn = explicitTurn;
  }

  /** The conversation id. */
  public String id() {
    return id;
  }

  /** The turn number the caller fixed, or 0 for automatic turns. */
  public long explicitTurn() {
    return explicitTurn;
  }

  /** {@link ConversationHash#value} of the id, computed once. */
  public long samplingValue() {
    long v = samplingValue;
    if (v == UNHASHED) {
      v = ConversationHash.value(id);
      samplingValue = v;
    }
    return v;
  }

  /**
   * The fields of a conversation scope {@code id} (explicit turn {@code turn}, or 0) opened inside
   * {@code outer}.
   */
  static ConversationFields enter(ConversationFields outer, String id, long turn) {
    if (turn > 0) {
      ConversationFields c = new ConversationFields(id, turn);
      if (outer != null && outer.id.equals(id)) {
        c.samplingValue = outer.samplingValue; // the same id: no need to hash it again
      }
      return c;
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
