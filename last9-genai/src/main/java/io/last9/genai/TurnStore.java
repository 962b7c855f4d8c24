package io.last9.genai;

/**
 * Numbers the turns of conversations (CONTRACT section 4).
 *
 * <p>The default, {@link InMemoryTurnStore}, numbers turns in this JVM and is bounded. Implement this interface
 * over a shared store (Redis {@code INCR}, a database sequence) to number turns across replicas. Implementations
 * must be thread-safe; concurrent calls for one conversation must return distinct numbers with no gaps. A store
 * that throws makes the affected spans carry no turn number; it never fails the application.
 */
public interface TurnStore {

  /** Returns the next turn number of the conversation, starting at 1. */
  long nextTurn(String conversationId);
}
