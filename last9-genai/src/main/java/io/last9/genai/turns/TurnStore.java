/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.turns;

/**
 * Numbers the turns of conversations.
 *
 * <p>The default, {@link InMemoryTurnStore}, numbers turns in this JVM and is bounded. Implement
 * this interface over a shared store (Redis {@code INCR}, a database sequence) to number turns
 * across replicas; the {@code last9-genai-redis} module does that. Implementations must be
 * thread-safe; concurrent calls for one conversation must return distinct numbers with no gaps. A
 * store that throws makes the affected spans carry no turn number; it never fails the application.
 *
 * <p>The processor draws a number once per turn (not per span), on the thread that starts the
 * turn's first span, so a store that talks to a server must answer within a short timeout.
 */
public interface TurnStore {

  /** Returns the next turn number of the conversation, starting at 1. */
  long nextTurn(String conversationId);

  /**
   * Returns the next turn of the conversation and whether its number is vouched unique. A store
   * that can fall back to a local count (while its shared backend is slow or down), or whose
   * backend lost its data, returns {@link Turn#fallback(long)} for the turns whose number may
   * repeat one given elsewhere, and the processor marks their spans with {@code
   * gen_ai.l9.turn.fallback = true}. The default wraps {@link #nextTurn(String)}.
   */
  default Turn next(String conversationId) {
    return Turn.of(nextTurn(conversationId));
  }

  /**
   * A turn number and whether it came from a fallback.
   *
   * @param number the turn number, starting at 1
   * @param fallback true when the number may repeat a number another replica gave: the store's
   *     shared backend could not be asked and the number is local to this process, or the backend
   *     lost its data since it gave numbers for the conversation
   */
  record Turn(long number, boolean fallback) {

    /** A number from the store itself. */
    public static Turn of(long number) {
      return new Turn(number, false);
    }

    /** A number that may repeat one given elsewhere, such as one from the local fallback. */
    public static Turn fallback(long number) {
      return new Turn(number, true);
    }
  }
}
