/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.bridge;

/**
 * The mutable cells both copies of the library update: JDK objects, passed in payloads as they are
 * (never copied), so that the agent's copy changes the very counters the application reads.
 *
 * <ul>
 *   <li><b>Turn cell</b>, an {@code AtomicLong}: 0 until the turn is drawn, then the turn number,
 *       negated when it came from the turn store's local fallback. The copy that draws holds the
 *       cell's monitor while it checks and sets it, so the number is drawn once, whichever copy
 *       draws it.
 *   <li><b>Workflow cells</b>, an {@code Object[]} of {@value #WORKFLOW_CELLS}: the workflow's
 *       running totals (cost a {@code DoubleAdder}, the other counters {@code LongAdder}s) and, at
 *       {@value #WORKFLOW_PARENT}, a {@code WeakReference<Object[]>} to the enclosing workflow's
 *       cells, or {@code null}. Every update is added to the cells and to each enclosing
 *       workflow's.
 *   <li><b>Workflow closed flags</b>, an {@code AtomicBoolean[]}: the workflow's own flag first,
 *       then each enclosing workflow's, innermost first. The copy that opened a workflow sets its
 *       flag when the workflow closes, just before its span takes the totals; a copy that updates
 *       the totals reads the flags after the update, so that a call that ended too late for a
 *       workflow's span is marked. They travel in the scope state's payload as a field of their own
 *       (after the others), so that a reader that does not know them ignores them, and a workflow
 *       from a writer that does not share them never reads as closed.
 *   <li><b>Observed-call flags</b>, an {@code AtomicInteger} of the bits below, changed only by
 *       atomic read-modify-write.
 * </ul>
 */
public final class SharedCells {

  /** Workflow cells: the cost in USD, a {@code DoubleAdder}. */
  public static final int WORKFLOW_COST_USD = 0;

  /** Workflow cells: the LLM calls, a {@code LongAdder}. */
  public static final int WORKFLOW_LLM_CALLS = 1;

  /** Workflow cells: the tool calls, a {@code LongAdder}. */
  public static final int WORKFLOW_TOOL_CALLS = 2;

  /** Workflow cells: the input tokens, a {@code LongAdder}. */
  public static final int WORKFLOW_INPUT_TOKENS = 3;

  /** Workflow cells: the output tokens, a {@code LongAdder}. */
  public static final int WORKFLOW_OUTPUT_TOKENS = 4;

  /**
   * Workflow cells: the enclosing workflow's cells, a {@code WeakReference<Object[]>}, or {@code
   * null}.
   */
  public static final int WORKFLOW_PARENT = 5;

  /** The length of the workflow cells. */
  public static final int WORKFLOW_CELLS = 6;

  /**
   * Observed-call flag: the call's own span is being started, so the processor can tell it from the
   * spans inside the call.
   */
  public static final int CALL_OWN_SPAN_STARTING = 1;

  /** Observed-call flag: an instrumented GenAI span ran inside the call, and carries its tokens. */
  public static final int CALL_INSTRUMENTED_CHILD = 2;

  /** Observed-call flag: the call's span has ended. */
  public static final int CALL_ENDED = 4;

  private SharedCells() {}
}
