/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.explorer.internal.store;

/**
 * The cost distribution of one workflow type. Internal, not for public use.
 *
 * @param type the workflow type ({@code (none)} when the runs name none)
 * @param runs how many runs
 * @param totalUsd their total cost
 * @param averageUsd the mean
 * @param p50Usd the median
 * @param p90Usd the 90th percentile
 * @param maxUsd the most costly run
 * @param costliestStep the step that costs most, summed over the runs
 * @param costliestStepUsd what that step cost in total
 */
public record WorkflowType(
    String type,
    long runs,
    double totalUsd,
    double averageUsd,
    double p50Usd,
    double p90Usd,
    double maxUsd,
    String costliestStep,
    double costliestStepUsd) {
  /** Sums shown rounded to 1e-10 USD. */
  public WorkflowType {
    totalUsd = Usd.round(totalUsd);
    averageUsd = Usd.round(averageUsd);
    p50Usd = Usd.round(p50Usd);
    p90Usd = Usd.round(p90Usd);
    maxUsd = Usd.round(maxUsd);
    costliestStepUsd = Usd.round(costliestStepUsd);
  }
}
