/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.ContextSnapshot;
import io.last9.genai.ConversationContext;
import org.junit.jupiter.api.Test;

class RequestHeadersTest {

  private final RequestHeaders headers =
      new RequestHeaders("X-Conversation-Id", "X-User-Id", 16, "web.max-header-length");

  @Test
  void aValidHeaderOpensAOneTurnConversationWithTheUser() {
    try (ConversationContext c = headers.scopeFor(" conv-1 ", "user-1").start()) {
      assertThat(c.conversationId()).isEqualTo("conv-1");
      assertThat(ContextSnapshot.current().userId()).contains("user-1");
    }
  }

  @Test
  void absentBlankTooLongOrControlCharacterIdsAreIgnored() {
    assertThat(headers.scopeFor(null, "u")).isNull();
    assertThat(headers.scopeFor("   ", "u")).isNull();
    assertThat(headers.scopeFor("x".repeat(17), "u")).isNull();
    assertThat(headers.scopeFor("conv\u0000-1", "u")).isNull();
    // line separators and bidirectional or invisible format characters, as for Baggage ids
    assertThat(headers.scopeFor("conv\u2028-1", "u")).isNull();
    assertThat(headers.scopeFor("conv\u2029-1", "u")).isNull();
    assertThat(headers.scopeFor("conv\u0085-1", "u")).isNull();
    assertThat(headers.scopeFor("conv-\u202E1", "u")).isNull();
    assertThat(headers.scopeFor("conv-\u20661\u2069", "u")).isNull();
    assertThat(headers.scopeFor("conv-\u200B1", "u")).isNull();
    assertThat(headers.scopeFor("conv-\uD83D", "u")).isNull();
    try (ConversationContext c = headers.scopeFor("conv-3", "user\u202E-1").start()) {
      assertThat(ContextSnapshot.current().userId()).isEmpty();
    }
    // any script and emoji are ordinary text
    try (ConversationContext c = headers.scopeFor("séance-😀", "u").start()) {
      assertThat(c.conversationId()).isEqualTo("séance-😀");
    }
    // a bad user id leaves the conversation without a user
    try (ConversationContext c = headers.scopeFor("conv-2", "u".repeat(17)).start()) {
      assertThat(ContextSnapshot.current().userId()).isEmpty();
    }
  }
}
