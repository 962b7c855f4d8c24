/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.anthropic;

import io.last9.genai.testing.AnthropicTokens;
import io.last9.genai.testing.FakeAnthropic;
import io.last9.genai.testing.FakeReply;
import java.util.List;

/**
 * The replies these tests script, in Anthropic's wire format (made by {@link FakeAnthropic}). Token
 * counts are chosen so that the hand-computed costs in the tests come out exact.
 */
final class Payloads {

  static final String MODEL_DATED = "claude-sonnet-4-5-20250929";

  /**
   * A reply that wrote 1,000 tokens to the prompt cache (5-minute) and read 8,000 from it, on top
   * of 2,095 uncached input tokens. Anthropic's input_tokens (2,095) excludes both cache counts.
   */
  static final FakeReply CACHED_MESSAGE =
      FakeAnthropic.message(
          "msg_01XFDUDYJgAACzvnptvVoYEL",
          MODEL_DATED,
          "Retrieval-augmented generation grounds answers in documents.",
          AnthropicTokens.of(2_095, 503)
              .withCacheReadInputTokens(8_000)
              .withCacheWrite5mInputTokens(1_000));

  /**
   * A reply that ran 3 web searches and wrote 20,000 tokens to the prompt cache with a 1-hour TTL,
   * on top of 5,000 uncached input tokens (Anthropic's input_tokens excludes the cache write),
   * 1,000 output tokens.
   */
  static final AnthropicTokens WEB_SEARCH_1H_CACHE =
      AnthropicTokens.of(5_000, 1_000).withCacheWrite1hInputTokens(20_000).withWebSearchRequests(3);

  static final FakeReply WEB_SEARCH_1H_CACHE_MESSAGE =
      FakeAnthropic.message(
          "msg_01WebSearch1hCache",
          MODEL_DATED,
          "Claude Shannon was born on April 30, 1916.",
          WEB_SEARCH_1H_CACHE);

  /**
   * The same call streamed: message_start carries the input side (5,000 uncached, 20,000 written
   * with a 1-hour TTL), message_delta the final output_tokens (1,000) and web_search_requests (3).
   */
  static FakeReply webSearchStream() {
    return FakeAnthropic.messageStream(
        "msg_01WebSearchStream", MODEL_DATED, List.of("Born April 30, 1916."), WEB_SEARCH_1H_CACHE);
  }

  /**
   * A reply without prompt caching: 1,000 input and 200 output tokens, stopped by a stop sequence.
   */
  static FakeReply plainMessage(String id, String text) {
    return FakeAnthropic.message(
        id, MODEL_DATED, text, AnthropicTokens.of(1_000, 200), "stop_sequence", "\n\nHuman:");
  }

  /**
   * A whole stream: message_start (472 uncached + 3,000 cache-read input tokens), the text deltas
   * "Bring" and " an umbrella.", message_delta with the final (cumulative) output_tokens 128 and
   * stop_reason end_turn, message_stop.
   */
  static FakeReply fullStream() {
    return FakeAnthropic.messageStream(
        "msg_01StreamedReply7Yq",
        MODEL_DATED,
        List.of("Bring", " an umbrella."),
        AnthropicTokens.of(472, 128).withCacheReadInputTokens(3_000));
  }

  /**
   * The same stream, stalled after its first text delta (message_start, content_block_start, ping,
   * delta).
   */
  static FakeReply stalledStream() {
    return fullStream().stallAfter(4);
  }

  private Payloads() {}
}
