package io.last9.genai.anthropic;

import io.last9.genai.testing.AnthropicTokens;
import io.last9.genai.testing.FakeAnthropic;
import io.last9.genai.testing.FakeReply;
import java.util.List;

/**
 * The replies these tests script, in Anthropic's wire format (made by {@link FakeAnthropic}). Token counts are
 * chosen so that the hand-computed costs in the tests come out exact.
 */
final class Payloads {

  static final String MODEL_DATED = "claude-sonnet-4-5-20250929";

  /**
   * A reply that wrote 1,000 tokens to the prompt cache (5-minute) and read 8,000 from it, on top of 2,095 uncached
   * input tokens. Anthropic's input_tokens (2,095) excludes both cache counts.
   */
  static final FakeReply CACHED_MESSAGE = FakeAnthropic.message("msg_01XFDUDYJgAACzvnptvVoYEL", MODEL_DATED,
      "Retrieval-augmented generation grounds answers in documents.",
      AnthropicTokens.of(2_095, 503).withCacheReadInputTokens(8_000).withCacheWrite5mInputTokens(1_000));

  /** A reply without prompt caching: 1,000 input and 200 output tokens, stopped by a stop sequence. */
  static FakeReply plainMessage(String id, String text) {
    return FakeAnthropic.message(id, MODEL_DATED, text, AnthropicTokens.of(1_000, 200), "stop_sequence",
        "\n\nHuman:");
  }

  /**
   * A whole stream: message_start (472 uncached + 3,000 cache-read input tokens), the text deltas "Bring" and
   * " an umbrella.", message_delta with the final (cumulative) output_tokens 128 and stop_reason end_turn,
   * message_stop.
   */
  static FakeReply fullStream() {
    return FakeAnthropic.messageStream("msg_01StreamedReply7Yq", MODEL_DATED, List.of("Bring", " an umbrella."),
        AnthropicTokens.of(472, 128).withCacheReadInputTokens(3_000));
  }

  /** The same stream, stalled after its first text delta (message_start, content_block_start, ping, delta). */
  static FakeReply stalledStream() {
    return fullStream().stallAfter(4);
  }

  private Payloads() {}
}
