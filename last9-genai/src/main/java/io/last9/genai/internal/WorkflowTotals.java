package io.last9.genai.internal;

import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Running totals of one open workflow: cost, LLM and tool calls, tokens. Adders keep concurrent updates from many
 * threads exact and contention-free; a nested workflow forwards every update to its enclosing one, so an outer
 * workflow's totals include its inner workflows.
 */
public final class WorkflowTotals {

  private final WorkflowTotals parent;
  private final DoubleAdder costUsd = new DoubleAdder();
  private final LongAdder llmCalls = new LongAdder();
  private final LongAdder toolCalls = new LongAdder();
  private final LongAdder inputTokens = new LongAdder();
  private final LongAdder outputTokens = new LongAdder();
  /** The open workflow with the same id this one shadows in {@link WorkflowRegistry}, or {@code null}. */
  volatile WorkflowTotals displaced;
  /** Set when the workflow's scope has closed. */
  volatile boolean closed;

  public WorkflowTotals(WorkflowTotals parent) {
    this.parent = parent;
  }

  /** Adds one LLM call. */
  public void addLlmCall(double cost, long input, long output) {
    for (WorkflowTotals t = this; t != null; t = t.parent) {
      t.costUsd.add(cost);
      t.llmCalls.increment();
      t.inputTokens.add(input);
      t.outputTokens.add(output);
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
    return llmCalls.sum();
  }

  public long toolCalls() {
    return toolCalls.sum();
  }

  public long inputTokens() {
    return inputTokens.sum();
  }

  public long outputTokens() {
    return outputTokens.sum();
  }
}
