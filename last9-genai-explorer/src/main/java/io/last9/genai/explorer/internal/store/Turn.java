/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.explorer.internal.store;

import java.util.List;

/**
 * One turn of a conversation, with its messages, numbers and span tree. Internal, not for public
 * use.
 *
 * @param number the turn number, 0 when the spans carried none
 * @param traceIds the traces the turn's spans belong to
 * @param startNanos the first span's start
 * @param latencyMillis from the first span's start to the last span's end
 * @param question the user's message, or {@code null} when not captured
 * @param answer the model's answer, or {@code null} when not captured
 * @param models the models called
 * @param inputTokens input tokens of its model calls
 * @param outputTokens output tokens of its model calls
 * @param costUsd the sum of its spans' cost
 * @param pricedByExplorer true when some of the cost was priced by the explorer
 * @param unpricedCalls model calls that got no cost
 * @param errors spans with an ERROR status
 * @param spans the span tree: the roots, each with its children
 */
public record Turn(
    long number,
    List<String> traceIds,
    long startNanos,
    double latencyMillis,
    String question,
    String answer,
    List<String> models,
    long inputTokens,
    long outputTokens,
    double costUsd,
    boolean pricedByExplorer,
    long unpricedCalls,
    long errors,
    List<SpanNode> spans) {
  /** Sums shown rounded to 1e-10 USD. */
  public Turn {
    costUsd = Usd.round(costUsd);
  }
}
