/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The characters rejected in, and escaped from, text that came from outside: Unicode categories Cc,
 * Cf, Zl and Zp, and lone surrogates.
 */
class ControlCharactersTest {

  /** Characters that can forge a log line or make an id read as another. */
  private static final int[] UNSAFE = {
    0x00, 0x0A, 0x0D, 0x1B, 0x7F, 0x85, 0x9F, // Cc, NEL included
    0x2028, 0x2029, // Zl, Zp
    0x202A, 0x202B, 0x202C, 0x202D, 0x202E, // bidi embeddings and overrides
    0x2066, 0x2067, 0x2068, 0x2069, // bidi isolates
    0x200E, 0x200F, 0x061C, // bidi marks
    0x200B, 0x200D, 0x2060, 0xFEFF, 0x00AD, // zero-width and invisible format characters
    0xE0001, 0xE0041, // tag characters, outside the BMP
  };

  @Test
  void everyListedCharacterIsRejectedAndEscaped() {
    for (int cp : UNSAFE) {
      String id = "conv-" + new String(Character.toChars(cp)) + "-1";
      assertThat(ControlCharacters.isUnsafe(cp)).as("U+%04X", cp).isTrue();
      assertThat(ControlCharacters.containsAny(id)).as("U+%04X", cp).isTrue();
      assertThat(ControlCharacters.escape(id))
          .as("U+%04X", cp)
          .startsWith("conv-\\u")
          .endsWith("-1")
          .doesNotContain(new String(Character.toChars(cp)));
    }
    assertThat(ControlCharacters.escape("a\u2028b\u202Ec")).isEqualTo("a\\u2028b\\u202ec");
  }

  @Test
  void loneSurrogatesAreRejectedAndPairsAreJudgedByTheirCharacter() {
    assertThat(ControlCharacters.containsAny("a\uD83D")).isTrue(); // high half at the end
    assertThat(ControlCharacters.containsAny("a\uDE00b")).isTrue(); // low half alone
    assertThat(ControlCharacters.containsAny("\uDE00\uD83D")).isTrue(); // halves the wrong way
    assertThat(ControlCharacters.escape("a\uD83Db")).isEqualTo("a\\ud83db");
    assertThat(ControlCharacters.containsAny("smile-\uD83D\uDE00")).isFalse(); // U+1F600
  }

  @Test
  void ordinaryTextIsKeptAsItIs() {
    for (String id :
        new String[] {
          "conv-1",
          "user_123 session 456",
          "séance-€-日本語-עברית-عربي",
          "smile-😀",
          "tab-free, punctuation: ~!@#$%^&*()[]{}<>?/\\|'\"`",
          "\u00A0no-break space and \u3000ideographic space",
        }) {
      assertThat(ControlCharacters.containsAny(id)).as(id).isFalse();
      assertThat(ControlCharacters.escape(id)).isSameAs(id);
    }
    assertThat(ControlCharacters.containsAny(null)).isFalse();
  }
}
