/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

/** Builder for {@link Last9Limits}; every bound starts at its default. */
public final class Last9LimitsBuilder {

  private static final int MIN_OPEN_SPANS = 8;
  private static final int MAX_OPEN_SPANS = 1 << 24;

  private int maxOpenSpans = Last9Limits.DEFAULT_MAX_OPEN_SPANS;
  private int maxCostMetricValues = Last9Limits.DEFAULT_MAX_COST_METRIC_VALUES;
  private int maxCostMetricValueLength = Last9Limits.DEFAULT_MAX_COST_METRIC_VALUE_LENGTH;

  Last9LimitsBuilder() {}

  /** See {@link Last9Limits#getMaxOpenSpans()}: a power of two from 8 to 16,777,216. */
  public Last9LimitsBuilder maxOpenSpans(int maxOpenSpans) {
    if (maxOpenSpans < MIN_OPEN_SPANS
        || maxOpenSpans > MAX_OPEN_SPANS
        || Integer.bitCount(maxOpenSpans) != 1) {
      throw new IllegalArgumentException(
          "maxOpenSpans must be a power of two from "
              + MIN_OPEN_SPANS
              + " to "
              + MAX_OPEN_SPANS
              + ", was "
              + maxOpenSpans);
    }
    this.maxOpenSpans = maxOpenSpans;
    return this;
  }

  /** See {@link Last9Limits#getMaxCostMetricValues()}: from 1 to 10,000. */
  public Last9LimitsBuilder maxCostMetricValues(int maxCostMetricValues) {
    this.maxCostMetricValues = checked("maxCostMetricValues", maxCostMetricValues, 10_000);
    return this;
  }

  /** See {@link Last9Limits#getMaxCostMetricValueLength()}: from 1 to 4,096. */
  public Last9LimitsBuilder maxCostMetricValueLength(int maxCostMetricValueLength) {
    this.maxCostMetricValueLength =
        checked("maxCostMetricValueLength", maxCostMetricValueLength, 4_096);
    return this;
  }

  /** The limits. */
  public Last9Limits build() {
    return new Last9Limits(maxOpenSpans, maxCostMetricValues, maxCostMetricValueLength);
  }

  private static int checked(String name, int value, int max) {
    if (value < 1 || value > max) {
      throw new IllegalArgumentException(name + " must be from 1 to " + max + ", was " + value);
    }
    return value;
  }
}
