/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.testing;

import static io.last9.genai.testing.OpenAITokens.requireNonNegative;

/**
 * The token usage a {@link FakeAnthropic} reply reports, counted the way Anthropic counts: {@code
 * inputTokens} is only the input read neither from nor into the prompt cache; cache reads and the
 * two kinds of cache writes (5 minutes, 1 hour) are reported beside it, as {@code
 * cache_read_input_tokens}, {@code cache_creation_input_tokens} (their sum) and {@code
 * cache_creation.ephemeral_5m_input_tokens} / {@code ephemeral_1h_input_tokens}. Server-side web
 * searches are {@code server_tool_use.web_search_requests}.
 *
 * <pre>{@code
 * AnthropicTokens.of(2_095, 503).withCacheReadInputTokens(8_000).withCacheWrite5mInputTokens(1_000)
 * }</pre>
 *
 * @param inputTokens input tokens outside the prompt cache
 * @param outputTokens output tokens
 * @param cacheReadInputTokens input tokens read from the prompt cache
 * @param cacheWrite5mInputTokens input tokens written to the 5-minute cache
 * @param cacheWrite1hInputTokens input tokens written to the 1-hour cache
 * @param webSearchRequests server-side web searches the call made
 */
public record AnthropicTokens(
    long inputTokens,
    long outputTokens,
    long cacheReadInputTokens,
    long cacheWrite5mInputTokens,
    long cacheWrite1hInputTokens,
    long webSearchRequests) {

  /** Checks that no count is negative. */
  public AnthropicTokens {
    requireNonNegative("inputTokens", inputTokens);
    requireNonNegative("outputTokens", outputTokens);
    requireNonNegative("cacheReadInputTokens", cacheReadInputTokens);
    requireNonNegative("cacheWrite5mInputTokens", cacheWrite5mInputTokens);
    requireNonNegative("cacheWrite1hInputTokens", cacheWrite1hInputTokens);
    requireNonNegative("webSearchRequests", webSearchRequests);
  }

  /** Plain usage: no cache and no web search. */
  public static AnthropicTokens of(long inputTokens, long outputTokens) {
    return new AnthropicTokens(inputTokens, outputTokens, 0, 0, 0, 0);
  }

  /** A copy that also read {@code tokens} from the prompt cache. */
  public AnthropicTokens withCacheReadInputTokens(long tokens) {
    return new AnthropicTokens(
        inputTokens,
        outputTokens,
        tokens,
        cacheWrite5mInputTokens,
        cacheWrite1hInputTokens,
        webSearchRequests);
  }

  /** A copy that also wrote {@code tokens} to the 5-minute cache. */
  public AnthropicTokens withCacheWrite5mInputTokens(long tokens) {
    return new AnthropicTokens(
        inputTokens,
        outputTokens,
        cacheReadInputTokens,
        tokens,
        cacheWrite1hInputTokens,
        webSearchRequests);
  }

  /** A copy that also wrote {@code tokens} to the 1-hour cache. */
  public AnthropicTokens withCacheWrite1hInputTokens(long tokens) {
    return new AnthropicTokens(
        inputTokens,
        outputTokens,
        cacheReadInputTokens,
        cacheWrite5mInputTokens,
        tokens,
        webSearchRequests);
  }

  /** A copy that made {@code requests} server-side web searches. */
  public AnthropicTokens withWebSearchRequests(long requests) {
    return new AnthropicTokens(
        inputTokens,
        outputTokens,
        cacheReadInputTokens,
        cacheWrite5mInputTokens,
        cacheWrite1hInputTokens,
        requests);
  }

  /** Every cache write, as {@code cache_creation_input_tokens} reports. */
  public long cacheCreationInputTokens() {
    return cacheWrite5mInputTokens + cacheWrite1hInputTokens;
  }
}
