package io.last9.genai.internal;

import io.last9.genai.TurnStore;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The automatic turn of one outermost operation (an observed call, a workflow, an agent scope) inside a
 * conversation. The number is drawn from the {@link TurnStore} when the first span inside the operation starts,
 * and every later span inside it reads the same number. It lives only in the {@code Context}, so it is garbage as
 * soon as the operation's scope is closed.
 */
public final class TurnSlot {

  private static final Logger logger = Logger.getLogger(TurnSlot.class.getName());

  private final String conversationId;
  private volatile long number;

  public TurnSlot(String conversationId) {
    this.conversationId = conversationId;
  }

  /** The turn number, drawing it from {@code store} on first use; 0 when the store failed. */
  public long number(TurnStore store) {
    long n = number;
    if (n != 0) {
      return n;
    }
    synchronized (this) {
      if (number == 0) {
        number = nextTurnSafely(store, conversationId);
      }
      return number;
    }
  }

  /** The number already drawn, or 0. */
  public long assigned() {
    return number;
  }

  /** Draws the next turn of a conversation; a failing store yields 0 (no turn) and is reported once. */
  static long nextTurnSafely(TurnStore store, String conversationId) {
    try {
      long n = store.nextTurn(conversationId);
      return n > 0 ? n : 0;
    } catch (RuntimeException e) {
      OnceLogger.warn(logger, "turn-store:" + e.getClass().getName(), Level.WARNING,
          "TurnStore " + store.getClass().getName() + " failed; spans carry no turn number until it recovers", e);
      return 0;
    }
  }
}
