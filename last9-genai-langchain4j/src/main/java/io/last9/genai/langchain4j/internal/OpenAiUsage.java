/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.langchain4j.internal;

import dev.langchain4j.model.openai.OpenAiTokenUsage;
import dev.langchain4j.model.output.TokenUsage;
import io.last9.genai.pricing.Usage;

/**
 * Reads OpenAI's details: {@code prompt_tokens_details.cached_tokens} and {@code
 * completion_tokens_details.reasoning_tokens}, which OpenAI already counts inside the prompt and
 * completion totals. Only loaded when the usage object is an {@code OpenAiTokenUsage}.
 */
final class OpenAiUsage {

  private OpenAiUsage() {}

  static Usage read(TokenUsage usage, long input, long output) {
    OpenAiTokenUsage u = (OpenAiTokenUsage) usage;
    Usage.Builder b = Usage.builder().inputTokens(input).outputTokens(output);
    // only what OpenAI reported: cached tokens reported as 0 say none were cached, while a
    // missing count (an OpenAI-compatible server without the details) says nothing, and the
    // span's cost is then marked as an upper bound
    if (u.inputTokensDetails() != null && u.inputTokensDetails().cachedTokens() != null) {
      b.cacheReadInputTokens(UsageCounts.toLong(u.inputTokensDetails().cachedTokens()));
    }
    if (u.outputTokensDetails() != null && u.outputTokensDetails().reasoningTokens() != null) {
      b.reasoningOutputTokens(UsageCounts.toLong(u.outputTokensDetails().reasoningTokens()));
    }
    return b.build();
  }
}
