/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * The chat spans of a tool loop Spring AI's model runs itself: the follow-up reports the loop's
 * running total, which Spring AI builds as a usage without native usage; the filter writes the
 * call's own share.
 */
class ToolLoopUsageFilterTest {

  final ToolLoopUsageFilter filter = new ToolLoopUsageFilter();
  final Observation parent = Observation.start("spring.ai.advisor", ObservationRegistry.create());

  /**
   * A chat observation under {@code parent}, stopped with this response, its keys as Spring AI
   * writes them.
   */
  private ChatModelObservationContext step(Usage usage, boolean asksForTool) {
    ChatModelObservationContext c =
        ChatModelObservationContext.builder()
            .prompt(new Prompt("weather?"))
            .provider("openai")
            .build();
    c.setParentObservation(parent);
    AssistantMessage message =
        asksForTool
            ? AssistantMessage.builder()
                .content("")
                .toolCalls(
                    List.of(
                        new AssistantMessage.ToolCall(
                            "call_1", "function", "currentWeather", "{\"city\":\"Paris\"}")))
                .build()
            : new AssistantMessage("Rain.");
    c.setResponse(
        new ChatResponse(
            List.of(new Generation(message)), ChatResponseMetadata.builder().usage(usage).build()));
    c.addHighCardinalityKeyValue(
        KeyValue.of(ToolLoopUsageFilter.INPUT_TOKENS, usage.getPromptTokens().toString()));
    c.addHighCardinalityKeyValue(
        KeyValue.of(ToolLoopUsageFilter.OUTPUT_TOKENS, usage.getCompletionTokens().toString()));
    filter.map(c);
    return c;
  }

  /** A provider's usage: Spring AI keeps the native object. */
  private static Usage own(int input, int output) {
    return new DefaultUsage(input, output, input + output, new Object());
  }

  /** The running total Spring AI's UsageCalculator builds: no native usage. */
  private static Usage total(int input, int output) {
    return new DefaultUsage(input, output, input + output);
  }

  private static String key(ChatModelObservationContext c, String key) {
    return c.getHighCardinalityKeyValue(key).getValue();
  }

  @Test
  void theFollowUpOfAToolCallCountsOnlyItsOwnTokens() {
    ChatModelObservationContext first = step(own(51, 8), true);
    ChatModelObservationContext second = step(total(131, 16), true);
    ChatModelObservationContext third = step(total(250, 30), false);

    assertThat(key(first, ToolLoopUsageFilter.INPUT_TOKENS)).isEqualTo("51");
    assertThat(key(second, ToolLoopUsageFilter.INPUT_TOKENS)).isEqualTo("80");
    assertThat(key(second, ToolLoopUsageFilter.OUTPUT_TOKENS)).isEqualTo("8");
    assertThat(key(second, ToolLoopUsageFilter.TOTAL_TOKENS)).isEqualTo("88");
    assertThat(key(third, ToolLoopUsageFilter.INPUT_TOKENS)).isEqualTo("119");
    assertThat(key(third, ToolLoopUsageFilter.OUTPUT_TOKENS)).isEqualTo("14");
  }

  @Test
  void callsThatAreNotAToolLoopKeepTheirCounts() {
    // a final answer ends the loop: the next call under the same parent starts afresh
    step(own(51, 8), true);
    step(total(131, 16), false);
    ChatModelObservationContext next = step(own(40, 8), false);
    assertThat(key(next, ToolLoopUsageFilter.INPUT_TOKENS)).isEqualTo("40");

    // a provider's own usage after a tool call (the application ran the tool) is the call's own
    step(own(51, 8), true);
    ChatModelObservationContext byHand = step(own(90, 8), false);
    assertThat(key(byHand, ToolLoopUsageFilter.INPUT_TOKENS)).isEqualTo("90");
  }

  @Test
  void aCallOutsideEveryObservationIsLeftAlone() {
    ChatModelObservationContext c =
        ChatModelObservationContext.builder().prompt(new Prompt("hi")).provider("openai").build();
    c.addHighCardinalityKeyValue(KeyValue.of(ToolLoopUsageFilter.INPUT_TOKENS, "7"));
    assertThat(filter.map(c)).isSameAs(c);
    assertThat(key(c, ToolLoopUsageFilter.INPUT_TOKENS)).isEqualTo("7");
  }
}
