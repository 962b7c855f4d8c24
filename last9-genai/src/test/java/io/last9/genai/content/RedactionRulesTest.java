/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Each built-in rule, its keyed hash, and what it must leave alone. */
class RedactionRulesTest {

  private static final ContentField USER =
      ContentField.of(ContentRedactor.Side.INPUT, "user", "text", "content");

  private static RedactionRules all(String key) {
    return RedactionRules.builder()
        .emails(true)
        .phoneNumbers(true)
        .cardNumbers(true)
        .apiKeys(true)
        .hashKey(key)
        .build();
  }

  @Test
  void everyRuleIsOffByDefault() {
    RedactionRules none = RedactionRules.builder().build();
    assertThat(none.isEmpty()).isTrue();
    String text = "bob@example.com +1 415 555 0100 4111 1111 1111 1111 sk-abcdefghijklmnopqrstuv";
    assertThat(none.redact(USER, text)).isEqualTo(text);
  }

  @Test
  void emailsAreReplacedByTheirKeyedHash() {
    RedactionRules r = RedactionRules.builder().emails(true).hashKey("k").build();
    String out = r.redact(USER, "write to Bob@Example.com or alice@mail.example.org.");
    assertThat(out).matches("write to <email:[0-9a-f]{8}> or <email:[0-9a-f]{8}>\\.");
    assertThat(out).doesNotContain("example");
    // case does not matter to the hash: the same address correlates
    assertThat(r.redact(USER, "bob@example.com")).isEqualTo(out.substring(9, 25));
  }

  @Test
  void phoneNumbersWithEnoughDigitsAreReplacedButDatesAreNot() {
    RedactionRules r = RedactionRules.builder().phoneNumbers(true).hashKey("k").build();
    assertThat(r.redact(USER, "call +44 20 7946 0958 now")).matches("call <phone:[0-9a-f]{8}> now");
    assertThat(r.redact(USER, "or (415) 555-0100")).matches("or <phone:[0-9a-f]{8}>");
    assertThat(r.redact(USER, "on 2024-01-15, order 1234")).isEqualTo("on 2024-01-15, order 1234");
    // the same number in two spellings is one token
    assertThat(r.redact(USER, "415-555-0100")).isEqualTo(r.redact(USER, "415.555.0100"));
  }

  @Test
  void onlyCardNumbersPassingTheLuhnCheckAreReplaced() {
    RedactionRules r = RedactionRules.builder().cardNumbers(true).hashKey("k").build();
    assertThat(r.redact(USER, "card 4111 1111 1111 1111 ok")).matches("card <card:[0-9a-f]{8}> ok");
    assertThat(r.redact(USER, "card 4111-1111-1111-1111"))
        .isEqualTo(r.redact(USER, "card 4111111111111111"));
    assertThat(r.redact(USER, "id 4111 1111 1111 1112")).isEqualTo("id 4111 1111 1111 1112");
    assertThat(RedactionRules.luhnValid("79927398713")).isTrue();
    assertThat(RedactionRules.luhnValid("79927398710")).isFalse();
  }

  @Test
  void apiKeyShapedStringsAreReplaced() {
    RedactionRules r = RedactionRules.builder().apiKeys(true).hashKey("k").build();
    assertThat(r.redact(USER, "key sk-proj-abcdefghijklmnop1234 end"))
        .matches("key <api_key:[0-9a-f]{8}> end");
    assertThat(r.redact(USER, "AKIAIOSFODNN7EXAMPLE")).matches("<api_key:[0-9a-f]{8}>");
    assertThat(r.redact(USER, "ghp_" + "a".repeat(36))).matches("<api_key:[0-9a-f]{8}>");
    assertThat(r.redact(USER, "Authorization: Bearer abc.def-ghi_jkl"))
        .matches("Authorization: Bearer <api_key:[0-9a-f]{8}>");
    assertThat(r.redact(USER, "a task-list and skim")).isEqualTo("a task-list and skim");
  }

  @Test
  void theHashIsStableForOneKeyAndDiffersAcrossKeys() {
    String text = "bob@example.com";
    assertThat(all("key-1").redact(USER, text)).isEqualTo(all("key-1").redact(USER, text));
    assertThat(all("key-1").redact(USER, text)).isNotEqualTo(all("key-2").redact(USER, text));
    assertThat(all("key-1").redact(USER, text))
        .isNotEqualTo(all("key-1").redact(USER, "alice@example.com"));
  }

  @Test
  void withoutAKeyEachInstanceHasItsOwnRandomKey() {
    RedactionRules a = RedactionRules.builder().emails(true).build();
    RedactionRules b = RedactionRules.builder().emails(true).build();
    String text = "bob@example.com";
    assertThat(a.redact(USER, text)).isEqualTo(a.redact(USER, text));
    assertThat(a.redact(USER, text)).isNotEqualTo(b.redact(USER, text));
  }

  @Test
  void anEmptyKeyIsRejected() {
    assertThatThrownBy(() -> RedactionRules.builder().hashKey(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("hashKey");
  }
}
