/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The spellings tried for a model reference. */
class ModelRefSpellingsTest {

  @Test
  void plainReferenceHasOneSpelling() {
    assertThat(ModelRefSpellings.of("gpt-4o", null)).containsExactly("gpt-4o");
  }

  @Test
  void datesAreStrippedButNothingElse() {
    assertThat(ModelRefSpellings.of("gpt-4o-2024-08-06", null))
        .containsExactly("gpt-4o-2024-08-06", "gpt-4o");
    assertThat(ModelRefSpellings.of("gpt-4o-mini-2024-07-18", null))
        .containsExactly("gpt-4o-mini-2024-07-18", "gpt-4o-mini");
    assertThat(ModelRefSpellings.of("claude-sonnet-4-5-20250929", null))
        .containsExactly("claude-sonnet-4-5-20250929", "claude-sonnet-4-5");
    // not a date: 4 digits, or 8 digits not at the end
    assertThat(ModelRefSpellings.of("mistral-large-2411", null))
        .containsExactly("mistral-large-2411");
    assertThat(ModelRefSpellings.of("anthropic.claude-3-haiku-20240307-v1:0", null))
        .containsExactly("anthropic.claude-3-haiku-20240307-v1:0");
    // not a date either: a short field, a letter, 7 or 9 digits, no dash before it
    assertThat(ModelRefSpellings.of("m-2024-8-061", null)).containsExactly("m-2024-8-061");
    assertThat(ModelRefSpellings.of("m-2024-08-0x", null)).containsExactly("m-2024-08-0x");
    assertThat(ModelRefSpellings.of("m-2024080", null)).containsExactly("m-2024080");
    assertThat(ModelRefSpellings.of("m-202408061", null)).containsExactly("m-202408061");
    assertThat(ModelRefSpellings.of("m_20240806", null)).containsExactly("m_20240806");
    // a date that is the whole reference leaves nothing to try
    assertThat(ModelRefSpellings.of("-2024-08-06", null)).containsExactly("-2024-08-06");
    assertThat(ModelRefSpellings.of("-20240806", null)).containsExactly("-20240806");
  }

  @Test
  void prefixVertexSuffixAndDateAreRemovedInOrder() {
    assertThat(
            ModelRefSpellings.of(
                "anthropic/claude-sonnet-4-5@20250929", "claude-sonnet-4-5@20250929"))
        .containsExactly(
            "anthropic/claude-sonnet-4-5@20250929",
            "claude-sonnet-4-5@20250929",
            "claude-sonnet-4-5");
    assertThat(ModelRefSpellings.of("openai/gpt-4o-2024-08-06", "gpt-4o-2024-08-06"))
        .containsExactly("openai/gpt-4o-2024-08-06", "gpt-4o-2024-08-06", "gpt-4o");
  }
}
