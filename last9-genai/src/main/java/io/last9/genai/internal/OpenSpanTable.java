/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

import io.last9.genai.Last9Limits;
import io.last9.genai.pricing.internal.PricingTable;
import io.opentelemetry.sdk.trace.ReadableSpan;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * pricing, or a conversation with no turn yet). An entry lives exactly as long as its span:
 *
 * <ul>
 *   <li>it is removed when the span ends;
 *   <li>it refers to the span weakly, so a span that never ends and that nothing else holds any
 *       more (a leak, a span whose start another processor failed) is collected as if the table did
 *       not exist, and its entry, with the workflow totals it holds, is removed by a daemon thread
 *       shortly after the collection;
 *   <li>it is never evicted while its span is alive: however many other spans are open or leaked, a
 *       span that ends counts in the workflow it was started in.
 * </ul>
 *
 * <p>So the table holds at most one entry (48 bytes, plus what it refers to) per span that the
 * application itself still holds open: it is bounded by the application's own spans, each of which
 * is many times larger, and no code path's leak can displace another's entry or disable the table.
 * Entries live in a fixed array of slots with short linear probing (lock-free, allocated on first
 * use; a slot whose span was collected is reused at once); an entry whose probe window holds only
 * live spans goes to an overflow map instead of evicting one.
 *
 * <p>Allocation-free apart from the entry itself (and, while the overflow map holds entries, a
 * small lookup key when a span that is not in the array ends).
 *
 * <p>Internal, not for public use; it may change at any time.
 */
public final class OpenSpanTable {

  private static final Logger logger = Logger.getLogger(OpenSpanTable.class.getName());

  /** This instance's own reports: another set-up in the same JVM never silences them. */
  private final OnceLogger warnings = new OnceLogger(logger);

  /** Default number of slots in the array: spans open at once inside scopes that need an entry. */
  public static final int DEFAULT_CAPACITY = Last9Limits.getDefault().getMaxOpenSpans();

  private static final int PROBES = 8;

  /** Where the entries of collected spans are queued, for the reaper of every table. */
  private static final ReferenceQueue<ReadableSpan> COLLECTED = new ReferenceQueue<>();

  /**
   * How long the reaper waits for a collected span before its thread ends (started again on use).
   */
  private static final long REAPER_IDLE_MILLIS = 60_000;

  private static final AtomicBoolean reaperRunning = new AtomicBoolean();

  /** The reaper serves every table, so its own reports belong to no one set-up. */
  private static final OnceLogger reaperWarnings = new OnceLogger(logger);

  /** Set when no reaper thread could be started: {@link #put} then reaps a few entries itself. */
  private static volatile boolean reapInline;

  private final int capacity;
  private volatile AtomicReferenceArray<Entry> slots;

  /** Entries whose probe window was full of live spans; keyed by the span's identity. */
  private final ConcurrentHashMap<Object, Entry> overflow = new ConcurrentHashMap<>();

  public OpenSpanTable(int capacity) {
    if (capacity < PROBES || Integer.bitCount(capacity) != 1) {
      throw new IllegalArgumentException(
          "capacity must be a power of two >= " + PROBES + ", was " + capacity);
    }
    this.capacity = capacity;
  }

  /**
   * What was noted about one open span, referring to the span weakly. Equal only to itself; a
   * {@link SpanKey} finds it by its span.
   */
  public static final class Entry extends WeakReference<ReadableSpan> {
    private final OpenSpanTable table;
    private final int hash;
    private final WorkflowTotals totals;
    private final PricingTable pricing;
    private final String conversationId;

    Entry(
        ReadableSpan span,
        int hash,
        OpenSpanTable table,
        WorkflowTotals totals,
        PricingTable pricing,
        String conversationId) {
      super(span, COLLECTED);
      this.table = table;
      this.hash = hash;
      this.totals = totals;
      this.pricing = pricing;
      this.conversationId = conversationId;
    }

    /** The workflow the span was started in, or null. */
    public WorkflowTotals totals() {
      return totals;
    }

    /** The per-call pricing of the observed call it was started in, or null. */
    public PricingTable pricing() {
      return pricing;
    }

    /** The conversation whose next turn the span takes if it ends as a model call, or null. */
    public String conversationId() {
      return conversationId;
    }

