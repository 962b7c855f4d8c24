/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.explorer.internal.store;

/**
 * The spend of one key (a model, a provider or a workflow type) in one time bucket. Internal, not
 * for public use.
 *
 * @param bucketStartMillis the bucket's start, milliseconds since the epoch
 * @param key the model, provider or workflow type
 * @param costUsd the cost in that bucket
 * @param calls the priced model calls in that bucket
 */
public record SpendPoint(long bucketStartMillis, String key, double costUsd, long calls) {
  /** Sums shown rounded to 1e-10 USD. */
  public SpendPoint {
    costUsd = Usd.round(costUsd);
  }
}
