/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

import io.last9.genai.pricing.Usage;
import io.last9.genai.pricing.UsageComponent;

/**
 * Normalises the usage of Anthropic's Messages API, whose {@code input_tokens} leaves out the cache
 * reads ({@code cache_read_input_tokens}) and cache writes ({@code cache_creation_input_tokens}):
 * they are added back, so the input total includes cached input as the semantic conventions (and
 * the price formula) want. Cache writes are split by TTL when the response says so ({@code
 * cache_creation.ephemeral_5m_input_tokens}, {@code ephemeral_1h_input_tokens}); {@code
 * server_tool_use.web_search_requests} becomes the web-search count. Shared by the Anthropic client
 * integration, the LangChain4j adapter and the {@code Map} extractor.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class AnthropicCounts {

  private AnthropicCounts() {}

  /**
   * The normalised usage; a negative count (a malformed response) counts as 0, and sums stop at
   * {@code Long.MAX_VALUE}.
   *
   * @param input Anthropic's {@code input_tokens} (uncached input only)
   * @param cacheRead {@code cache_read_input_tokens}
   * @param cacheCreation {@code cache_creation_input_tokens}, all TTLs; 0 when only the split is
   *     reported
   * @param cacheWrite5m {@code cache_creation.ephemeral_5m_input_tokens}
   * @param cacheWrite1h {@code cache_creation.ephemeral_1h_input_tokens}
   * @param output {@code output_tokens} (thinking included)
   * @param reasoning thinking tokens, when reported
   * @param webSearches {@code server_tool_use.web_search_requests}
   */
  public static Usage usage(
      long input,
      long cacheRead,
      long cacheCreation,
      long cacheWrite5m,
      long cacheWrite1h,
      long output,
      long reasoning,
      long webSearches) {
    long read = positive(cacheRead);
    long write5m = positive(cacheWrite5m);
    long write1h = positive(cacheWrite1h);
    long write = Math.max(positive(cacheCreation), add(write5m, write1h));
    long out = positive(output);
    // Anthropic reports its cache counts whenever it used the cache, so they are reported even as
    // 0; the finer counts only when there are some
    Usage.Builder b =
        Usage.builder()
            .inputTokens(add(add(positive(input), read), write))
            .cacheReadInputTokens(read)
            .cacheCreationInputTokens(write)
            .outputTokens(out);
    setIfPositive(b, UsageComponent.CACHE_WRITE_5M_TOKENS, write5m);
    setIfPositive(b, UsageComponent.CACHE_WRITE_1H_TOKENS, write1h);
    setIfPositive(b, UsageComponent.OUTPUT_REASONING_TOKENS, Math.min(positive(reasoning), out));
    setIfPositive(b, UsageComponent.WEB_SEARCHES, positive(webSearches));
    return b.build();
  }

  private static void setIfPositive(Usage.Builder b, UsageComponent component, long count) {
    if (count > 0) {
      b.count(component, count);
    }
  }

  private static long positive(long v) {
    return Math.max(v, 0);
  }

  private static long add(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }
}
