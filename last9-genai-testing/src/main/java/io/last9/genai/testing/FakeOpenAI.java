/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.testing;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The OpenAI API on 127.0.0.1 and a free port, for the real client libraries (openai-java,
 * LangChain4j's OpenAI models) to talk to: each request gets the next scripted reply, in OpenAI's
 * wire format, and every request is recorded. Once the script is used up, the {@linkplain
 * #respondWith responder} answers, or a 404 in OpenAI's error format names the request nothing was
 * scripted for.
 *
 * <pre>{@code
 * try (FakeOpenAI openai = FakeOpenAI.start()) {
 *   openai.enqueue(FakeOpenAI.chatCompletion("chatcmpl-1", "gpt-4o-2024-08-06", "Foggy, 18°C.",
 *       OpenAITokens.of(2_000, 150).withCachedTokens(1_536)));
 *   OpenAIClient client = OpenAIOkHttpClient.builder().baseUrl(openai.baseUrl()).apiKey("sk-test").build();
 *   ...
 *   assertThat(openai.requests().get(0).path()).isEqualTo("/v1/chat/completions");
 * }
 * }</pre>
 *
 * <p>Besides these factories, {@link FakeReply#hang()} scripts a call that never returns (for
 * timeouts) and {@link FakeReply#stallAfter(int)} a stream that stops part-way.
 *
 * <p>The reply factories write the payloads OpenAI's API reference shows (ids, {@code created},
 * {@code system_fingerprint}, {@code service_tier}, every usage detail), so the clients parse them
 * as they parse the real thing.
 */
public final class FakeOpenAI extends FakeServer<FakeOpenAI> {

  private static final long CREATED = 1_741_569_952L;
  private static final String FINGERPRINT = "fp_50cad350e4";

  private FakeOpenAI() {
    super(
        "fake-openai",
        request ->
            error(
                404,
                "No reply was scripted for "
                    + request.method()
                    + " "
                    + request.path()
                    + " (FakeOpenAI).",
                "invalid_request_error",
                "unknown_url"));
  }

  /** Starts a server on 127.0.0.1 and a free port. */
  public static FakeOpenAI start() {
    return new FakeOpenAI();
  }

  /** The base URL a client is given: {@code http://127.0.0.1:<port>/v1}. */
  @Override
  public String baseUrl() {
    return origin() + "/v1";
  }

  // ------------------------------------------------------------------------------------------ chat
  // completions

  /**
   * A {@code chat.completion} (POST /v1/chat/completions) with one assistant message, finish reason
   * "stop".
   */
  public static FakeReply chatCompletion(
      String id, String model, String content, OpenAITokens usage) {
    ObjectNode message = WireJson.object();
    message.put("role", "assistant");
    message.put("content", content);
    message.putNull("refusal");
    message.putArray("annotations");
    return completion(id, model, message, "stop", usage);
  }

  /**
   * A {@code chat.completion} in which the model asks for one function call instead of answering:
   * the assistant message has no content and one {@code tool_calls} entry ({@code type} "function",
   * the function's name and its arguments as a JSON string), finish reason "tool_calls". The client
   * runs the tool and sends its result back in a {@code tool} message.
   *
   * @param toolCallId the call's id, as OpenAI writes it ({@code call_...}); the client echoes it
   *     as the {@code tool_call_id} of its result
   * @param argumentsJson the function's arguments, a JSON object in a string (as the API sends it)
   */
  public static FakeReply chatCompletionToolCall(
      String id,
      String model,
      String toolCallId,
      String function,
      String argumentsJson,
      OpenAITokens usage) {
    ObjectNode message = WireJson.object();
    message.put("role", "assistant");
    message.putNull("content");
    ObjectNode call = message.putArray("tool_calls").addObject();
    call.put("id", toolCallId);
    call.put("type", "function");
    call.putObject("function").put("name", function).put("arguments", argumentsJson);
    message.putNull("refusal");
    message.putArray("annotations");
    return completion(id, model, message, "tool_calls", usage);
  }

  private static FakeReply completion(
      String id, String model, ObjectNode message, String finishReason, OpenAITokens usage) {
    ObjectNode r = WireJson.object();
    r.put("id", id);
    r.put("object", "chat.completion");
    r.put("created", CREATED);
    r.put("model", model);
    ObjectNode choice = r.putArray("choices").addObject();
    choice.put("index", 0);
    choice.set("message", message);
    choice.putNull("logprobs");
    choice.put("finish_reason", finishReason);
    if (usage != null) {
      r.set("usage", chatUsage(usage));
    }
    r.put("service_tier", "default");
    r.put("system_fingerprint", FINGERPRINT);
    return FakeReply.json(200, WireJson.write(r)).withHeader("x-request-id", "req_" + id);
  }

  /**
   * A streamed chat completion ({@code "stream": true}): a chunk with the assistant role, one chunk
   * per element of {@code deltas}, a chunk with finish reason "stop", then, only when the request
   * set {@code stream_options.include_usage} (as OpenAI does), a last chunk with no choices and the
   * usage; then {@code data: [DONE]}.
   */
  public static FakeReply chatCompletionStream(
      String id, String model, List<String> deltas, OpenAITokens usage) {
    List<String> content = List.copyOf(deltas);
    return FakeReply.byRequest(
        request -> {
          boolean includeUsage =
              request.json().path("stream_options").path("include_usage").asBoolean(false);
          List<String> events = new ArrayList<>();
          ObjectNode role = WireJson.object();
          role.put("role", "assistant");
          role.put("content", "");
          role.putNull("refusal");
          events.add(data(chunk(id, model, role, null, includeUsage)));
          for (String d : content) {
            events.add(
                data(chunk(id, model, WireJson.object().put("content", d), null, includeUsage)));
          }
          events.add(data(chunk(id, model, WireJson.object(), "stop", includeUsage)));
          if (includeUsage && usage != null) {
            ObjectNode last = chunkHead(id, model);
            last.putArray("choices");
            last.set("usage", chatUsage(usage));
            events.add(data(last));
          }
          events.add("data: [DONE]\n\n");
          return FakeReply.eventStream(events).withHeader("x-request-id", "req_" + id);
        });
  }

  private static ObjectNode chunk(
      String id, String model, ObjectNode delta, String finishReason, boolean usageField) {
    ObjectNode c = chunkHead(id, model);
    ObjectNode choice = c.putArray("choices").addObject();
    choice.put("index", 0);
    choice.set("delta", delta);
    choice.putNull("logprobs");
    if (finishReason == null) {
      choice.putNull("finish_reason");
    } else {
      choice.put("finish_reason", finishReason);
    }
    if (usageField) {
      c.putNull("usage"); // with include_usage every chunk but the last carries "usage": null
    }
    return c;
  }

  private static ObjectNode chunkHead(String id, String model) {
    ObjectNode c = WireJson.object();
    c.put("id", id);
    c.put("object", "chat.completion.chunk");
    c.put("created", CREATED);
    c.put("model", model);
    c.put("service_tier", "default");
    c.put("system_fingerprint", FINGERPRINT);
    return c;
  }

  private static ObjectNode chatUsage(OpenAITokens u) {
    ObjectNode usage = WireJson.object();
    usage.put("prompt_tokens", u.inputTokens());
    usage.put("completion_tokens", u.outputTokens());
    usage.put("total_tokens", u.totalTokens());
    usage
        .putObject("prompt_tokens_details")
        .put("cached_tokens", u.cachedTokens())
        .put("audio_tokens", u.audioInputTokens());
    usage
        .putObject("completion_tokens_details")
        .put("reasoning_tokens", u.reasoningTokens())
        .put("audio_tokens", u.audioOutputTokens())
        .put("accepted_prediction_tokens", 0)
        .put("rejected_prediction_tokens", 0);
    return usage;
  }

  // --------------------------------------------------------------------------------------------
  // Responses API

  /**
   * A completed {@code response} (POST /v1/responses) with one output message; a reasoning item
   * comes first when the usage has reasoning tokens, as for reasoning models.
   */
  public static FakeReply response(String id, String model, String text, OpenAITokens usage) {
    ObjectNode r = responseObject(id, model, text, usage, "completed");
    String suffix = id.startsWith("resp_") ? id.substring(5) : id;
    return FakeReply.json(200, WireJson.write(r)).withHeader("x-request-id", "req_" + suffix);
  }

  /**
   * A streamed response ({@code "stream": true} on POST /v1/responses), the events OpenAI sends:
   * {@code response.created} and {@code response.in_progress} (the response, no output, no usage
   * yet), the output message and its text part added, one {@code response.output_text.delta} per
   * element of {@code deltas}, the text, part and message done, then {@code response.completed}
   * with the whole response and its usage, which the Responses API always sends (it has no {@code
   * include_usage} option).
   */
  public static FakeReply responseStream(
      String id, String model, List<String> deltas, OpenAITokens usage) {
    String text = String.join("", deltas);
    String suffix = id.startsWith("resp_") ? id.substring(5) : id;
    String itemId = "msg_" + suffix;
    List<String> events = new ArrayList<>();
    int[] sequence = {0};
    ObjectNode inProgress = responseObject(id, model, null, null, "in_progress");
    ObjectNode created = event("response.created", sequence);
    created.set("response", inProgress);
    events.add(sse(created));
    ObjectNode running = event("response.in_progress", sequence);
    running.set("response", inProgress.deepCopy());
    events.add(sse(running));
    ObjectNode added = event("response.output_item.added", sequence).put("output_index", 0);
    added.set("item", outputMessage(itemId, null, "in_progress"));
    events.add(sse(added));
    ObjectNode partAdded =
        event("response.content_part.added", sequence)
            .put("item_id", itemId)
            .put("output_index", 0)
            .put("content_index", 0);
    partAdded.set("part", textPart(""));
    events.add(sse(partAdded));
    for (String d : deltas) {
      ObjectNode delta =
          event("response.output_text.delta", sequence)
              .put("item_id", itemId)
              .put("output_index", 0)
              .put("content_index", 0)
              .put("delta", d);
      delta.putArray("logprobs");
      events.add(sse(delta));
    }
    ObjectNode textDone =
        event("response.output_text.done", sequence)
            .put("item_id", itemId)
            .put("output_index", 0)
            .put("content_index", 0)
            .put("text", text);
    textDone.putArray("logprobs");
    events.add(sse(textDone));
    ObjectNode partDone =
        event("response.content_part.done", sequence)
            .put("item_id", itemId)
            .put("output_index", 0)
            .put("content_index", 0);
    partDone.set("part", textPart(text));
    events.add(sse(partDone));
    ObjectNode itemDone = event("response.output_item.done", sequence).put("output_index", 0);
    itemDone.set("item", outputMessage(itemId, text, "completed"));
    events.add(sse(itemDone));
    ObjectNode completed = event("response.completed", sequence);
    completed.set("response", responseObject(id, model, text, usage, "completed"));
    events.add(sse(completed));
    return FakeReply.eventStream(events).withHeader("x-request-id", "req_" + suffix);
  }

  private static ObjectNode event(String type, int[] sequence) {
    ObjectNode e = WireJson.object();
    e.put("type", type);
    e.put("sequence_number", sequence[0]++);
    return e;
  }

  private static String sse(ObjectNode event) {
    return "event: " + event.path("type").asText() + "\n" + data(event);
  }

  private static ObjectNode outputMessage(String itemId, String text, String status) {
    ObjectNode message = WireJson.object();
    message.put("type", "message");
    message.put("id", itemId);
    message.put("status", status);
    message.put("role", "assistant");
    ArrayNode content = message.putArray("content");
    if (text != null) {
      content.add(textPart(text));
    }
    return message;
  }

  private static ObjectNode textPart(String text) {
    ObjectNode part = WireJson.object();
    part.put("type", "output_text");
    part.put("text", text);
    part.putArray("annotations");
    return part;
  }

  /**
   * The {@code response} object: with {@code text} null, no output yet; with {@code usage} null, no
   * usage (as while it is in progress).
   */
  private static ObjectNode responseObject(
      String id, String model, String text, OpenAITokens usage, String status) {
    ObjectNode r = WireJson.object();
    r.put("id", id);
    r.put("object", "response");
    r.put("created_at", CREATED);
    r.put("status", status);
    r.putNull("error");
    r.putNull("incomplete_details");
    r.putNull("instructions");
    r.putNull("max_output_tokens");
    r.put("model", model);
    ArrayNode output = r.putArray("output");
    String suffix = id.startsWith("resp_") ? id.substring(5) : id;
    if (usage != null && usage.reasoningTokens() > 0) {
      ObjectNode reasoning = output.addObject();
      reasoning.put("type", "reasoning");
      reasoning.put("id", "rs_" + suffix);
      reasoning.putArray("summary");
    }
    if (text != null) {
      output.add(outputMessage("msg_" + suffix, text, "completed"));
    }
    r.put("parallel_tool_calls", true);
    r.putNull("previous_response_id");
    ObjectNode reasoningConfig = r.putObject("reasoning");
    if (usage != null && usage.reasoningTokens() > 0) {
      reasoningConfig.put("effort", "medium");
    } else {
      reasoningConfig.putNull("effort");
    }
    reasoningConfig.putNull("summary");
    r.put("store", true);
    r.put("temperature", 1.0);
    r.putObject("text").putObject("format").put("type", "text");
    r.put("tool_choice", "auto");
    r.putArray("tools");
    r.put("top_p", 1.0);
    r.put("truncation", "disabled");
    if (usage != null) {
      ObjectNode u = r.putObject("usage");
      u.put("input_tokens", usage.inputTokens());
      ObjectNode inputDetails =
          u.putObject("input_tokens_details").put("cached_tokens", usage.cachedTokens());
      if (usage.audioInputTokens() > 0) {
        inputDetails.put(
            "audio_tokens", usage.audioInputTokens()); // audio models (gpt-audio, gpt-realtime)
      }
      u.put("output_tokens", usage.outputTokens());
      ObjectNode outputDetails =
          u.putObject("output_tokens_details").put("reasoning_tokens", usage.reasoningTokens());
      if (usage.audioOutputTokens() > 0) {
        outputDetails.put("audio_tokens", usage.audioOutputTokens());
      }
      u.put("total_tokens", usage.totalTokens());
    } else if (!"completed".equals(status)) {
      r.putNull("usage"); // as OpenAI sends a response still in progress
    }
    r.putNull("user");
    r.putObject("metadata");
    return r;
  }

  // ----------------------------------------------------------------------------------------------
  // embeddings

  /**
   * An embeddings {@code list} (POST /v1/embeddings) of {@code vectors} vectors of {@code
   * dimensions} numbers each, for {@code promptTokens} input tokens.
   */
  public static FakeReply embeddings(String model, int vectors, int dimensions, long promptTokens) {
    ObjectNode r = WireJson.object();
    r.put("object", "list");
    ArrayNode data = r.putArray("data");
    for (int n = 0; n < vectors; n++) {
      ObjectNode e = data.addObject();
      e.put("object", "embedding");
      e.put("index", n);
      ArrayNode v = e.putArray("embedding");
      for (int d = 0; d < dimensions; d++) {
        // deterministic, distinct, of the magnitude real embeddings have
        v.add(Math.round(Math.sin(1.0 + n * 31 + d) * 1e7) / 1e9);
      }
    }
    r.put("model", model);
    r.putObject("usage").put("prompt_tokens", promptTokens).put("total_tokens", promptTokens);
    return FakeReply.json(200, WireJson.write(r));
  }

  // --------------------------------------------------------------------------------------------------- errors

  /**
   * An API error: {@code {"error": {"message", "type", "param": null, "code"}}} with this status.
   */
  public static FakeReply error(int status, String message, String type, String code) {
    ObjectNode r = WireJson.object();
    ObjectNode e = r.putObject("error");
    e.put("message", message);
    e.put("type", type);
    e.putNull("param");
    if (code == null) {
      e.putNull("code");
    } else {
      e.put("code", code);
    }
    return FakeReply.json(status, WireJson.write(r))
        .withHeader("x-request-id", "req_error" + status);
  }

  /** 429: the tokens-per-minute limit of gpt-4o was reached. */
  public static FakeReply rateLimited() {
    return error(
        429,
        "Rate limit reached for gpt-4o in organization org-123 on tokens per min (TPM): "
            + "Limit 30000, Used 30000, Requested 512. Please try again in 1.024s.",
        "tokens",
        "rate_limit_exceeded");
  }

  /** 500: OpenAI's internal server error. */
  public static FakeReply serverError() {
    return error(
        500,
        "The server had an error while processing your request. Sorry about that!",
        "server_error",
        null);
  }

  // -------------------------------------------------------------------------------------------------- helpers

  private static String data(ObjectNode event) {
    return "data: " + WireJson.write(event) + "\n\n";
  }
}
