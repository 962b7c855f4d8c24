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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Anthropic fake on the wire, read with the JDK's HTTP client. */
class FakeAnthropicTest {

  static final ObjectMapper JSON = new ObjectMapper();
  final HttpClient http = HttpClient.newHttpClient();
  final FakeAnthropic anthropic = FakeAnthropic.start();

  @AfterEach
  void stop() {
    anthropic.close();
  }

  HttpResponse<String> post(String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(anthropic.baseUrl() + "/v1/messages"))
            .header("x-api-key", "sk-ant-test")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aMessageReportsCacheWritesBySplitAndWebSearches() throws Exception {
    anthropic.enqueue(
        FakeAnthropic.message(
            "msg_01A",
            "claude-sonnet-4-5-20250929",
            "Hello!",
            AnthropicTokens.of(2_095, 503)
                .withCacheReadInputTokens(8_000)
                .withCacheWrite5mInputTokens(600)
                .withCacheWrite1hInputTokens(400)
                .withWebSearchRequests(2)));

    HttpResponse<String> r = post("{\"model\":\"claude-sonnet-4-5\"}");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("request-id")).hasValue("req_011C01A");
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.path("type").asText()).isEqualTo("message");
    assertThat(body.path("content").path(0).path("text").asText()).isEqualTo("Hello!");
    assertThat(body.path("stop_reason").asText()).isEqualTo("end_turn");
    JsonNode usage = body.path("usage");
    assertThat(usage.path("input_tokens").asLong()).isEqualTo(2_095);
    assertThat(usage.path("cache_read_input_tokens").asLong()).isEqualTo(8_000);
    assertThat(usage.path("cache_creation_input_tokens").asLong()).isEqualTo(1_000);
    assertThat(usage.path("cache_creation").path("ephemeral_5m_input_tokens").asLong())
        .isEqualTo(600);
    assertThat(usage.path("cache_creation").path("ephemeral_1h_input_tokens").asLong())
        .isEqualTo(400);
    assertThat(usage.path("server_tool_use").path("web_search_requests").asLong()).isEqualTo(2);
    assertThat(usage.path("output_tokens").asLong()).isEqualTo(503);
    assertThat(anthropic.requests())
        .singleElement()
        .satisfies(
            req -> {
              assertThat(req.path()).isEqualTo("/v1/messages");
              assertThat(req.header("x-api-key")).isEqualTo("sk-ant-test");
            });
  }

  @Test
  void aStreamHasAnthropicsEventsInOrderAndTheFinalOutputTokens() throws Exception {
    anthropic.enqueue(
        FakeAnthropic.messageStream(
            "msg_01S",
            "claude-sonnet-4-5-20250929",
            List.of("Bring", " an umbrella."),
            AnthropicTokens.of(472, 128).withCacheReadInputTokens(3_000)));

    HttpResponse<String> r = post("{\"stream\":true}");

    assertThat(r.headers().firstValue("content-type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("text/event-stream"));
    List<String> names = new ArrayList<>();
    List<JsonNode> data = new ArrayList<>();
    for (String frame : r.body().split("\n\n")) {
      String[] lines = frame.split("\n");
      names.add(lines[0].substring("event: ".length()));
      data.add(JSON.readTree(lines[1].substring("data: ".length())));
    }
    assertThat(names)
        .containsExactly(
            "message_start",
            "content_block_start",
            "ping",
            "content_block_delta",
            "content_block_delta",
            "content_block_stop",
            "message_delta",
            "message_stop");
    for (int i = 0; i < names.size(); i++) {
      assertThat(data.get(i).path("type").asText()).isEqualTo(names.get(i));
    }
    JsonNode startUsage = data.get(0).path("message").path("usage");
    assertThat(startUsage.path("input_tokens").asLong()).isEqualTo(472);
    assertThat(startUsage.path("cache_read_input_tokens").asLong()).isEqualTo(3_000);
    assertThat(startUsage.path("output_tokens").asLong()).isEqualTo(1);
    assertThat(data.get(6).path("usage").path("output_tokens").asLong()).isEqualTo(128);
    assertThat(data.get(6).path("delta").path("stop_reason").asText()).isEqualTo("end_turn");
  }

  @Test
  void errorsHaveTheirStatusAndAnthropicsErrorObject() throws Exception {
    anthropic.enqueue(
        FakeAnthropic.rateLimited(), FakeAnthropic.serverError(), FakeAnthropic.overloaded());

    List<HttpResponse<String>> replies = List.of(post("{}"), post("{}"), post("{}"));

    assertThat(replies).extracting(HttpResponse::statusCode).containsExactly(429, 500, 529);
    assertThat(replies)
        .extracting(r -> JSON.readTree(r.body()).path("error").path("type").asText())
        .containsExactly("rate_limit_error", "api_error", "overloaded_error");
    assertThat(replies)
        .allSatisfy(
            r -> assertThat(JSON.readTree(r.body()).path("type").asText()).isEqualTo("error"));
  }

  @Test
  void anUnscriptedRequestIsANotFoundError() throws Exception {
    HttpResponse<String> r = post("{}");

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(r.body()).path("error").path("type").asText())
        .isEqualTo("not_found_error");
    assertThat(r.body()).contains("POST /v1/messages");
  }
}
