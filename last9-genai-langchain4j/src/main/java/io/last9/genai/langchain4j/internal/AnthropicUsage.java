/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.langchain4j.internal;

import dev.langchain4j.model.anthropic.AnthropicTokenUsage;
import dev.langchain4j.model.output.TokenUsage;
import io.last9.genai.internal.AnthropicCounts;
import io.last9.genai.pricing.Usage;

/**
 * Reads Anthropic's cache counts. Anthropic reports {@code input_tokens} without the cached tokens,
 * and LangChain4j passes that number on as the input count, so the cache reads and writes are added
 * back: the semantic conventions (and the price formula) want all input tokens in {@code
 * gen_ai.usage.input_tokens}. Only loaded when the usage object is an {@code AnthropicTokenUsage}.
 */
final class AnthropicUsage {

  private AnthropicUsage() {}

  static Usage read(TokenUsage usage, long input, long output) {
    AnthropicTokenUsage u = (AnthropicTokenUsage) usage;
    return AnthropicCounts.usage(
        input,
        UsageCounts.toLong(u.cacheReadInputTokens()),
        UsageCounts.toLong(u.cacheCreationInputTokens()),
        0,
        0,
        output,
        0,
        0);
  }
}
