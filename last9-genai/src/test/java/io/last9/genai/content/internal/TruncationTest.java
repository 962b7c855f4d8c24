/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.content.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The cut leaves no half value behind that a redaction rule run later could not recognise. */
class TruncationTest {

  @Test
  void shortTextIsUntouched() {
    assertThat(Truncation.cut("hello", 5)).isEqualTo("hello");
  }

  @Test
  void aWordCutInHalfIsLeftOut() {
    assertThat(Truncation.cut("mail bob@example.com please", 10)).isEqualTo("mail ");
    assertThat(Truncation.cut("mail bob@example.com please", 21))
        .isEqualTo("mail bob@example.com ");
  }

  @Test
  void aTrailingRunOfDigitGroupsIsLeftOut() {
    assertThat(Truncation.cut("card 4111 1111 1111 1111 ok", 19)).isEqualTo("card");
    assertThat(Truncation.cut("call +1 (415) 555 0100", 17)).isEqualTo("call");
  }

  @Test
  void aTokenLongerThanTheLookBackIsCutAtTheCap() {
    String token = "x".repeat(1_000);
    assertThat(Truncation.cut(token, 600)).hasSize(600);
  }

  @Test
  void aSurrogatePairIsNeverSplit() {
    String text = "ab\uD83D\uDE00cd";
    assertThat(Truncation.cut(text + " more", 3)).isEqualTo("ab");
    assertThat(Truncation.cut("\uD83D\uDE00".repeat(300), 401)).hasSize(400);
  }
}
