/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing;

import io.last9.genai.pricing.internal.PriceSet;

/**
 * The caller's prices with the catalog's cache discount applied ({@code derived}), and the catalog
 * prices it was derived from: the derived set is a function of those five prices alone, so a span
 * whose model has the same catalog prices reuses it instead of building a price set on every span.
 */
record CatalogCacheDiscount(
    double input,
    double cacheRead,
    double cacheWrite,
    double cacheWrite5m,
    double cacheWrite1h,
    PriceSet derived) {

  /** True when derived from these catalog prices (NaN, "not priced", equal to itself). */
  boolean isFor(
      double input, double cacheRead, double cacheWrite, double cacheWrite5m, double cacheWrite1h) {
    return same(this.input, input)
        && same(this.cacheRead, cacheRead)
        && same(this.cacheWrite, cacheWrite)
        && same(this.cacheWrite5m, cacheWrite5m)
        && same(this.cacheWrite1h, cacheWrite1h);
  }

  private static boolean same(double a, double b) {
    return Double.doubleToLongBits(a) == Double.doubleToLongBits(b);
  }
}
