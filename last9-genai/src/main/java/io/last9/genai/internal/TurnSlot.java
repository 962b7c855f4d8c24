/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

import io.last9.genai.turns.TurnStore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;

/**
 * The automatic turn of one outermost operation (an observed call, a workflow, an agent scope)
 * inside a conversation. The number is drawn from the {@link TurnStore} when the first span inside
 * the operation starts, and every later span inside it reads the same number. It lives only in the
 * {@code Context}, so it is garbage as soon as the operation's scope is closed.
 *
 * <p>The number is held in a JDK {@link AtomicLong}, and drawing locks that cell, so that a copy of
 * the library in another class loader (the Java agent extension) can share one slot through {@link
 * #TurnSlot(String, AtomicLong)} and the number is drawn once, whichever copy draws it. The cell's
 * encoding is part of the bridge's contract, {@link io.last9.genai.bridge.SharedCells}.
 *
 * <p>Internal, not for public use; it may change at any time.
 */
public final class TurnSlot {

  private final String conversationId;

  /** The drawn number, negated when it came from a store's fallback; 0 until drawn. */
  private final AtomicLong drawn;

  public TurnSlot(String conversationId) {
    this(conversationId, new AtomicLong());
  }

  /** A slot over a number cell shared with another copy of the library. */
  public TurnSlot(String conversationId, AtomicLong drawn) {
    this.conversationId = conversationId;
    this.drawn = drawn;
  }

  /**
   * The turn number, drawing it from {@code store} on first use; 0 when the store failed, which is
   * reported through {@code warnings}, the reports of the processor that owns the store.
   */
  public long number(TurnStore store, OnceLogger warnings) {
    long n = drawn.get();
    if (n == 0) {
      synchronized (drawn) {
        n = drawn.get();
        if (n == 0) {
          n = encode(draw(store, conversationId, warnings));
          drawn.set(n);
        }
      }
    }
    return Math.abs(n);
  }

  /** The number already drawn, or 0. */
  public long assigned() {
    return Math.abs(drawn.get());
  }

  /** True when the drawn number came from the store's local fallback. */
  public boolean isFallback() {
    return drawn.get() < 0;
  }

  /** The conversation this slot numbers a turn of. */
  public String conversationId() {
    return conversationId;
  }

  /** The number cell, for another copy of the library. */
  public AtomicLong cell() {
    return drawn;
  }

  private static long encode(TurnStore.Turn turn) {
    if (turn == null || turn.number() <= 0) {
      return 0;
    }
    return turn.fallback() ? -turn.number() : turn.number();
  }

  /**
   * Draws the next turn of a conversation; a failing store yields no turn, reported through {@code
   * warnings}, the reports of the processor that owns the store.
   */
  public static TurnStore.Turn draw(TurnStore store, String conversationId, OnceLogger warnings) {
    try {
      return store.next(conversationId);
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      warnings.warn(
          "turn-store",
          Level.WARNING,
          "TurnStore "
              + store.getClass().getName()
              + " failed; spans carry no turn number until it recovers",
          t);
      return null;
    }
  }
}
