/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.last9.genai.GenAiAttributes;
import io.last9.genai.observe.GenAiObservation;
import io.last9.genai.observe.ObservedCall;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.api.common.Attributes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cache writes reported under the newer semantic-convention key {@code
 * gen_ai.usage.cache_write.input_tokens} (as anthropic-java's own tracing writes them) are priced
 * at the cache-write price, not as plain input.
 */
class CacheWriteKeyTest {

  @RegisterExtension final Last9TelemetryExtension otel = Last9TelemetryExtension.create();

  @Test
  void cacheWritesUnderTheNewKeyArePricedAtTheCacheWritePrice() {
    otel.startAndEndSpan(
        "anthropic.messages.create",
        Attributes.builder()
            .put(GenAiAttributes.OPERATION_NAME, "chat")
            .put(GenAiAttributes.PROVIDER_NAME, "anthropic")
            .put(GenAiAttributes.RESPONSE_MODEL, "claude-sonnet-4-5-20250929")
            .put(GenAiAttributes.USAGE_INPUT_TOKENS, 11_095L)
            .put(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS, 8_000L)
            .put(GenAiAttributes.USAGE_CACHE_WRITE_INPUT_TOKENS, 1_000L)
            .put(GenAiAttributes.USAGE_OUTPUT_TOKENS, 503L)
            .build());
    // claude-sonnet-4-5 (bundled catalog): 3 input, 0.30 cache read, 3.75 cache write, 15 output
    // per million
    // (11,095 - 8,000 - 1,000) x 3 + 8,000 x 0.30 + 1,000 x 3.75 + 503 x 15 = 6,285 + 2,400 + 3,750
    // + 7,545 = 19,980
    assertThat(
            otel.span("anthropic.messages.create")
                .getAttributes()
                .get(GenAiAttributes.USAGE_COST_USD))
        .isCloseTo(19_980 / 1_000_000d, within(1e-15));
  }

  @Test
  void theOlderSpellingAloneIsStillPriced() {
    otel.startAndEndSpan(
        "old",
        Attributes.builder()
            .put(GenAiAttributes.OPERATION_NAME, "chat")
            .put(GenAiAttributes.PROVIDER_NAME, "anthropic")
            .put(GenAiAttributes.RESPONSE_MODEL, "claude-sonnet-4-5-20250929")
            .put(GenAiAttributes.USAGE_INPUT_TOKENS, 11_095L)
            .put(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS, 8_000L)
            .put(GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS, 1_000L)
            .put(GenAiAttributes.USAGE_OUTPUT_TOKENS, 503L)
            .build());
    assertThat(otel.span("old").getAttributes().get(GenAiAttributes.USAGE_COST_USD))
        .isCloseTo(19_980 / 1_000_000d, within(1e-15));
  }

  @Test
  void whenBothSpellingsDifferTheCurrentOneWins() {
    otel.startAndEndSpan(
        "both",
        Attributes.builder()
            .put(GenAiAttributes.OPERATION_NAME, "chat")
            .put(GenAiAttributes.PROVIDER_NAME, "anthropic")
            .put(GenAiAttributes.RESPONSE_MODEL, "claude-sonnet-4-5-20250929")
            .put(GenAiAttributes.USAGE_INPUT_TOKENS, 11_095L)
            .put(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS, 8_000L)
            .put(GenAiAttributes.USAGE_CACHE_WRITE_INPUT_TOKENS, 1_000L)
            .put(GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS, 3_000L)
            .put(GenAiAttributes.USAGE_OUTPUT_TOKENS, 503L)
            .build());
    // priced with 1,000 cache writes (the cache_write value), as above
    assertThat(otel.span("both").getAttributes().get(GenAiAttributes.USAGE_COST_USD))
        .isCloseTo(19_980 / 1_000_000d, within(1e-15));
  }

  @Test
  void cacheWritesAreWrittenUnderBothSpellings() {
    GenAiObservation.llm("chat")
        .openTelemetry(otel.openTelemetry())
        .get(
            () -> {
              ObservedCall.current()
                  .reportUsage(
                      "claude-sonnet-4-5-20250929",
                      Usage.builder()
                          .inputTokens(11_095)
                          .cacheReadInputTokens(8_000)
                          .cacheCreationInputTokens(1_000)
                          .outputTokens(503)
                          .build());
              return "ok";
            });
    Attributes a = otel.span("chat").getAttributes();
    assertThat(a.get(GenAiAttributes.USAGE_CACHE_WRITE_INPUT_TOKENS)).isEqualTo(1_000L);
    assertThat(a.get(GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS)).isEqualTo(1_000L);
  }
}
