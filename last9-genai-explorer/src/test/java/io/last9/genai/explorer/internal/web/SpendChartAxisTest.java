/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.explorer.internal.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpendChartAxisTest {

  @Test
  void quartersOfACentScaleAreExactAndAlike() {
    // the demo's spend (about $0.0238) gives a $0.025 ceiling: $0.01875 must not read $0.0188
    assertThat(Pages.axisLabels(Pages.niceCeiling(0.0238)))
        .containsExactly("$0.00000", "$0.00625", "$0.01250", "$0.01875", "$0.02500");
  }

  @Test
  void dollarsKeepTwoDecimalsAndGroupThousands() {
    assertThat(Pages.axisLabels(Pages.niceCeiling(4_321)))
        .containsExactly("$0.00", "$1,250.00", "$2,500.00", "$3,750.00", "$5,000.00");
    assertThat(Pages.axisLabels(Pages.niceCeiling(1.7)))
        .containsExactly("$0.00", "$0.50", "$1.00", "$1.50", "$2.00");
  }

  @Test
  void anEmptyChartHasAZeroAxis() {
    assertThat(Pages.axisLabels(Pages.niceCeiling(0))).containsOnly("$0.00");
  }

  @Test
  void floatNoiseInTheCeilingDoesNotLengthenTheLabels() {
    // 2.5 times 10^-7 is not exact in binary; the labels stop at the quarters' own digits
    assertThat(Pages.axisLabels(Pages.niceCeiling(2.1e-7)))
        .containsExactly(
            "$0.0000000000", "$0.0000000625", "$0.0000001250", "$0.0000001875", "$0.0000002500");
  }
}
