/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.explorer.internal.store;

/**
 * What one user's conversations cost. Internal, not for public use.
 *
 * @param userId the user
 * @param conversations how many conversations
 * @param turns how many turns, over all of them
 * @param totalUsd their total cost
 * @param averageUsd the mean cost per conversation
 * @param lastNanos the end of the user's latest span
 */
public record UserSpend(
    String userId,
    long conversations,
    long turns,
    double totalUsd,
    double averageUsd,
    long lastNanos) {
  /** Sums shown rounded to 1e-10 USD. */
  public UserSpend {
    totalUsd = Usd.round(totalUsd);
    averageUsd = Usd.round(averageUsd);
  }
}
