package io.last9.genai.langchain4j.internal;

import dev.langchain4j.model.openai.OpenAiTokenUsage;
import dev.langchain4j.model.output.TokenUsage;

/**
 * Reads OpenAI's details: {@code prompt_tokens_details.cached_tokens} and
 * {@code completion_tokens_details.reasoning_tokens}, which OpenAI already counts inside the prompt and completion
 * totals. Only loaded when the usage object is an {@code OpenAiTokenUsage}.
 */
final class OpenAiUsage {

  private OpenAiUsage() {}

  static void read(TokenUsage usage, UsageCounts into) {
    OpenAiTokenUsage u = (OpenAiTokenUsage) usage;
    if (u.inputTokensDetails() != null) {
      into.cacheRead = UsageCounts.toLong(u.inputTokensDetails().cachedTokens());
    }
    if (u.outputTokensDetails() != null) {
      into.reasoning = UsageCounts.toLong(u.outputTokensDetails().reasoningTokens());
    }
  }
}
