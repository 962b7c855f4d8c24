/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import java.time.Instant;

/**
 * The condition under which a {@link ConditionalPrice} applies (a start date, or a daily time
 * window).
 */
interface PriceConstraint {

  /** Returns true when the price is in force at the given instant. */
  boolean isActiveAt(Instant at);
}
