package io.last9.genai.anthropic;

import static io.last9.genai.anthropic.FakeAnthropic.event;

import java.util.List;

/**
 * Response bodies in the shape of Anthropic's Messages API reference (POST /v1/messages, its streaming events and
 * its error objects). Token counts are chosen so that the hand-computed costs in the tests come out exact.
 */
final class Payloads {

  static final String MODEL_DATED = "claude-sonnet-4-5-20250929";

  /**
   * A reply that wrote 1,000 tokens to the prompt cache and read 8,000 from it, on top of 2,095 uncached input
   * tokens. Anthropic's input_tokens (2,095) excludes both cache counts.
   */
  static final String CACHED_MESSAGE = "{"
      + "\"id\":\"msg_01XFDUDYJgAACzvnptvVoYEL\","
      + "\"type\":\"message\","
      + "\"role\":\"assistant\","
      + "\"content\":[{\"type\":\"text\",\"text\":\"Retrieval-augmented generation grounds answers in documents.\"}],"
      + "\"model\":\"" + MODEL_DATED + "\","
      + "\"stop_reason\":\"end_turn\","
      + "\"stop_sequence\":null,"
      + "\"usage\":{"
      + "\"input_tokens\":2095,"
      + "\"cache_creation_input_tokens\":1000,"
      + "\"cache_read_input_tokens\":8000,"
      + "\"cache_creation\":{\"ephemeral_5m_input_tokens\":1000,\"ephemeral_1h_input_tokens\":0},"
      + "\"output_tokens\":503,"
      + "\"service_tier\":\"standard\"}"
      + "}";

  /** A reply without prompt caching: 1,000 input and 200 output tokens, stopped by a stop sequence. */
  static String plainMessage(String id, String text) {
    return "{"
        + "\"id\":\"" + id + "\","
        + "\"type\":\"message\","
        + "\"role\":\"assistant\","
        + "\"content\":[{\"type\":\"text\",\"text\":\"" + text + "\"}],"
        + "\"model\":\"" + MODEL_DATED + "\","
        + "\"stop_reason\":\"stop_sequence\","
        + "\"stop_sequence\":\"\\n\\nHuman:\","
        + "\"usage\":{\"input_tokens\":1000,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":0,"
        + "\"output_tokens\":200,\"service_tier\":\"standard\"}"
        + "}";
  }

  /** The streaming events up to and including the first text delta. */
  static List<String> streamHead() {
    return List.of(
        event("message_start", "{\"type\":\"message_start\",\"message\":{"
            + "\"id\":\"msg_01StreamedReply7Yq\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],"
            + "\"model\":\"" + MODEL_DATED + "\",\"stop_reason\":null,\"stop_sequence\":null,"
            + "\"usage\":{\"input_tokens\":472,\"cache_creation_input_tokens\":0,\"cache_read_input_tokens\":3000,"
            + "\"output_tokens\":1,\"service_tier\":\"standard\"}}}"),
        event("content_block_start",
            "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"),
        event("ping", "{\"type\": \"ping\"}"),
        event("content_block_delta",
            "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Bring\"}}"));
  }

  /**
   * A whole stream: message_start (472 uncached + 3,000 cache-read input tokens), text deltas, message_delta with
   * the final (cumulative) output_tokens 128 and stop_reason end_turn, message_stop.
   */
  static List<String> fullStream() {
    List<String> head = new java.util.ArrayList<>(streamHead());
    head.add(event("content_block_delta",
        "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\" an umbrella.\"}}"));
    head.add(event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
    head.add(event("message_delta", "{\"type\":\"message_delta\","
        + "\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
        + "\"usage\":{\"output_tokens\":128}}"));
    head.add(event("message_stop", "{\"type\":\"message_stop\"}"));
    return head;
  }

  static final String RATE_LIMITED = "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\","
      + "\"message\":\"Number of request tokens has exceeded your per-minute rate limit\"},"
      + "\"request_id\":\"req_011CRateLimited\"}";

  static final String INTERNAL_ERROR = "{\"type\":\"error\",\"error\":{\"type\":\"api_error\","
      + "\"message\":\"Internal server error\"},\"request_id\":\"req_011CInternal\"}";

  private Payloads() {}
}
