/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.langchain4j.internal;

import dev.langchain4j.model.googleai.GoogleAiGeminiTokenUsage;
import dev.langchain4j.model.output.TokenUsage;
import io.last9.genai.pricing.Usage;

/**
 * Reads Gemini's details: {@code cachedContentTokenCount}, which Gemini counts inside {@code
 * promptTokenCount}, and {@code thoughtsTokenCount}, which it reports beside {@code
 * candidatesTokenCount}: LangChain4j passes the candidates alone on as the output count, so the
 * thinking tokens are added back (the semantic conventions and the price formula want reasoning
 * inside {@code gen_ai.usage.output_tokens}). Only loaded when the usage object is a {@code
 * GoogleAiGeminiTokenUsage}.
 */
final class GeminiUsage {

  private GeminiUsage() {}

  static Usage read(TokenUsage usage, long input, long output) {
    GoogleAiGeminiTokenUsage u = (GoogleAiGeminiTokenUsage) usage;
    long thoughts = UsageCounts.toLong(u.thoughtsTokenCount());
    long total = output + thoughts;
    // Gemini leaves cachedContentTokenCount out when nothing was read from its cache: a reported 0
    Usage.Builder b =
        Usage.builder()
            .inputTokens(input)
            .cacheReadInputTokens(UsageCounts.toLong(u.cachedContentTokenCount()))
            .outputTokens(total < 0 ? Long.MAX_VALUE : total);
    if (u.thoughtsTokenCount() != null) {
      b.reasoningOutputTokens(thoughts);
    }
    return b.build();
  }
}
