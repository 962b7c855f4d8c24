/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

import io.last9.genai.Last9Limits;
import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * What counts as a usage count to trust: a whole number from 0 to {@value #MAX_COUNT}. No real call
 * reads or writes a trillion tokens, so a larger number is a bug or an attack, and pricing it would
 * export nonsense as a cost.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class TokenCounts {

  /** The largest count trusted in one call. */
  public static final long MAX_COUNT = Last9Limits.MAX_TOKEN_COUNT;

  private TokenCounts() {}

  /**
   * A count from a decoded JSON value of any {@code Number} type; -1 when it is not one to trust
   * (not a number, NaN, infinite, fractional, negative, above {@link #MAX_COUNT}).
   */
  public static long count(Object v) {
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return check(((Number) v).longValue());
    }
    if (v instanceof BigInteger) {
      BigInteger b = (BigInteger) v;
      return b.bitLength() < 63 ? check(b.longValue()) : -1;
    }
    if (v instanceof BigDecimal) {
      BigDecimal d = (BigDecimal) v;
      if (d.signum() < 0
          || d.compareTo(BigDecimal.valueOf(MAX_COUNT)) > 0
          || d.stripTrailingZeros().scale() > 0) {
        return -1;
      }
      return d.longValue();
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      return Double.isFinite(d) && d == Math.rint(d) && d >= 0 && d <= MAX_COUNT ? (long) d : -1;
    }
    return -1;
  }

  /** {@code v} when it is from 0 to {@link #MAX_COUNT}, else -1. */
  public static long check(long v) {
    return v < 0 || v > MAX_COUNT ? -1 : v;
  }
}
