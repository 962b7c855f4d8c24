/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.testing.FakeGemini;
import io.last9.genai.testing.Last9TelemetryExtension;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A real GoogleAiGeminiChatModel: Gemini counts cached tokens inside the prompt count and thinking
 * tokens beside the candidates count; LangChain4j passes only the candidates on as output, and the
 * span adds the thinking back.
 */
class GeminiTest {

  @RegisterExtension final Last9TelemetryExtension otel = Last9TelemetryExtension.create();

  @RegisterExtension final FakeGemini server = FakeGemini.start();

  private ChatModel model;

  @BeforeEach
  void setUp() {
    model =
        GoogleAiGeminiChatModel.builder()
            .baseUrl(server.baseUrl())
            .apiKey("test-key")
            .modelName("gemini-2.5-flash")
            .maxRetries(0)
            .listeners(List.of(Last9ChatModelListener.create(otel.openTelemetry())))
            .build();
  }

  @Test
  void cachedAndThinkingTokensArePricedAtTheirRates() {
    server.enqueue(
        FakeGemini.generateContent(
            "resp-gemini-1", "gemini-2.5-flash", "Hello!", 4_610, 101, 1_000, 20));

    assertThat(model.chat("Hi")).isEqualTo("Hello!");

    var a = otel.attributesOf("chat gemini-2.5-flash");
    assertThat(a.get(GenAiAttributes.PROVIDER_NAME)).isEqualTo("gcp.gemini");
    assertThat(a.get(GenAiAttributes.USAGE_INPUT_TOKENS)).isEqualTo(4_610L);
    assertThat(a.get(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS)).isEqualTo(1_000L);
    // candidates 101 + thinking 20
    assertThat(a.get(GenAiAttributes.USAGE_OUTPUT_TOKENS)).isEqualTo(121L);
    assertThat(a.get(GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS)).isEqualTo(20L);
    // gemini-2.5-flash (bundled catalog): input 0.30, cache read 0.03, output 2.50 per million
    // input: (4610 - 1000) x 0.30 + 1000 x 0.03 = 1083 + 30 = 1113 -> 0.001113
    // output: 121 x 2.50 = 302.5 -> 0.0003025; total 0.0014155
    assertThat(a.get(GenAiAttributes.USAGE_COST_INPUT_USD)).isCloseTo(0.001113, within(1e-12));
    assertThat(a.get(GenAiAttributes.USAGE_COST_OUTPUT_USD)).isCloseTo(0.0003025, within(1e-12));
    assertThat(a.get(GenAiAttributes.USAGE_COST_USD)).isCloseTo(0.0014155, within(1e-12));
    assertThat(a.get(GenAiAttributes.COST_PRICE_SOURCE))
        .isEqualTo("genai-prices:google/gemini-2.5-flash@2026-08-21");
    assertThat(server.requests())
        .singleElement()
        .satisfies(
            r -> assertThat(r.path()).isEqualTo("/v1beta/models/gemini-2.5-flash:generateContent"));
  }
}
