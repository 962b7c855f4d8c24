/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.testing.AnthropicTokens;
import io.last9.genai.testing.FakeAnthropic;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real AnthropicChatModel: Anthropic reports cache tokens outside input_tokens; the span
 * normalises them.
 */
class AnthropicTest {

  @RegisterExtension final Last9TelemetryExtension otel = Last9TelemetryExtension.create();

  @RegisterExtension final FakeAnthropic server = FakeAnthropic.start();

  private ChatModel model;

  @BeforeEach
  void setUp() {
    model =
        AnthropicChatModel.builder()
            .baseUrl(server.baseUrl() + "/v1/")
            .apiKey("test-key")
            .modelName("claude-sonnet-4-5-20250929")
            .maxTokens(1024)
            .maxRetries(0)
            .listeners(List.of(Last9ChatModelListener.create(otel.openTelemetry())))
            .build();
  }

  @Test
  void cacheReadAndWriteAreAddedToInputTokensAndPricedAtTheirOwnRates() {
    server.enqueue(
        FakeAnthropic.message(
            "msg_01XFDUDYJgAACzvnptvVoYEL",
            "claude-sonnet-4-5-20250929",
            "Hello!",
            AnthropicTokens.of(100, 200)
                .withCacheReadInputTokens(2000)
                .withCacheWrite5mInputTokens(500)));

    assertThat(model.chat("Hi")).isEqualTo("Hello!");

    SpanData span = otel.span("chat claude-sonnet-4-5-20250929");
    var a = span.getAttributes();
    assertThat(a.get(GenAiAttributes.PROVIDER_NAME)).isEqualTo("anthropic");
    assertThat(a.get(GenAiAttributes.RESPONSE_ID)).isEqualTo("msg_01XFDUDYJgAACzvnptvVoYEL");
    assertThat(a.get(GenAiAttributes.RESPONSE_FINISH_REASONS)).containsExactly("stop");
    assertThat(a.get(GenAiAttributes.USAGE_INPUT_TOKENS)).isEqualTo(100L + 500L + 2000L);
    assertThat(a.get(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS)).isEqualTo(2000L);
    assertThat(a.get(GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS)).isEqualTo(500L);
    assertThat(a.get(GenAiAttributes.USAGE_OUTPUT_TOKENS)).isEqualTo(200L);
    // claude-sonnet-4-5: 100 x 3.00 + 2000 x 0.30 + 500 x 3.75 + 200 x 15.00, per million =
    // 0.005775
    assertThat(a.get(GenAiAttributes.USAGE_COST_USD)).isCloseTo(0.005775, within(1e-12));
    assertThat(server.requests())
        .singleElement()
        .satisfies(r -> assertThat(r.path()).isEqualTo("/v1/messages"));
  }
}
