/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.testing;

/**
 * The token usage a {@link FakeBedrock} reply reports, counted the way Bedrock's Converse API
 * counts: {@code inputTokens} is only the input read neither from nor into the prompt cache; cache
 * reads and writes are reported beside it ({@code cacheReadInputTokens}, {@code
 * cacheWriteInputTokens}), and {@code totalTokens} is the sum of all four.
 *
 * <pre>{@code
 * BedrockTokens.of(1_200, 300).withCacheReadInputTokens(8_000).withCacheWriteInputTokens(500)
 * }</pre>
 *
 * @param inputTokens input tokens outside the prompt cache
 * @param outputTokens output tokens
 * @param cacheReadInputTokens input tokens read from the prompt cache
 * @param cacheWriteInputTokens input tokens written to the prompt cache
 */
public record BedrockTokens(
    long inputTokens, long outputTokens, long cacheReadInputTokens, long cacheWriteInputTokens) {

  /** Checks that no count is negative. */
  public BedrockTokens {
    for (long n :
        new long[] {inputTokens, outputTokens, cacheReadInputTokens, cacheWriteInputTokens}) {
      if (n < 0) {
        throw new IllegalArgumentException("token counts must not be negative: " + n);
      }
    }
  }

  /** Plain usage: no prompt cache. */
  public static BedrockTokens of(long inputTokens, long outputTokens) {
    return new BedrockTokens(inputTokens, outputTokens, 0, 0);
  }

  /** A copy that also read {@code tokens} from the prompt cache. */
  public BedrockTokens withCacheReadInputTokens(long tokens) {
    return new BedrockTokens(inputTokens, outputTokens, tokens, cacheWriteInputTokens);
  }

  /** A copy that also wrote {@code tokens} to the prompt cache. */
  public BedrockTokens withCacheWriteInputTokens(long tokens) {
    return new BedrockTokens(inputTokens, outputTokens, cacheReadInputTokens, tokens);
  }

  /** Every input and output token of the call, as Bedrock's {@code totalTokens} reports. */
  public long totalTokens() {
    return inputTokens + outputTokens + cacheReadInputTokens + cacheWriteInputTokens;
  }
}
