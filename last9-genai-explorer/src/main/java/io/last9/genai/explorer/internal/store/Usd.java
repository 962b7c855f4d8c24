/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.explorer.internal.store;

/**
 * Amounts in USD as the pages and the JSON API show them: rounded to 1e-10 USD, so a sum of binary
 * fractions reads {@code 0.00478036}, not {@code 0.004780360000000001}. Sums are kept exact as a
 * count of 1e-10 USD units where the store adds them itself. Internal, not for public use.
 */
public final class Usd {

  /** Units of 1e-10 USD in one USD. */
  static final double UNITS = 1e10;

  private Usd() {}

  /** {@code usd} rounded to 1e-10 USD (the nearest double to that decimal). */
  public static double round(double usd) {
    if (Double.isNaN(usd) || Double.isInfinite(usd) || Math.abs(usd) >= 9e8) {
      return usd; // beyond a long's 1e-10 units: shown as it is
    }
    return Math.round(usd * UNITS) / UNITS;
  }

  /** {@code usd} as a whole number of 1e-10 USD units (0 for null). */
  static long units(Double usd) {
    return usd == null ? 0 : Math.round(usd * UNITS);
  }

  /** A whole number of 1e-10 USD units, as USD. */
  static double fromUnits(long units) {
    return units / UNITS;
  }
}
