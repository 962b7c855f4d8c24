/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;

/**
 * Amazon Bedrock's runtime API (Converse and ConverseStream) on 127.0.0.1 and a free port, for the
 * real AWS SDK for Java 2.x ({@code BedrockRuntimeClient}, {@code BedrockRuntimeAsyncClient}) to
 * talk to through {@code endpointOverride(bedrock.endpoint())}: each request gets the next scripted
 * reply, in Bedrock's wire format (JSON, or AWS event-stream frames written and flushed one by
 * one), and every request is recorded. The fake does not check the request's signature, so any
 * static credentials do. Once the script is used up, the {@linkplain #respondWith responder}
 * answers, or a 404 {@code ResourceNotFoundException} names the request nothing was scripted for.
 *
 * <pre>{@code
 * try (FakeBedrock bedrock = FakeBedrock.start()) {
 *   bedrock.enqueue(FakeBedrock.converse("Hello!", BedrockTokens.of(1_200, 300).withCacheReadInputTokens(8_000)));
 *   BedrockRuntimeClient client = BedrockRuntimeClient.builder()
 *       .endpointOverride(bedrock.endpoint()).region(Region.US_EAST_1)
 *       .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("k", "s")))
 *       .build();
 *   ...
 * }
 * }</pre>
 */
public final class FakeBedrock extends FakeServer<FakeBedrock> {

  /** The content type of a ConverseStream reply. */
  public static final String EVENT_STREAM = "application/vnd.amazon.eventstream";

  private FakeBedrock() {
    super(
        "fake-bedrock",
        request ->
            error(
                404,
                "ResourceNotFoundException",
                "No reply was scripted for "
                    + request.method()
                    + " "
                    + request.path()
                    + " (FakeBedrock)."));
  }

  /** Starts a server on 127.0.0.1 and a free port. */
  public static FakeBedrock start() {
    return new FakeBedrock();
  }

  /** What the client's {@code endpointOverride} is given: {@code http://127.0.0.1:<port>}. */
  public URI endpoint() {
    return URI.create(origin());
  }

  @Override
  public String baseUrl() {
    return origin();
  }

  /**
   * A Converse answer ({@code POST /model/{modelId}/converse}): one assistant text block, stopped
   * at {@code end_turn}, with its usage and latency.
   */
  public static FakeReply converse(String text, BedrockTokens usage) {
    ObjectNode r = WireJson.object();
    ObjectNode message = r.putObject("output").putObject("message");
    message.put("role", "assistant");
    message.putArray("content").addObject().put("text", text);
    r.put("stopReason", "end_turn");
    r.set("usage", usage(usage));
    r.putObject("metrics").put("latencyMs", 412);
    return FakeReply.json(200, WireJson.write(r))
        .withHeader("x-amzn-RequestId", "3f1c9a52-0b6e-4f1d-9a0e-5d1c2b7e8f90");
  }

  /**
   * A ConverseStream answer ({@code POST /model/{modelId}/converse-stream}), the events Bedrock
   * sends: {@code messageStart}, one {@code contentBlockDelta} per element of {@code deltas},
   * {@code contentBlockStop}, {@code messageStop} ({@code end_turn}) and {@code metadata} with the
   * usage, each an AWS event-stream frame.
   */
  public static FakeReply converseStream(List<String> deltas, BedrockTokens usage) {
    List<byte[]> frames = new ArrayList<>();
    frames.add(event("messageStart", WireJson.object().put("role", "assistant")));
    for (String d : deltas) {
      ObjectNode delta = WireJson.object().put("contentBlockIndex", 0);
      delta.putObject("delta").put("text", d);
      frames.add(event("contentBlockDelta", delta));
    }
    frames.add(event("contentBlockStop", WireJson.object().put("contentBlockIndex", 0)));
    frames.add(event("messageStop", WireJson.object().put("stopReason", "end_turn")));
    ObjectNode metadata = WireJson.object();
    metadata.set("usage", usage(usage));
    metadata.putObject("metrics").put("latencyMs", 655);
    frames.add(event("metadata", metadata));
    return FakeReply.binaryStream(EVENT_STREAM, frames)
        .withHeader("x-amzn-RequestId", "8b2d4e61-7c3a-4f5e-b1d2-0a9e8c7f6b5d");
  }

  /** A Bedrock error: the status, {@code x-amzn-ErrorType} and a {@code message}. */
  public static FakeReply error(int status, String type, String message) {
    return FakeReply.json(status, WireJson.write(WireJson.object().put("message", message)))
        .withHeader("x-amzn-ErrorType", type);
  }

  private static ObjectNode usage(BedrockTokens u) {
    ObjectNode usage = WireJson.object();
    usage.put("inputTokens", u.inputTokens());
    usage.put("outputTokens", u.outputTokens());
    usage.put("totalTokens", u.totalTokens());
    if (u.cacheReadInputTokens() > 0) {
      usage.put("cacheReadInputTokens", u.cacheReadInputTokens());
    }
    if (u.cacheWriteInputTokens() > 0) {
      usage.put("cacheWriteInputTokens", u.cacheWriteInputTokens());
    }
    return usage;
  }

  /** One event frame: AWS's binary event-stream encoding, with its prelude and CRCs. */
  private static byte[] event(String type, ObjectNode payload) {
    Map<String, HeaderValue> headers = new LinkedHashMap<>();
    headers.put(":event-type", HeaderValue.fromString(type));
    headers.put(":content-type", HeaderValue.fromString("application/json"));
    headers.put(":message-type", HeaderValue.fromString("event"));
    ByteBuffer frame = new Message(headers, WireJson.write(payload).getBytes(UTF_8)).toByteBuffer();
    byte[] bytes = new byte[frame.remaining()];
    frame.get(bytes);
    return bytes;
  }

  /** The texts of a recorded Converse request's messages, in order (for assertions). */
  public static List<String> texts(RecordedRequest request) {
    List<String> texts = new ArrayList<>();
    for (var message : request.json().path("messages")) {
      for (var block : message.path("content")) {
        if (block.has("text")) {
          texts.add(block.get("text").asText());
        }
      }
    }
    return texts;
  }
}
