/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.explorer.internal.store;

/**
 * One run of a workflow. Internal, not for public use.
 *
 * @param workflowId the workflow id
 * @param type the workflow type, or {@code null}
 * @param traceId the trace of its workflow span
 * @param conversationId the conversation it ran in, or {@code null}
 * @param startNanos its start
 * @param durationMillis its duration
 * @param costUsd its total: {@code workflow.total_cost_usd}, else the sum of its spans' cost
 * @param modelCalls the model calls among its spans
 * @param costliestStep the name of its most costly span, or {@code null}
 * @param costliestStepUsd that span's cost
 */
public record WorkflowRun(
    String workflowId,
    String type,
    String traceId,
    String conversationId,
    long startNanos,
    double durationMillis,
    double costUsd,
    long modelCalls,
    String costliestStep,
    double costliestStepUsd) {
  /** Sums shown rounded to 1e-10 USD. */
  public WorkflowRun {
    costUsd = Usd.round(costUsd);
    costliestStepUsd = Usd.round(costliestStepUsd);
  }
}
