/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.DefaultUsage;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.model.MessageAggregator;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.prompt.Prompt;

/**
 * A streamed call whose stream reported no usage: Spring AI's aggregator makes up counts of 0,
 * which are taken off the span; any usage a call did report, and a real usage of 0 that is not the
 * aggregator's, stay.
 */
class StreamedNoUsageFilterTest {

  final StreamedNoUsageFilter filter = new StreamedNoUsageFilter();

  /**
   * A chat observation stopped with {@code usage}, its keys as Spring AI's convention writes them.
   */
  private static ChatModelObservationContext chat(Usage usage) {
    ChatModelObservationContext c =
        ChatModelObservationContext.builder()
            .prompt(new Prompt("weather?"))
            .provider("openai")
            .build();
    c.setResponse(
        new ChatResponse(
            List.of(new Generation(new AssistantMessage("Rain."))),
            ChatResponseMetadata.builder().usage(usage).build()));
    c.addHighCardinalityKeyValue(
        KeyValue.of("gen_ai.usage.input_tokens", String.valueOf(usage.getPromptTokens())));
    c.addHighCardinalityKeyValue(
        KeyValue.of("gen_ai.usage.output_tokens", String.valueOf(usage.getCompletionTokens())));
    c.addHighCardinalityKeyValue(
        KeyValue.of("gen_ai.usage.total_tokens", String.valueOf(usage.getTotalTokens())));
    return c;
  }

  private static List<String> usageKeys(Observation.Context c) {
    return c.getHighCardinalityKeyValues().stream()
        .map(KeyValue::getKey)
        .filter(k -> k.startsWith("gen_ai.usage."))
        .toList();
  }

  @Test
  void theAggregatorsZerosOfAStreamWithoutUsageAreTakenOff() {
    ChatModelObservationContext c = chat(new MessageAggregator.DefaultUsage(0, 0, 0));

    filter.map(c);

    assertThat(usageKeys(c)).isEmpty();
  }

  @Test
  void aStreamThatReportedUsageKeepsIt() {
    ChatModelObservationContext c = chat(new MessageAggregator.DefaultUsage(1_100, 12, 1_112));

    filter.map(c);

    assertThat(usageKeys(c))
        .containsExactlyInAnyOrder(
            "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens", "gen_ai.usage.total_tokens");
    assertThat(c.getHighCardinalityKeyValue("gen_ai.usage.input_tokens").getValue())
        .isEqualTo("1100");
  }

  @Test
  void anAnswerOfZeroOutputTokensKeepsItsCounts() {
    ChatModelObservationContext c = chat(new MessageAggregator.DefaultUsage(40, 0, 40));

    filter.map(c);

    assertThat(c.getHighCardinalityKeyValue("gen_ai.usage.output_tokens").getValue())
        .isEqualTo("0");
  }

  @Test
  void zerosAProviderReportedOnAnUnstreamedCallAreLeftAlone() {
    ChatModelObservationContext c = chat(new DefaultUsage(0, 0, 0));

    filter.map(c);

    assertThat(usageKeys(c)).hasSize(3);
  }

  @Test
  void aCallWithoutResponseAndOtherObservationsAreLeftAlone() {
    ChatModelObservationContext failed =
        ChatModelObservationContext.builder()
            .prompt(new Prompt("weather?"))
            .provider("openai")
            .build();
    Observation.Context other = new Observation.Context();
    other.addHighCardinalityKeyValue(KeyValue.of("gen_ai.usage.input_tokens", "0"));

    assertThat(filter.map(failed)).isSameAs(failed);
    assertThat(filter.map(other)).isSameAs(other);
    assertThat(usageKeys(other)).containsExactly("gen_ai.usage.input_tokens");
  }
}
