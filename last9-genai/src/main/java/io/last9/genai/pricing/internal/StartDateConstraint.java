/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * genai-prices {@code {"start_date": "YYYY-MM-DD"}}: in force from that UTC date on (inclusive).
 */
record StartDateConstraint(LocalDate startDate) implements PriceConstraint {

  @Override
  public boolean isActiveAt(Instant at) {
    return !LocalDate.ofInstant(at, ZoneOffset.UTC).isBefore(startDate);
  }
}
