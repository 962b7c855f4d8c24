/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

/**
 * Every bound the library keeps, in one place, as the SDK's {@code SpanLimits} keeps a span's. The
 * library runs inside someone else's application: no input (an id, a model name, a flood of spans)
 * may make it hold memory or mint metric series without limit, and none of these bounds fails the
 * application when it is reached.
 *
 * <p>A processor's own bounds are settings ({@link Last9SpanProcessorBuilder#limits}, or {@code
 * limits.*} in configuration); the bounds of the scopes and content, which exist before any
 * processor sees them, are the constants below.
 *
 * <pre>{@code
 * Last9SpanProcessor.builder()
 *     .limits(Last9Limits.builder().maxCostMetricValues(256).build())
 *     .build();
 * }</pre>
 */
public final class Last9Limits {

  /**
   * Longest conversation id a turn store is keyed by as it is; a longer one is keyed by its SHA-256
   * digest, so a store never holds an id of unbounded length (the span keeps the id).
   */
  public static final int MAX_TURN_KEY_LENGTH = 256;

  /** Custom attributes one scope carries ({@code custom.<key>}); later ones are dropped. */
  public static final int MAX_CUSTOM_ATTRIBUTES = 32;

  /** Longest id read from W3C Baggage; a longer one is not stamped. */
  public static final int MAX_BAGGAGE_VALUE_LENGTH = 256;

  /** Spans of one inbound request that wait for the request's conversation to be known. */
  public static final int MAX_WAITING_SPANS_PER_REQUEST = 32;

  /** Default cap of one captured content field, in characters. */
  public static final int DEFAULT_MAX_CONTENT_LENGTH = 10_000;

  /** Messages kept of one captured message list; the rest are counted, not written. */
  public static final int MAX_CONTENT_MESSAGES = 256;

  /** Parts kept of one captured message. */
  public static final int MAX_CONTENT_PARTS = 128;

  /** Token count beyond which a reported usage is taken as invalid, not priced. */
  public static final long MAX_TOKEN_COUNT = 1_000_000_000_000L;

  static final int DEFAULT_MAX_OPEN_SPANS = 1 << 16;
  static final int DEFAULT_MAX_COST_METRIC_VALUES = 64;
  static final int DEFAULT_MAX_COST_METRIC_VALUE_LENGTH = 128;

  // not through the builder: the defaults are on every processor's start-up path, the builder is
  // not
  private static final Last9Limits DEFAULT =
      new Last9Limits(
          DEFAULT_MAX_OPEN_SPANS,
          DEFAULT_MAX_COST_METRIC_VALUES,
          DEFAULT_MAX_COST_METRIC_VALUE_LENGTH);

  private final int maxOpenSpans;
  private final int maxCostMetricValues;
  private final int maxCostMetricValueLength;

  Last9Limits(int maxOpenSpans, int maxCostMetricValues, int maxCostMetricValueLength) {
    this.maxOpenSpans = maxOpenSpans;
    this.maxCostMetricValues = maxCostMetricValues;
    this.maxCostMetricValueLength = maxCostMetricValueLength;
  }

  /** The defaults. */
  public static Last9Limits getDefault() {
    return DEFAULT;
  }

  /** A builder starting from the defaults. */
  public static Last9LimitsBuilder builder() {
    return new Last9LimitsBuilder();
  }

  /** A builder starting from these limits. */
  public Last9LimitsBuilder toBuilder() {
    return new Last9LimitsBuilder()
        .maxOpenSpans(maxOpenSpans)
        .maxCostMetricValues(maxCostMetricValues)
        .maxCostMetricValueLength(maxCostMetricValueLength);
  }

  /**
   * Spans a processor notes at once between their start and end: those whose end needs something
   * from their start (a workflow's totals, a call's own prices, a deferred turn). Default 65,536, a
   * power of two; past it a span's entry goes to an overflow map, never displacing another's.
   */
  public int getMaxOpenSpans() {
    return maxOpenSpans;
  }

  /**
   * Distinct values the cost metric keeps per open-ended attribute (provider, workflow type); later
   * ones are recorded as {@code _other}. Default 64.
   */
  public int getMaxCostMetricValues() {
    return maxCostMetricValues;
  }

  /** Longest value the cost metric keeps of an open-ended attribute. Default 128. */
  public int getMaxCostMetricValueLength() {
    return maxCostMetricValueLength;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Last9Limits)) {
      return false;
    }
    Last9Limits l = (Last9Limits) o;
    return maxOpenSpans == l.maxOpenSpans
        && maxCostMetricValues == l.maxCostMetricValues
        && maxCostMetricValueLength == l.maxCostMetricValueLength;
  }

  @Override
  public int hashCode() {
    return (maxOpenSpans * 31 + maxCostMetricValues) * 31 + maxCostMetricValueLength;
  }

  @Override
  public String toString() {
    return "Last9Limits{maxOpenSpans="
        + maxOpenSpans
        + ", maxCostMetricValues="
        + maxCostMetricValues
        + ", maxCostMetricValueLength="
        + maxCostMetricValueLength
        + '}';
  }
}
