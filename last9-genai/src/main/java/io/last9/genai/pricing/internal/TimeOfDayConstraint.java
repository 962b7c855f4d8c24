/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;

/**
 * genai-prices {@code {"start_time": "00:30:00Z", "end_time": "16:30:00Z"}}: in force every day
 * while the UTC time of day is in {@code [startTime, endTime)}. Both times are stored in UTC. A
 * window whose end is before its start wraps around midnight; a window whose start equals its end
 * is empty.
 */
record TimeOfDayConstraint(LocalTime startTime, LocalTime endTime) implements PriceConstraint {

  @Override
  public boolean isActiveAt(Instant at) {
    LocalTime t = LocalTime.ofInstant(at, ZoneOffset.UTC);
    if (!startTime.isAfter(endTime)) {
      return !t.isBefore(startTime) && t.isBefore(endTime);
    }
    return !t.isBefore(startTime) || t.isBefore(endTime);
  }
}