    @Override
    public boolean equals(Object o) {
      return o == this;
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /** Finds an overflow entry by its span, without making an entry. */
  private static final class SpanKey {
    private final ReadableSpan span;
    private final int hash;

    SpanKey(ReadableSpan span, int hash) {
      this.span = span;
      this.hash = hash;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Entry && ((Entry) o).refersTo(span);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  /** Notes {@code span}; never refuses it and never displaces the entry of a live span. */
  public void put(
      ReadableSpan span, WorkflowTotals totals, PricingTable pricing, String conversationId) {
    AtomicReferenceArray<Entry> s = slots();
    int h = index(span);
    Entry e = new Entry(span, h, this, totals, pricing, conversationId);
    if (!reaperRunning.get()) {
      startReaper();
    }
    if (reapInline) {
      reapQueued(16);
    }
    int mask = capacity - 1;
    for (int i = 0; i < PROBES; i++) {
      int idx = (h + i) & mask;
      Entry current = s.get(idx);
      // a free slot, or one whose span was collected and whose entry is not reaped yet
      if ((current == null || current.refersTo(null)) && s.compareAndSet(idx, current, e)) {
        return;
      }
    }
    overflow.put(e, e);
  }

  /** Removes and returns what was noted about {@code span}, or null. */
  public Entry remove(ReadableSpan span) {
    AtomicReferenceArray<Entry> s = slots;
    if (s == null) {
      return null;
    }
    int h = index(span);
    int mask = capacity - 1;
    for (int i = 0; i < PROBES; i++) {
      int idx = (h + i) & mask;
      Entry current = s.get(idx);
      if (current != null && current.hash == h && current.refersTo(span)) {
        return s.compareAndSet(idx, current, null) ? current : null;
      }
    }
    return overflow.isEmpty() ? null : overflow.remove(new SpanKey(span, h));
  }

  /**
   * The number of spans noted, not yet ended and not collected (walks the table: tests and
   * diagnostics only).
   */
  public int size() {
    int n = 0;
    AtomicReferenceArray<Entry> s = slots;
    if (s != null) {
      for (int i = 0; i < s.length(); i++) {
        Entry e = s.get(i);
        if (e != null && !e.refersTo(null)) {
          n++;
        }
      }
    }
    for (Entry e : overflow.values()) {
      if (!e.refersTo(null)) {
        n++;
      }
    }
    return n;
  }

  /**
   * The number of entries held, those of collected spans not reaped yet included (tests and
   * diagnostics only).
   */
  public int entries() {
    int n = overflow.size();
    AtomicReferenceArray<Entry> s = slots;
    if (s != null) {
      for (int i = 0; i < s.length(); i++) {
        if (s.get(i) != null) {
          n++;
        }
      }
    }
    return n;
  }

  /** Takes out the entry of a collected span, wherever it is (it may be gone already). */
  private void reap(Entry e) {
    AtomicReferenceArray<Entry> s = slots;
    if (s != null) {
      int mask = capacity - 1;
      for (int i = 0; i < PROBES; i++) {
        int idx = (e.hash + i) & mask;
        if (s.get(idx) == e) {
          if (s.compareAndSet(idx, e, null)) {
            return;
          }
          break;
        }
      }
    }
    overflow.remove(e, e);
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

  /**
   * The span's hash: its span id's, which the SDK draws at random and whose string caches the hash
   * (so the end of the span reads it for free). Not the identity hash: a new object has none, and
   * the first request for it is a call into the VM, on the end of every span once the table is in
   * use. Ids that are not random (a custom generator) only cost spread: entries are told apart by
   * their span, never by their hash.
   */
  private static int index(ReadableSpan span) {
    int h = span.getSpanContext().getSpanId().hashCode();
    return h ^ (h >>> 16);
  }

  /** Reaps up to {@code max} queued entries on the calling thread. */
  private static void reapQueued(int max) {
    for (int i = 0; i < max; i++) {
      Reference<? extends ReadableSpan> r = COLLECTED.poll();
      if (r == null) {
        return;
      }
      ((Entry) r).table.reap((Entry) r);
    }
  }

  /**
   * Starts the reaper: one daemon thread for every table of this copy of the library, which removes
   * the entries of collected spans as the garbage collector queues them, and ends after a minute
   * with nothing to do (so it never keeps an undeployed application's classes alive for long).
   */
  private static void startReaper() {
    if (!reaperRunning.compareAndSet(false, true)) {
      return;
    }
    try {
      Thread t =
          new Thread(null, OpenSpanTable::runReaper, "last9-genai-open-span-reaper", 0, false);
      t.setDaemon(true);
      t.setContextClassLoader(null);
      t.start();
    } catch (Throwable t) {
      // no second attempt (reaperRunning stays set): every put reaps a few entries itself instead
      reapInline = true;
      Throwables.rethrowIfFatal(t);
      reaperWarnings.warn(
          "open-span-reaper",
          Level.FINE,
          "last9-genai could not start its reaper thread; entries of collected spans are removed as "
              + "new spans start",
          t);
    }
  }

  private static void runReaper() {
    try {
      while (true) {
        Reference<? extends ReadableSpan> r = COLLECTED.remove(REAPER_IDLE_MILLIS);
        if (r == null) {
          reaperRunning.set(false);
          // a span collected between the timeout and the flag: carry on if no other reaper did
          r = COLLECTED.poll();
          if (r == null) {
            return;
          }
          ((Entry) r).table.reap((Entry) r);
          if (!reaperRunning.compareAndSet(false, true)) {
            return;
          }
          continue;
        }
        ((Entry) r).table.reap((Entry) r);
      }
    } catch (InterruptedException e) {
      reaperRunning.set(false);
    } catch (Throwable t) {
      reaperRunning.set(false);
      Throwables.rethrowIfFatal(t);
      reaperWarnings.warn(
          "open-span-reaper-failed", Level.WARNING, "last9-genai's reaper thread failed", t);
    }
  }
}
