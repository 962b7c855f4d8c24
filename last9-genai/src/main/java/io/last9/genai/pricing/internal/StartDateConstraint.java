/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import java.time.Instant;
import java.time.LocalDate;

/**
 * genai-prices {@code {"start_date": "YYYY-MM-DD"}}: in force from that UTC date on (inclusive).
 */
record StartDateConstraint(LocalDate startDate) implements PriceConstraint {

  @Override
  public boolean isActiveAt(Instant at) {
    // Day arithmetic rather than LocalDate.ofInstant: no time-zone rules on a cold JVM's first
    // span.
    return Math.floorDiv(at.getEpochSecond(), 86_400L) >= startDate.toEpochDay();
  }
}
