package io.last9.genai.langchain4j.internal;

import dev.langchain4j.model.anthropic.AnthropicTokenUsage;
import dev.langchain4j.model.output.TokenUsage;

/**
 * Reads Anthropic's cache counts. Anthropic reports {@code input_tokens} without the cached tokens, and LangChain4j
 * passes that number on as the input count, so the cache reads and writes are added back: the semantic conventions
 * (and the price formula) want all input tokens in {@code gen_ai.usage.input_tokens}. Only loaded when the usage
 * object is an {@code AnthropicTokenUsage}.
 */
final class AnthropicUsage {

  private AnthropicUsage() {}

  static void read(TokenUsage usage, UsageCounts into) {
    AnthropicTokenUsage u = (AnthropicTokenUsage) usage;
    Long read = UsageCounts.toLong(u.cacheReadInputTokens());
    Long write = UsageCounts.toLong(u.cacheCreationInputTokens());
    into.cacheRead = read;
    into.cacheCreation = write;
    if (into.input != null) {
      into.input = into.input + (read == null ? 0 : read) + (write == null ? 0 : write);
    }
  }
}
