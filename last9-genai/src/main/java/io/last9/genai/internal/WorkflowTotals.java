/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

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
 * <p>The counters are JDK types on purpose: a copy of the library in another class loader (the Java
 * agent extension) can share them through {@link #WorkflowTotals(WorkflowTotals, DoubleAdder,
 * LongAdder, LongAdder, LongAdder, LongAdder)}.
 *
 * <p>Internal, not for public use; it may change at any time.
 */
public final class WorkflowTotals {

  /**
   * The most tokens one call may add: far above any real call, far below what could overflow a sum.
   */
  static final long MAX_TOKENS_PER_CALL = 1L << 40;

  private final WorkflowTotals parent;
  private final DoubleAdder costUsd;
  private final LongAdder llmCalls;
  private final LongAdder toolCalls;
  private final LongAdder inputTokens;
  private final LongAdder outputTokens;

  public WorkflowTotals(WorkflowTotals parent) {
    this(
        parent,
        new DoubleAdder(),
        new LongAdder(),
        new LongAdder(),
        new LongAdder(),
        new LongAdder());
  }

  /** Totals over counters shared with another copy of the library. */
  public WorkflowTotals(
      WorkflowTotals parent,
      DoubleAdder costUsd,
      LongAdder llmCalls,
      LongAdder toolCalls,
      LongAdder inputTokens,
      LongAdder outputTokens) {
    this.parent = parent;
    this.costUsd = costUsd;
    this.llmCalls = llmCalls;
    this.toolCalls = toolCalls;
    this.inputTokens = inputTokens;
    this.outputTokens = outputTokens;
  }

  /** Adds one LLM call. */
  public void addLlmCall(double cost, long input, long output) {
    double c = Double.isFinite(cost) && cost > 0 ? cost : 0;
    long in = clamp(input);
    long out = clamp(output);
    for (WorkflowTotals t = this; t != null; t = t.parent) {
      t.costUsd.add(c);
      t.llmCalls.increment();
      t.inputTokens.add(in);
      t.outputTokens.add(out);
    }
  }

  /** Adds one tool call. */
  public void addToolCall() {
    for (WorkflowTotals t = this; t != null; t = t.parent) {
      t.toolCalls.increment();
    }
  }

  public double costUsd() {
    return costUsd.sum();
  }

  public long llmCalls() {
    return saturated(llmCalls.sum());
  }

  public long toolCalls() {
    return saturated(toolCalls.sum());
  }

  public long inputTokens() {
    return saturated(inputTokens.sum());
  }

  public long outputTokens() {
    return saturated(outputTokens.sum());
  }

  /** The enclosing workflow's totals, or null. */
  public WorkflowTotals parent() {
    return parent;
  }

  /** The shared counters, in constructor order (for another copy of the library). */
  public Object[] cells() {
    return new Object[] {costUsd, llmCalls, toolCalls, inputTokens, outputTokens};
  }

  private static long clamp(long v) {
    return v <= 0 ? 0 : Math.min(v, MAX_TOKENS_PER_CALL);
  }

  /** A sum of non-negative parts that went negative has overflowed: report the ceiling. */
  private static long saturated(long sum) {
    return sum < 0 ? Long.MAX_VALUE : sum;
  }
}
