/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.turns.InMemoryTurnStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Long conversation ids are kept as digests, so the turn store's memory is bounded in bytes, and no
 * literal id a caller passes can share the turn counter of a digested one.
 */
class LongConversationIdsTest {

  @Test
  void noLiteralIdSharesTheTurnCounterOfAHashedLongId() throws Exception {
    String longId = "c".repeat(300);
    String hex =
        HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256")
                    .digest(longId.getBytes(StandardCharsets.UTF_8)));
    // every literal a caller could pass to imitate the digest key, in both the old and the new
    // form, and ids that start with the escape character
    List<String> literals =
        List.of(
            "sha256:" + hex,
            "#sha256:" + hex,
            "##sha256:" + hex,
            "#",
            "##",
            "#" + "c".repeat(255),
            "c".repeat(256));
    Set<String> keys = new HashSet<>();
    keys.add(ConversationKeys.of(longId));
    for (String literal : literals) {
      assertThat(keys.add(ConversationKeys.of(literal))).as(literal).isTrue();
    }
    assertThat(keys)
        .allSatisfy(
            k -> assertThat(k.length()).isLessThanOrEqualTo(ConversationKeys.MAX_LENGTH + 1));

    InMemoryTurnStore store = InMemoryTurnStore.create();
    assertThat(store.nextTurn(longId)).isEqualTo(1);
    for (String literal : literals) {
      assertThat(store.nextTurn(literal)).as(literal).isEqualTo(1);
    }
    assertThat(store.nextTurn(longId)).isEqualTo(2);
  }

  @Test
  void longConversationIdsAreKeptAsDigestsInTheTurnStore() {
    String huge = "x".repeat(1_000_000);
    assertThat(ConversationKeys.of(huge)).startsWith("#sha256:").hasSize(8 + 64);
    assertThat(ConversationKeys.of("short-id")).isEqualTo("short-id");
    InMemoryTurnStore store = InMemoryTurnStore.create();
    assertThat(store.nextTurn(huge)).isEqualTo(1);
    assertThat(store.nextTurn(huge)).isEqualTo(2);
    assertThat(store.nextTurn(huge + "y"))
        .as("another long id is another conversation")
        .isEqualTo(1);
  }
}
