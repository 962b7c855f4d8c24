/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Set-ups register what they provide; closing one never takes away another's. */
class RegistrationsTest {

  @Test
  void theNewestOpenRegistrationIsInForceAndClosingOneBringsBackTheOneBefore() {
    Registrations<String> r = new Registrations<>("test");
    assertThat(r.current()).isNull();
    Registrations.Registration first = r.register("first");
    Registrations.Registration second = r.register("second");
    assertThat(r.current()).isEqualTo("second");
    first.close(); // an older set-up shutting down leaves the newer one in force
    assertThat(r.current()).isEqualTo("second");
    second.close();
    assertThat(r.current()).isNull();
    second.close(); // closing twice is harmless
    assertThat(r.current()).isNull();
  }

  @Test
  void setUpsThatNeverCloseCannotGrowItWithoutBound() {
    Registrations<Integer> r = new Registrations<>("test");
    Registrations.Registration oldest = r.register(-1);
    for (int i = 0; i < Registrations.MAX_OPEN * 2; i++) {
      r.register(i);
    }
    assertThat(r.current()).isEqualTo(Registrations.MAX_OPEN * 2 - 1);
    oldest.close(); // let go already: closing it changes nothing
    assertThat(r.current()).isEqualTo(Registrations.MAX_OPEN * 2 - 1);
  }
}
