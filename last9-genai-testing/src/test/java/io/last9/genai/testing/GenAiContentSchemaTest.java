/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.testing;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The shared schema check accepts what the conventions document and rejects what they forbid. */
class GenAiContentSchemaTest {

  @Test
  void theConventionsOwnExamplesPass() {
    assertThatCode(
            () ->
                GenAiContentSchema.assertInputMessages(
                    "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Weather in Paris?\"}]},"
                        + "{\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\",\"id\":\"call_1\","
                        + "\"name\":\"get_weather\",\"arguments\":{\"location\":\"Paris\"}}]},"
                        + "{\"role\":\"tool\",\"parts\":[{\"type\":\"tool_call_response\",\"id\":\"call_1\","
                        + "\"response\":\"rainy, 57F\"}]}]"))
        .doesNotThrowAnyException();
    assertThatCode(
            () ->
                GenAiContentSchema.assertOutputMessages(
                    "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Rainy.\"}],"
                        + "\"finish_reason\":\"stop\"}]"))
        .doesNotThrowAnyException();
    assertThatCode(
            () ->
                GenAiContentSchema.assertSystemInstructions(
                    "[{\"type\":\"text\",\"content\":\"You are a translator.\"}]"))
        .doesNotThrowAnyException();
  }

  @Test
  void partsOfOtherTypesAreAllowed() {
    assertThatCode(
            () ->
                GenAiContentSchema.assertInputMessages(
                    "[{\"role\":\"user\",\"parts\":[{\"type\":\"image\"},"
                        + "{\"type\":\"uri\",\"modality\":\"image\",\"uri\":\"https://x/y.png\"}]}]"))
        .doesNotThrowAnyException();
  }

  @Test
  void whatTheConventionsForbidFails() {
    assertThatThrownBy(
            () ->
                GenAiContentSchema.assertInputMessages("[{\"role\":\"user\",\"content\":\"hi\"}]"))
        .as("the older {role, content} shape has no parts")
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("gen_ai.input.messages");
    assertThatThrownBy(
            () ->
                GenAiContentSchema.assertInputMessages(
                    "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"text\":\"hi\"}]}]"))
        .as("a text part without content")
        .isInstanceOf(AssertionError.class);
    assertThatThrownBy(
            () ->
                GenAiContentSchema.assertOutputMessages(
                    "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"x\"}]}]"))
        .as("an output message without its finish reason")
        .isInstanceOf(AssertionError.class);
    assertThatThrownBy(
            () ->
                GenAiContentSchema.assertInputMessages(
                    "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"tool_call\",\"id\":\"c\"}]}]"))
        .as("a tool call without its name")
        .isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> GenAiContentSchema.assertSystemInstructions("\"be brief\""))
        .as("system instructions are a list of parts")
        .isInstanceOf(AssertionError.class);
    assertThatThrownBy(() -> GenAiContentSchema.assertInputMessages("hello"))
        .as("not JSON")
        .isInstanceOf(AssertionError.class);
  }
}
