/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.testing;

/**
 * The token usage a {@link FakeOpenAI} reply reports, counted the way OpenAI counts: {@code
 * inputTokens} includes the cached and the audio input tokens, {@code outputTokens} includes the
 * reasoning and the audio output tokens. Chat completions put it on the wire as {@code
 * prompt_tokens} / {@code completion_tokens} with {@code *_tokens_details}, the Responses API as
 * {@code input_tokens} / {@code output_tokens} with {@code *_tokens_details}.
 *
 * <pre>{@code
 * OpenAITokens.of(2_000, 150).withCachedTokens(1_536)   // 464 uncached + 1,536 cached input, 150 output
 * }</pre>
 *
 * @param inputTokens every input (prompt) token, cached and audio ones included
 * @param outputTokens every output (completion) token, reasoning and audio ones included
 * @param cachedTokens input tokens read from the prompt cache
 * @param reasoningTokens output tokens spent on reasoning
 * @param audioInputTokens input tokens of audio
 * @param audioOutputTokens output tokens of audio
 */
public record OpenAITokens(
    long inputTokens,
    long outputTokens,
    long cachedTokens,
    long reasoningTokens,
    long audioInputTokens,
    long audioOutputTokens) {

  /** Checks that no count is negative and that no detail exceeds the total it is part of. */
  public OpenAITokens {
    requireNonNegative("inputTokens", inputTokens);
    requireNonNegative("outputTokens", outputTokens);
    requireNonNegative("cachedTokens", cachedTokens);
    requireNonNegative("reasoningTokens", reasoningTokens);
    requireNonNegative("audioInputTokens", audioInputTokens);
    requireNonNegative("audioOutputTokens", audioOutputTokens);
    if (cachedTokens + audioInputTokens > inputTokens) {
      throw new IllegalArgumentException(
          "cached + audio input tokens exceed inputTokens " + inputTokens);
    }
    if (reasoningTokens + audioOutputTokens > outputTokens) {
      throw new IllegalArgumentException(
          "reasoning + audio output tokens exceed outputTokens " + outputTokens);
    }
  }

  /** Plain usage: no cache, reasoning or audio. */
  public static OpenAITokens of(long inputTokens, long outputTokens) {
    return new OpenAITokens(inputTokens, outputTokens, 0, 0, 0, 0);
  }

  /** A copy of which {@code cached} input tokens came from the prompt cache. */
  public OpenAITokens withCachedTokens(long cached) {
    return new OpenAITokens(
        inputTokens, outputTokens, cached, reasoningTokens, audioInputTokens, audioOutputTokens);
  }

  /** A copy of which {@code reasoning} output tokens were reasoning. */
  public OpenAITokens withReasoningTokens(long reasoning) {
    return new OpenAITokens(
        inputTokens, outputTokens, cachedTokens, reasoning, audioInputTokens, audioOutputTokens);
  }

  /** A copy of which {@code audio} input tokens were audio. */
  public OpenAITokens withAudioInputTokens(long audio) {
    return new OpenAITokens(
        inputTokens, outputTokens, cachedTokens, reasoningTokens, audio, audioOutputTokens);
  }

  /** A copy of which {@code audio} output tokens were audio. */
  public OpenAITokens withAudioOutputTokens(long audio) {
    return new OpenAITokens(
        inputTokens, outputTokens, cachedTokens, reasoningTokens, audioInputTokens, audio);
  }

  /** {@code inputTokens + outputTokens}, as {@code total_tokens} reports. */
  public long totalTokens() {
    return inputTokens + outputTokens;
  }

  static void requireNonNegative(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must not be negative: " + value);
    }
  }
}
