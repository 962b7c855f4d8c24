/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

import static io.last9.genai.bridge.SharedCells.WORKFLOW_CELLS;
import static io.last9.genai.bridge.SharedCells.WORKFLOW_COST_USD;
import static io.last9.genai.bridge.SharedCells.WORKFLOW_INPUT_TOKENS;
import static io.last9.genai.bridge.SharedCells.WORKFLOW_LLM_CALLS;
import static io.last9.genai.bridge.SharedCells.WORKFLOW_OUTPUT_TOKENS;
import static io.last9.genai.bridge.SharedCells.WORKFLOW_PARENT;
import static io.last9.genai.bridge.SharedCells.WORKFLOW_TOOL_CALLS;

import io.last9.genai.bridge.SharedCells;
import java.lang.ref.WeakReference;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Running totals of one workflow execution: cost, LLM and tool calls, tokens. Adders keep
 * concurrent updates from many threads exact and contention-free; a nested workflow forwards every
 * update to its enclosing one, so an outer workflow's totals include its inner workflows.
 *
 * <p>Totals saturate instead of overflowing: each call adds at most {@value #MAX_TOKENS_PER_CALL}
 * tokens, and a sum that would pass {@code Long.MAX_VALUE} reads as {@code Long.MAX_VALUE}.
 * Non-finite or negative costs are not added.
 *
 * <p>A nested workflow reaches its enclosing one through a weak reference: only the enclosing
 * {@code WorkflowContext} (or a context that holds its state) keeps an enclosing workflow's totals
 * alive, and those are also the only ways to read them. So a workflow that is never closed keeps no
 * enclosing workflow alive, just as a leaked OpenTelemetry scope keeps nothing of the scopes around
 * it, while an update is never lost from totals anyone can still read.
 *
 * <p>The counters and that link are one array of JDK types on purpose ({@link #cells()}): a copy of
 * the library in another class loader (the Java agent extension) shares them through {@link
 * #over(Object[], AtomicBoolean[])}, and the array is what keeps them alive for both copies. Their
 * layout is part of the bridge's contract, {@link SharedCells}.
 *
 * <p>A workflow's span carries its totals as they are when it closes. A call that ends later (a
 * streamed answer whose last chunk arrives after the code that opened the workflow returned) is
 * still added here, but it can no longer reach that span: the update then says so ({@link
 * #addLlmCall} returns {@code true}), so that the call's own span can be marked rather than its
 * cost silently missing from the workflow's. Each workflow has a closed flag, and the totals keep
 * those of the enclosing workflows too, because a call that ends after an enclosing workflow closed
 * is missing from that one's span. The flags are shared with the other copy of the library the same
 * way as the counters ({@link #closedFlags()}).
 *
 * <p>Internal, not for public use; it may change at any time.
 */
public final class WorkflowTotals {

  /**
   * The most tokens one call may add: far above any real call, far below what could overflow a sum.
   */
  static final long MAX_TOKENS_PER_CALL = 1L << 40;

  private static final AtomicBoolean[] NO_FLAGS = new AtomicBoolean[0];

  private final Object[] cells;

  /**
   * This workflow's closed flag, then each enclosing workflow's, innermost first; empty when the
   * copy that made the totals kept none.
   */
  private final AtomicBoolean[] closed;

  /** New totals inside the workflow whose totals are {@code parent} (may be null). */
  public WorkflowTotals(WorkflowTotals parent) {
    Object[] c = new Object[WORKFLOW_CELLS];
    c[WORKFLOW_COST_USD] = new DoubleAdder();
    c[WORKFLOW_LLM_CALLS] = new LongAdder();
    c[WORKFLOW_TOOL_CALLS] = new LongAdder();
    c[WORKFLOW_INPUT_TOKENS] = new LongAdder();
    c[WORKFLOW_OUTPUT_TOKENS] = new LongAdder();
    c[WORKFLOW_PARENT] = parent == null ? null : new WeakReference<>(parent.cells);
    this.cells = c;
    AtomicBoolean[] enclosing = parent == null ? NO_FLAGS : parent.closed;
    AtomicBoolean[] flags = new AtomicBoolean[enclosing.length + 1];
    flags[0] = new AtomicBoolean();
    System.arraycopy(enclosing, 0, flags, 1, enclosing.length);
    this.closed = flags;
  }

  private WorkflowTotals(Object[] cells, AtomicBoolean[] closed) {
    this.cells = cells;
    this.closed = closed;
  }

  /**
   * Totals over cells shared with another copy of the library, laid out as {@link #cells()}, and
   * its closed flags ({@link #closedFlags()}), or {@code null} when that copy shares none (it then
   * never reads as closed here).
   *
   * @throws IllegalArgumentException when {@code cells} or {@code closed} is not laid out so
   */
  public static WorkflowTotals over(Object[] cells, AtomicBoolean[] closed) {
    if (cells.length != WORKFLOW_CELLS
        || !(cells[WORKFLOW_COST_USD] instanceof DoubleAdder)
        || !(cells[WORKFLOW_LLM_CALLS] instanceof LongAdder)
        || !(cells[WORKFLOW_TOOL_CALLS] instanceof LongAdder)
        || !(cells[WORKFLOW_INPUT_TOKENS] instanceof LongAdder)
        || !(cells[WORKFLOW_OUTPUT_TOKENS] instanceof LongAdder)
        || !(cells[WORKFLOW_PARENT] == null || cells[WORKFLOW_PARENT] instanceof WeakReference)) {
      throw new IllegalArgumentException("not the cells of workflow totals");
    }
    if (closed == null) {
      return new WorkflowTotals(cells, NO_FLAGS);
    }
    for (AtomicBoolean flag : closed) {
      if (flag == null) {
        throw new IllegalArgumentException("not the closed flags of workflow totals");
      }
    }
    return new WorkflowTotals(cells, closed);
  }

  /**
   * Marks this workflow closed: its span is about to carry the totals as they are now. Updates go
   * on being added, and from now on report that they came too late for that span.
   */
  public void close() {
    if (closed.length > 0) {
      closed[0].set(true);
    }
  }

  /**
   * Adds one LLM call.
   *
   * @return whether this workflow or an enclosing one had already closed, so that the call is
   *     missing from that workflow span's totals
   */
  public boolean addLlmCall(double cost, long input, long output) {
    double c = Double.isFinite(cost) && cost > 0 ? cost : 0;
    long in = clamp(input);
    long out = clamp(output);
    for (Object[] t = cells; t != null; t = parentOf(t)) {
      ((DoubleAdder) t[WORKFLOW_COST_USD]).add(c);
      ((LongAdder) t[WORKFLOW_LLM_CALLS]).increment();
      ((LongAdder) t[WORKFLOW_INPUT_TOKENS]).add(in);
      ((LongAdder) t[WORKFLOW_OUTPUT_TOKENS]).add(out);
    }
    return closedBefore();
  }

  /**
   * Adds one tool call.
   *
   * @return whether this workflow or an enclosing one had already closed
   */
  public boolean addToolCall() {
    for (Object[] t = cells; t != null; t = parentOf(t)) {
      ((LongAdder) t[WORKFLOW_TOOL_CALLS]).increment();
    }
    return closedBefore();
  }

  /**
   * Read after the update, never before: a workflow that closes between the two then reads its
   * totals after the update (both are volatile accesses), so an update reported as in time is
   * always in the span's totals. An update that races the close may be reported as late and still
   * be in them; none is missing and unreported.
   */
  private boolean closedBefore() {
    for (AtomicBoolean flag : closed) {
      if (flag.get()) {
        return true;
      }
    }
    return false;
  }

  public double costUsd() {
    return ((DoubleAdder) cells[WORKFLOW_COST_USD]).sum();
  }

  public long llmCalls() {
    return count(WORKFLOW_LLM_CALLS);
  }

  public long toolCalls() {
    return count(WORKFLOW_TOOL_CALLS);
  }

  public long inputTokens() {
    return count(WORKFLOW_INPUT_TOKENS);
  }

  public long outputTokens() {
    return count(WORKFLOW_OUTPUT_TOKENS);
  }

  /**
   * The shared cells, laid out as {@link SharedCells} says: the five counters and the weak link to
   * the enclosing workflow's cells. Whoever holds the array keeps the counters alive; do not modify
   * it.
   */
  public Object[] cells() {
    return cells;
  }

  /**
   * The closed flags, shared with the other copy of the library as they are: this workflow's first,
   * then each enclosing workflow's. Do not modify the array.
   */
  public AtomicBoolean[] closedFlags() {
    return closed;
  }

  /** The enclosing workflow's cells, or null when there is none or nothing holds it any more. */
  private static Object[] parentOf(Object[] cells) {
    Object link = cells[WORKFLOW_PARENT];
    return link == null ? null : (Object[]) ((WeakReference<?>) link).get();
  }

  private long count(int index) {
    return saturated(((LongAdder) cells[index]).sum());
  }

  private static long clamp(long v) {
    return v <= 0 ? 0 : Math.min(v, MAX_TOKENS_PER_CALL);
  }

  /** A sum of non-negative parts that went negative has overflowed: report the ceiling. */
  private static long saturated(long sum) {
    return sum < 0 ? Long.MAX_VALUE : sum;
  }
}
