/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

/** Tier selection and time-of-day windows. */
class TieredPriceTest {

  @Test
  void flatPriceIgnoresTheRequestSize() {
    assertThat(TieredPrice.flat(2.5).priceAt(0)).isEqualTo(2.5);
    assertThat(TieredPrice.flat(2.5).priceAt(10_000_000)).isEqualTo(2.5);
  }

  @Test
  void highestTierBelowTheInputCountApplies() {
    // tiers given out of order on purpose
    TieredPrice price = TieredPrice.tiered(1, new long[] {500, 100}, new double[] {3, 2});
    assertThat(price.priceAt(100)).isEqualTo(1);
    assertThat(price.priceAt(101)).isEqualTo(2);
    assertThat(price.priceAt(500)).isEqualTo(2);
    assertThat(price.priceAt(501)).isEqualTo(3);
  }

  @Test
  void timeWindowIsHalfOpenAndMayWrapMidnight() {
    TimeOfDayConstraint day = new TimeOfDayConstraint(LocalTime.of(0, 30), LocalTime.of(16, 30));
    assertThat(day.isActiveAt(Instant.parse("2026-01-01T00:30:00Z"))).isTrue();
    assertThat(day.isActiveAt(Instant.parse("2026-01-01T16:29:59Z"))).isTrue();
    assertThat(day.isActiveAt(Instant.parse("2026-01-01T16:30:00Z"))).isFalse();
    TimeOfDayConstraint night = new TimeOfDayConstraint(LocalTime.of(22, 0), LocalTime.of(6, 0));
    assertThat(night.isActiveAt(Instant.parse("2026-01-01T23:00:00Z"))).isTrue();
    assertThat(night.isActiveAt(Instant.parse("2026-01-01T05:59:59Z"))).isTrue();
    assertThat(night.isActiveAt(Instant.parse("2026-01-01T06:00:00Z"))).isFalse();
  }
}
