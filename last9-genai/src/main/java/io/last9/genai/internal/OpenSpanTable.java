/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

import io.last9.genai.internal.pricing.PricingTable;
import io.opentelemetry.sdk.trace.ReadableSpan;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What a span processor learned about a span when it started that it needs again when the span
 * ends: the workflow the span was started in, the per-call pricing of the observed call it was
 * started in, and the conversation whose turn it may take once it turns out to be a model call.
 * {@code onEnding} sees only the span, not the context it was started in, so {@code onStart} notes
 * these here and {@code onEnding} takes them out.
 *
 * <p>Only spans that need it get an entry (spans inside a workflow, an observed call with its own
 * pricing, or a conversation with no turn yet), and the entry is removed when the span ends, so
 * nothing outlives the span. It is one table per processor, not a JVM-wide registry, and it is
 * bounded: a fixed array of slots with short linear probing, allocated on first use. When every
 * probed slot is taken (spans that never end, or more spans open at once than the table holds), the
 * oldest of them is evicted: the newest span is never refused. An evicted span ends as if it had
 * been started outside its workflow.
 *
 * <p>Lock-free and allocation-free apart from the entry itself.
 *
 * <p>Internal, not for public use; it may change at any time.
 */
public final class OpenSpanTable {

  private static final Logger logger = Logger.getLogger(OpenSpanTable.class.getName());

  /** This instance's own reports: another set-up in the same JVM never silences them. */
  private final OnceLogger warnings = new OnceLogger(logger);

  /** Default number of slots: spans open at once inside scopes that need an entry. */
  public static final int DEFAULT_CAPACITY = 1 << 16;

  private static final int PROBES = 8;

  private final int capacity;
  private volatile AtomicReferenceArray<Entry> slots;

  /**
   * Approximate insertion order, for choosing the oldest entry to evict; races only blur the order.
   */
  private long sequence;

  public OpenSpanTable(int capacity) {
    if (capacity < PROBES || Integer.bitCount(capacity) != 1) {
      throw new IllegalArgumentException(
          "capacity must be a power of two >= " + PROBES + ", was " + capacity);
    }
    this.capacity = capacity;
  }

  /**
   * What was noted about one open span.
   *
   * @param span the span
   * @param totals the workflow the span was started in, or null
   * @param pricing the per-call pricing of the observed call it was started in, or null
   * @param conversationId the conversation whose next turn the span takes if it ends as a model
   *     call, or null
   */
  public record Entry(
      ReadableSpan span,
      WorkflowTotals totals,
      PricingTable pricing,
      String conversationId,
      long sequence) {}

  /** Notes {@code span}; evicts the oldest of its probe slots when they are all taken. */
  public void put(
      ReadableSpan span, WorkflowTotals totals, PricingTable pricing, String conversationId) {
    AtomicReferenceArray<Entry> s = slots();
    Entry e = new Entry(span, totals, pricing, conversationId, sequence++);
    int mask = capacity - 1;
    int start = index(span) & mask;
    for (int attempt = 0; attempt < 2; attempt++) {
      int oldest = -1;
      long oldestSeq = Long.MAX_VALUE;
      for (int i = 0; i < PROBES; i++) {
        int idx = (start + i) & mask;
        Entry current = s.get(idx);
        if (current == null) {
          if (s.compareAndSet(idx, null, e)) {
            return;
          }
          current = s.get(idx);
          if (current == null) {
            continue;
          }
        }
        if (current.sequence < oldestSeq) {
          oldestSeq = current.sequence;
          oldest = idx;
        }
      }
      if (oldest >= 0) {
        Entry victim = s.get(oldest);
        if (victim != null && victim.sequence == oldestSeq && s.compareAndSet(oldest, victim, e)) {
          warnings.warn(
              "open-span-table-full",
              Level.WARNING,
              "More spans are open at once inside "
                  + "last9-genai scopes than the processor tracks ("
                  + capacity
                  + "), or spans are never ended; the "
                  + "oldest are evicted and end as if started outside their workflow.",
              null);
          return;
        }
      }
    }
    // lost every race twice over: the span ends as if started outside its scopes (and is reported)
    warnings.warn(
        "open-span-table-contended",
        Level.FINE,
        "a span could not be noted in the open-span table",
        null);
  }

  /** Removes and returns what was noted about {@code span}, or null. */
  public Entry remove(ReadableSpan span) {
    AtomicReferenceArray<Entry> s = slots;
    if (s == null) {
      return null;
    }
    int mask = capacity - 1;
    int start = index(span) & mask;
    for (int i = 0; i < PROBES; i++) {
      int idx = (start + i) & mask;
      Entry current = s.getPlain(idx);
      if (current != null && current.span == span) {
        return s.compareAndSet(idx, current, null) ? current : null;
      }
    }
    return null;
  }

  /** The number of spans noted and not yet ended (walks the table: tests and diagnostics only). */
  public int size() {
    AtomicReferenceArray<Entry> s = slots;
    if (s == null) {
      return 0;
    }
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.get(i) != null) {
        n++;
      }
    }
    return n;
  }

  private AtomicReferenceArray<Entry> slots() {
    AtomicReferenceArray<Entry> s = slots;
    if (s == null) {
      synchronized (this) {
        s = slots;
        if (s == null) {
          s = new AtomicReferenceArray<>(capacity);
          slots = s;
        }
      }
    }
    return s;
  }

  private static int index(ReadableSpan span) {
    int h = System.identityHashCode(span);
    return h ^ (h >>> 16);
  }
}
