/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.explorer.internal.store;

import java.util.List;

/**
 * One conversation in the list: who, how many turns, when, what it cost. Internal, not for public
 * use.
 *
 * @param id the conversation id
 * @param userId the user, or {@code null}
 * @param turns the number of distinct turn numbers
 * @param spans the number of spans stored for it
 * @param firstNanos the first span's start, nanoseconds since the epoch
 * @param lastNanos the last span's end
 * @param costUsd the sum of the cost of its spans (each model call counted once)
 * @param models the models it used, sorted
 * @param errors spans with an ERROR status
 * @param unpricedCalls model calls that got no cost
 * @param pricedByExplorer true when some of the cost was priced by the explorer
 */
public record ConversationSummary(
    String id,
    String userId,
    long turns,
    long spans,
    long firstNanos,
    long lastNanos,
    double costUsd,
    List<String> models,
    long errors,
    long unpricedCalls,
    boolean pricedByExplorer) {
  /** Sums shown rounded to 1e-10 USD. */
  public ConversationSummary {
    costUsd = Usd.round(costUsd);
  }
}
