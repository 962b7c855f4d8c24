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
 * #over(Object[])}, and the array is what keeps them alive for both copies. Their layout is part of
 * the bridge's contract, {@link SharedCells}.
 *
 * <p>Internal, not for public use; it may change at any time.
 */
public final class WorkflowTotals {

  /**
   * The most tokens one call may add: far above any real call, far below what could overflow a sum.
   */
  static final long MAX_TOKENS_PER_CALL = 1L << 40;

  private final Object[] cells;

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
  }

  private WorkflowTotals(Object[] cells) {
    this.cells = cells;
  }

  /**
   * Totals over cells shared with another copy of the library, laid out as {@link #cells()}.
   *
   * @throws IllegalArgumentException when {@code cells} is not laid out so
   */
  public static WorkflowTotals over(Object[] cells) {
    if (cells.length != WORKFLOW_CELLS
        || !(cells[WORKFLOW_COST_USD] instanceof DoubleAdder)
        || !(cells[WORKFLOW_LLM_CALLS] instanceof LongAdder)
        || !(cells[WORKFLOW_TOOL_CALLS] instanceof LongAdder)
        || !(cells[WORKFLOW_INPUT_TOKENS] instanceof LongAdder)
        || !(cells[WORKFLOW_OUTPUT_TOKENS] instanceof LongAdder)
        || !(cells[WORKFLOW_PARENT] == null || cells[WORKFLOW_PARENT] instanceof WeakReference)) {
      throw new IllegalArgumentException("not the cells of workflow totals");
    }
    return new WorkflowTotals(cells);
  }

  /** Adds one LLM call. */
  public void addLlmCall(double cost, long input, long output) {
    double c = Double.isFinite(cost) && cost > 0 ? cost : 0;
    long in = clamp(input);
    long out = clamp(output);
    for (Object[] t = cells; t != null; t = parentOf(t)) {
      ((DoubleAdder) t[WORKFLOW_COST_USD]).add(c);
      ((LongAdder) t[WORKFLOW_LLM_CALLS]).increment();
      ((LongAdder) t[WORKFLOW_INPUT_TOKENS]).add(in);
      ((LongAdder) t[WORKFLOW_OUTPUT_TOKENS]).add(out);
    }
  }

  /** Adds one tool call. */
  public void addToolCall() {
    for (Object[] t = cells; t != null; t = parentOf(t)) {
      ((LongAdder) t[WORKFLOW_TOOL_CALLS]).increment();
    }
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
