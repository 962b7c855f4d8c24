/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.eventstream.Message;

/**
 * The Bedrock fake on the wire, read with the JDK's HTTP client and the AWS SDK's event-stream
 * decoder (the real client's own path is covered where it is used).
 */
class FakeBedrockTest {

  static final ObjectMapper JSON = new ObjectMapper();
  final HttpClient http = HttpClient.newHttpClient();
  final FakeBedrock bedrock = FakeBedrock.start();

  @AfterEach
  void stop() {
    bedrock.close();
  }

  <T> HttpResponse<T> post(String path, HttpResponse.BodyHandler<T> body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(bedrock.baseUrl() + path))
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"Hi\"}]}]}"))
            .build(),
        body);
  }

  @Test
  void converseReportsTheUsageAsBedrockCountsIt() throws Exception {
    bedrock.enqueue(
        FakeBedrock.converse(
            "Hello!",
            BedrockTokens.of(1_200, 300)
                .withCacheReadInputTokens(8_000)
                .withCacheWriteInputTokens(500)));

    HttpResponse<String> r =
        post(
            "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse",
            HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.path("output").path("message").path("content").path(0).path("text").asText())
        .isEqualTo("Hello!");
    assertThat(body.path("stopReason").asText()).isEqualTo("end_turn");
    JsonNode usage = body.path("usage");
    assertThat(usage.path("inputTokens").asLong()).isEqualTo(1_200);
    assertThat(usage.path("cacheReadInputTokens").asLong()).isEqualTo(8_000);
    assertThat(usage.path("cacheWriteInputTokens").asLong()).isEqualTo(500);
    // every token of the call, cached ones included
    assertThat(usage.path("totalTokens").asLong()).isEqualTo(10_000);
    RecordedRequest sent = bedrock.requests().get(0);
    assertThat(sent.path()).isEqualTo("/model/anthropic.claude-3-haiku-20240307-v1:0/converse");
    assertThat(FakeBedrock.texts(sent)).containsExactly("Hi");
  }

  @Test
  void converseStreamSendsEventFramesWithTheUsageLast() throws Exception {
    bedrock.enqueue(FakeBedrock.converseStream(List.of("Hel", "lo!"), BedrockTokens.of(900, 40)));

    HttpResponse<byte[]> r =
        post("/model/m/converse-stream", HttpResponse.BodyHandlers.ofByteArray());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue(FakeBedrock.EVENT_STREAM);
    List<String> types = new ArrayList<>();
    List<JsonNode> payloads = new ArrayList<>();
    ByteBuffer frames = ByteBuffer.wrap(r.body());
    while (frames.hasRemaining()) {
      // decode checks the prelude's and the message's CRCs
      Message m = Message.decode(frames);
      assertThat(m.getHeaders().get(":message-type").getString()).isEqualTo("event");
      types.add(m.getHeaders().get(":event-type").getString());
      payloads.add(JSON.readTree(new String(m.getPayload(), StandardCharsets.UTF_8)));
    }
    assertThat(types)
        .containsExactly(
            "messageStart",
            "contentBlockDelta",
            "contentBlockDelta",
            "contentBlockStop",
            "messageStop",
            "metadata");
    assertThat(payloads.get(1).path("delta").path("text").asText()).isEqualTo("Hel");
    assertThat(payloads.get(5).path("usage").path("outputTokens").asLong()).isEqualTo(40);
    assertThat(payloads.get(5).path("usage").has("cacheReadInputTokens")).isFalse();
  }

  @Test
  void anUnscriptedRequestIsAResourceNotFoundException() throws Exception {
    HttpResponse<String> r = post("/model/m/converse", HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.headers().firstValue("x-amzn-ErrorType")).hasValue("ResourceNotFoundException");
    assertThat(JSON.readTree(r.body()).path("message").asText()).contains("FakeBedrock");
  }
}
