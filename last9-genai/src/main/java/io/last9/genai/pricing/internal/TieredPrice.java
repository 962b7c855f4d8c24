/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

/**
 * A price (USD per million tokens, per thousand searches, ...: see {@code UsageComponent.per()})
 * that may depend on the size of the request: either a flat number, or a genai-prices {@code
 * {"base": b, "tiers": [{"start": s, "price": p}, ...]}} object.
 *
 * <p>Tiers follow the "cliff" model of genai-prices: when the request's total input token count is
 * above a tier's {@code start}, the highest such tier's price applies to <em>all</em> tokens of
 * this price type, not only to the tokens above the threshold. Otherwise the base price applies.
 */
final class TieredPrice {

  private final double base;

  /** Tier thresholds, ascending. */
  private final long[] starts;

  /** Tier prices, in the order of {@link #starts}. */
  private final double[] prices;

  private TieredPrice(double base, long[] starts, double[] prices) {
    this.base = base;
    this.starts = starts;
    this.prices = prices;
  }

  /** A price that does not depend on the request size. */
  static TieredPrice flat(double price) {
    return new TieredPrice(price, new long[0], new double[0]);
  }

  /**
   * A base price with tiers; the tiers may come in any order and are sorted by their start here.
   *
   * @param starts tier thresholds in input tokens
   * @param prices tier prices, {@code prices[i]} belonging to {@code starts[i]}
   */
  static TieredPrice tiered(double base, long[] starts, double[] prices) {
    if (starts.length != prices.length) {
      throw new IllegalArgumentException("starts and prices differ in length");
    }
    // ascending by start, ties in the order given (an insertion sort: tiers are few)
    long[] sortedStarts = new long[starts.length];
    double[] sortedPrices = new double[prices.length];
    for (int i = 0; i < starts.length; i++) {
      int j = i;
      while (j > 0 && sortedStarts[j - 1] > starts[i]) {
        sortedStarts[j] = sortedStarts[j - 1];
        sortedPrices[j] = sortedPrices[j - 1];
        j--;
      }
      sortedStarts[j] = starts[i];
      sortedPrices[j] = prices[i];
    }
    return new TieredPrice(base, sortedStarts, sortedPrices);
  }

  /**
   * The price that applies to a request.
   *
   * @param totalInputTokens all input tokens of the request, cached ones included
   */
  double priceAt(long totalInputTokens) {
    for (int i = starts.length - 1; i >= 0; i--) {
      if (totalInputTokens > starts[i]) {
        return prices[i];
      }
    }
    return base;
  }

  /** The price below every tier (the only price of a flat one). */
  double base() {
    return base;
  }

  /** The tier thresholds, ascending (a copy). */
  long[] starts() {
    return starts.clone();
  }

  /** The tier prices, in the order of {@link #starts()} (a copy). */
  double[] tierPrices() {
    return prices.clone();
  }

  @Override
  public String toString() {
    if (starts.length == 0) {
      return Double.toString(base);
    }
    StringBuilder sb = new StringBuilder("{base=").append(base);
    for (int i = 0; i < starts.length; i++) {
      sb.append(", >").append(starts[i]).append('=').append(prices[i]);
    }
    return sb.append('}').toString();
  }
}
