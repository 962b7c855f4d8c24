/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.explorer.internal.store;

/**
 * One trace in the trace list. Internal, not for public use.
 *
 * @param traceId the trace id
 * @param rootName the name of its root span (or its first span when the root is missing)
 * @param service the root's service
 * @param spans the number of spans
 * @param startNanos the first span's start
 * @param durationMillis from the first start to the last end
 * @param costUsd the sum of its spans' cost
 * @param conversationId the conversation its spans name, or {@code null}
 * @param errors spans with an ERROR status
 */
public record TraceSummary(
    String traceId,
    String rootName,
    String service,
    long spans,
    long startNanos,
    double durationMillis,
    double costUsd,
    String conversationId,
    long errors) {
  /** Sums shown rounded to 1e-10 USD. */
  public TraceSummary {
    costUsd = Usd.round(costUsd);
  }
}
