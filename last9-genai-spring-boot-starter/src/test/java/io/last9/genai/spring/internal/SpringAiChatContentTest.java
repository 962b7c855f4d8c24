/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.testing.GenAiContentSchema;
import io.micrometer.common.KeyValue;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.metadata.ChatGenerationMetadata;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** A Spring AI chat call's content, as the filter writes it and when it is registered. */
class SpringAiChatContentTest {

  private static ChatModelObservationContext call(String finishReason, int maxLength) {
    return call(finishReason, new SpringAiChatContent(maxLength, true));
  }

  private static ChatModelObservationContext call(String finishReason, SpringAiChatContent filter) {
    ChatModelObservationContext context =
        ChatModelObservationContext.builder()
            .prompt(
                new Prompt(
                    List.of(new SystemMessage("Be brief."), new UserMessage("Rain in Paris?"))))
            .provider("openai")
            .build();
    context.setResponse(
        new ChatResponse(
            List.of(
                new Generation(
                    new AssistantMessage("Yes, all day."),
                    ChatGenerationMetadata.builder().finishReason(finishReason).build()))));
    filter.map(context);
    return context;
  }

  private static String value(ChatModelObservationContext context, String key) {
    KeyValue kv = context.getHighCardinalityKeyValue(key);
    return kv == null ? null : kv.getValue();
  }

  @Test
  void writesTheConventionsKeysWithTheConventionsFinishReason() {
    ChatModelObservationContext c = call("STOP", 10_000);
    String system = value(c, "gen_ai.system_instructions");
    String input = value(c, "gen_ai.input.messages");
    String output = value(c, "gen_ai.output.messages");
    GenAiContentSchema.assertSystemInstructions(system);
    GenAiContentSchema.assertInputMessages(input);
    GenAiContentSchema.assertOutputMessages(output);
    assertThat(GenAiContentSchema.texts(system)).containsExactly("Be brief.");
    assertThat(GenAiContentSchema.texts(input)).containsExactly("Rain in Paris?");
    assertThat(GenAiContentSchema.tree(output).get(0).path("finish_reason").asText())
        .isEqualTo("stop");
  }

  @Test
  void providerFinishReasonsMapToTheConventions() {
    assertThat(SpringAiChatContent.finishReason("TOOL_CALLS")).isEqualTo("tool_call");
    assertThat(SpringAiChatContent.finishReason("end_turn")).isEqualTo("stop");
    assertThat(SpringAiChatContent.finishReason("max_tokens")).isEqualTo("length");
    assertThat(SpringAiChatContent.finishReason("CONTENT_FILTER")).isEqualTo("content_filter");
    assertThat(SpringAiChatContent.finishReason("")).isNull();
  }

  @Test
  void eachPartIsCutAtTheLimit() {
    ChatModelObservationContext c = call("STOP", 4);
    assertThat(GenAiContentSchema.texts(value(c, "gen_ai.input.messages")).get(0))
        .hasSizeLessThan("Rain in Paris?".length());
  }

  @Test
  void isRegisteredByDefaultAndSwitchesOff() {
    ApplicationContextRunner runner =
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(Last9SpringAiAutoConfiguration.class));
    runner.run(context -> assertThat(context).hasSingleBean(SpringAiChatContent.class));
    runner
        .withPropertyValues("last9.genai.spring-ai.capture-content=false")
        .run(context -> assertThat(context).doesNotHaveBean(SpringAiChatContent.class));
  }

  @Test
  void theStartersCaptureSettingReachesTheFilterItBuilds() {
    ApplicationContextRunner runner =
        new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(Last9SpringAiAutoConfiguration.class));
    runner.run(
        context -> {
          ChatModelObservationContext c = call("STOP", context.getBean(SpringAiChatContent.class));
          assertThat(value(c, "gen_ai.input.messages")).contains("Rain in Paris?");
        });
    runner
        .withPropertyValues("last9.genai.capture.enabled=false")
        .run(
            context -> {
              ChatModelObservationContext c =
                  call("STOP", context.getBean(SpringAiChatContent.class));
              assertThat(value(c, "gen_ai.input.messages")).isNull();
              assertThat(value(c, "gen_ai.output.messages")).isNull();
              assertThat(value(c, "gen_ai.system_instructions")).isNull();
            });
  }
}
