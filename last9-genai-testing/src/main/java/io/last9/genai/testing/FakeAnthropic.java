/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Anthropic's Messages API on 127.0.0.1 and a free port, for the real client libraries
 * (anthropic-java, LangChain4j's Anthropic model) to talk to: each request gets the next scripted
 * reply, in Anthropic's wire format (JSON, or server-sent events written and flushed one by one),
 * and every request is recorded. Once the script is used up, the {@linkplain #respondWith
 * responder} answers, or a 404 {@code not_found_error} names the request nothing was scripted for.
 *
 * <pre>{@code
 * try (FakeAnthropic anthropic = FakeAnthropic.start()) {
 *   anthropic.enqueue(FakeAnthropic.message("msg_01", "claude-sonnet-4-5-20250929", "Hello!",
 *       AnthropicTokens.of(2_095, 503).withCacheReadInputTokens(8_000).withCacheWrite5mInputTokens(1_000)));
 *   AnthropicClient client = AnthropicOkHttpClient.builder().baseUrl(anthropic.baseUrl()).apiKey("k").build();
 *   ...
 * }
 * }</pre>
 *
 * <p>{@link FakeReply#hang()} scripts a call that never returns, and {@code
 * messageStream(...).stallAfter(4)} a stream that stops after its first text delta.
 */
public final class FakeAnthropic extends FakeServer<FakeAnthropic> {

  private FakeAnthropic() {
    super(
        "fake-anthropic",
        request ->
            error(
                404,
                "not_found_error",
                "No reply was scripted for "
                    + request.method()
                    + " "
                    + request.path()
                    + " (FakeAnthropic)."));
  }

  /** Starts a server on 127.0.0.1 and a free port. */
  public static FakeAnthropic start() {
    return new FakeAnthropic();
  }

  /**
   * The base URL anthropic-java is given: {@code http://127.0.0.1:<port>} (the client adds {@code
   * /v1/messages}; LangChain4j's model wants {@code baseUrl() + "/v1/"}).
   */
  @Override
  public String baseUrl() {
    return origin();
  }

  // ------------------------------------------------------------------------------------------------- messages

  /** A {@code message} (POST /v1/messages) with one text block, stopped at {@code end_turn}. */
  public static FakeReply message(String id, String model, String text, AnthropicTokens usage) {
    return message(id, model, text, usage, "end_turn", null);
  }

  /**
   * A {@code message} with one text block and this stop reason ({@code end_turn}, {@code
   * max_tokens}, {@code stop_sequence} with the sequence that matched, {@code tool_use}, ...).
   */
  public static FakeReply message(
      String id,
      String model,
      String text,
      AnthropicTokens usage,
      String stopReason,
      String stopSequence) {
    ObjectNode r = WireJson.object();
    r.put("id", id);
    r.put("type", "message");
    r.put("role", "assistant");
    r.put("model", model);
    r.putArray("content").addObject().put("type", "text").put("text", text);
    r.put("stop_reason", stopReason);
    if (stopSequence == null) {
      r.putNull("stop_sequence");
    } else {
      r.put("stop_sequence", stopSequence);
    }
    r.set("usage", usage(usage, usage.outputTokens()));
    return FakeReply.json(200, WireJson.write(r)).withHeader("request-id", requestId(id));
  }

  /**
   * A streamed message ({@code "stream": true}), the events Anthropic sends: {@code message_start}
   * (the input usage, one output token), {@code content_block_start}, {@code ping}, one {@code
   * content_block_delta} per element of {@code deltas}, {@code content_block_stop}, {@code
   * message_delta} (stop reason {@code end_turn} and the final, cumulative output tokens), {@code
   * message_stop}. {@code stallAfter(3 + n)} stops after the n-th delta.
   */
  public static FakeReply messageStream(
      String id, String model, List<String> deltas, AnthropicTokens usage) {
    List<String> events = new ArrayList<>();
    ObjectNode start = WireJson.object().put("type", "message_start");
    ObjectNode message = start.putObject("message");
    message.put("id", id);
    message.put("type", "message");
    message.put("role", "assistant");
    message.putArray("content");
    message.put("model", model);
    message.putNull("stop_reason");
    message.putNull("stop_sequence");
    message.set("usage", usage(usage, 1));
    events.add(event("message_start", start));
    ObjectNode blockStart = WireJson.object().put("type", "content_block_start").put("index", 0);
    blockStart.putObject("content_block").put("type", "text").put("text", "");
    events.add(event("content_block_start", blockStart));
    events.add(event("ping", WireJson.object().put("type", "ping")));
    for (String d : deltas) {
      ObjectNode delta = WireJson.object().put("type", "content_block_delta").put("index", 0);
      delta.putObject("delta").put("type", "text_delta").put("text", d);
      events.add(event("content_block_delta", delta));
    }
    events.add(
        event(
            "content_block_stop",
            WireJson.object().put("type", "content_block_stop").put("index", 0)));
    ObjectNode end = WireJson.object().put("type", "message_delta");
    end.putObject("delta").put("stop_reason", "end_turn").putNull("stop_sequence");
    ObjectNode endUsage = end.putObject("usage").put("output_tokens", usage.outputTokens());
    if (usage.webSearchRequests() > 0) {
      endUsage.putObject("server_tool_use").put("web_search_requests", usage.webSearchRequests());
    }
    events.add(event("message_delta", end));
    events.add(event("message_stop", WireJson.object().put("type", "message_stop")));
    return FakeReply.eventStream(events).withHeader("request-id", requestId(id));
  }

  private static ObjectNode usage(AnthropicTokens u, long outputTokens) {
    ObjectNode usage = WireJson.object();
    usage.put("input_tokens", u.inputTokens());
    usage.put("cache_creation_input_tokens", u.cacheCreationInputTokens());
    usage.put("cache_read_input_tokens", u.cacheReadInputTokens());
    usage
        .putObject("cache_creation")
        .put("ephemeral_5m_input_tokens", u.cacheWrite5mInputTokens())
        .put("ephemeral_1h_input_tokens", u.cacheWrite1hInputTokens());
    usage.put("output_tokens", outputTokens);
    if (u.webSearchRequests() > 0) {
      usage.putObject("server_tool_use").put("web_search_requests", u.webSearchRequests());
    }
    usage.put("service_tier", "standard");
    return usage;
  }

  private static String event(String type, ObjectNode data) {
    return "event: " + type + "\ndata: " + WireJson.write(data) + "\n\n";
  }

  private static String requestId(String messageId) {
    return "req_011C" + (messageId.startsWith("msg_") ? messageId.substring(4) : messageId);
  }

  // --------------------------------------------------------------------------------------------------- errors

  /**
   * An API error: {@code {"type": "error", "error": {"type", "message"}, "request_id"}} with this
   * status.
   */
  public static FakeReply error(int status, String type, String message) {
    String requestId = "req_011CError" + status;
    ObjectNode r = WireJson.object().put("type", "error");
    r.putObject("error").put("type", type).put("message", message);
    r.put("request_id", requestId);
    return FakeReply.json(status, WireJson.write(r)).withHeader("request-id", requestId);
  }

  /** 429 {@code rate_limit_error}: the per-minute token limit was exceeded. */
  public static FakeReply rateLimited() {
    return error(
        429,
        "rate_limit_error",
        "Number of request tokens has exceeded your per-minute rate limit");
  }

  /** 500 {@code api_error}: Anthropic's internal server error. */
  public static FakeReply serverError() {
    return error(500, "api_error", "Internal server error");
  }

  /** 529 {@code overloaded_error}: the API is temporarily overloaded. */
  public static FakeReply overloaded() {
    return error(529, "overloaded_error", "Overloaded");
  }
}
