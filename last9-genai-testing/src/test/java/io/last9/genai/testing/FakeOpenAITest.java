/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The OpenAI fake on the wire, read with the JDK's HTTP client. */
class FakeOpenAITest {

  static final ObjectMapper JSON = new ObjectMapper();
  final HttpClient http = HttpClient.newHttpClient();
  final FakeOpenAI openai = FakeOpenAI.start();

  @AfterEach
  void stop() {
    openai.close();
  }

  HttpResponse<String> post(String path, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(openai.baseUrl() + path))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer sk-test")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static List<JsonNode> events(String sse) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String frame : sse.split("\n\n")) {
      assertThat(frame).startsWith("data: ");
      String data = frame.substring("data: ".length());
      if (!data.equals("[DONE]")) {
        out.add(JSON.readTree(data));
      }
    }
    return out;
  }

  @Test
  void aChatCompletionCarriesEveryUsageDetailAndTheRequestIsRecorded() throws Exception {
    openai.enqueue(
        FakeOpenAI.chatCompletion(
            "chatcmpl-1",
            "gpt-4o-2024-08-06",
            "Say \"hi\"",
            OpenAITokens.of(2_000, 150)
                .withCachedTokens(1_536)
                .withReasoningTokens(20)
                .withAudioInputTokens(4)
                .withAudioOutputTokens(6)));

    HttpResponse<String> r = post("/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":[]}");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.path("object").asText()).isEqualTo("chat.completion");
    assertThat(body.path("choices").path(0).path("message").path("content").asText())
        .isEqualTo("Say \"hi\"");
    JsonNode usage = body.path("usage");
    assertThat(usage.path("prompt_tokens").asLong()).isEqualTo(2_000);
    assertThat(usage.path("completion_tokens").asLong()).isEqualTo(150);
    assertThat(usage.path("total_tokens").asLong()).isEqualTo(2_150);
    assertThat(usage.path("prompt_tokens_details").path("cached_tokens").asLong()).isEqualTo(1_536);
    assertThat(usage.path("prompt_tokens_details").path("audio_tokens").asLong()).isEqualTo(4);
    assertThat(usage.path("completion_tokens_details").path("reasoning_tokens").asLong())
        .isEqualTo(20);
    assertThat(usage.path("completion_tokens_details").path("audio_tokens").asLong()).isEqualTo(6);
    RecordedRequest seen = openai.requests().get(0);
    assertThat(seen.method()).isEqualTo("POST");
    assertThat(seen.path()).isEqualTo("/v1/chat/completions");
    assertThat(seen.header("AUTHORIZATION")).isEqualTo("Bearer sk-test");
    assertThat(seen.json().path("model").asText()).isEqualTo("gpt-4o");
    assertThat(openai.pendingReplies()).isZero();
  }

  @Test
  void aToolCallReplyAsksForOneFunctionCallWithItsArgumentsAsAJsonString() throws Exception {
    openai.enqueue(
        FakeOpenAI.chatCompletionToolCall(
            "chatcmpl-t",
            "gpt-4o-2024-08-06",
            "call_Yw3yoXpGD1nbBCOaEXiS0Rsz",
            "currentWeather",
            "{\"city\":\"Paris\"}",
            OpenAITokens.of(82, 17)));

    JsonNode body = JSON.readTree(post("/chat/completions", "{\"tools\":[]}").body());

    JsonNode choice = body.path("choices").path(0);
    assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
    JsonNode message = choice.path("message");
    assertThat(message.path("role").asText()).isEqualTo("assistant");
    assertThat(message.path("content").isNull()).isTrue();
    assertThat(message.path("tool_calls")).hasSize(1);
    JsonNode call = message.path("tool_calls").path(0);
    assertThat(call.path("id").asText()).isEqualTo("call_Yw3yoXpGD1nbBCOaEXiS0Rsz");
    assertThat(call.path("type").asText()).isEqualTo("function");
    assertThat(call.path("function").path("name").asText()).isEqualTo("currentWeather");
    // the arguments travel as a string holding JSON, not as a JSON object
    assertThat(call.path("function").path("arguments").isTextual()).isTrue();
    assertThat(
            JSON.readTree(call.path("function").path("arguments").asText()).path("city").asText())
        .isEqualTo("Paris");
    assertThat(body.path("usage").path("total_tokens").asLong()).isEqualTo(99);
  }

  @Test
  void aStreamSendsTheUsageChunkOnlyWhenTheRequestAsksForIt() throws Exception {
    FakeReply stream =
        FakeOpenAI.chatCompletionStream(
            "chatcmpl-s",
            "gpt-4o-2024-08-06",
            List.of("Hel", "lo"),
            OpenAITokens.of(1_100, 12).withCachedTokens(1_024));
    openai.enqueue(stream, stream);

    String asked =
        post("/chat/completions", "{\"stream\":true,\"stream_options\":{\"include_usage\":true}}")
            .body();
    String notAsked = post("/chat/completions", "{\"stream\":true}").body();

    assertThat(asked).endsWith("data: [DONE]\n\n");
    List<JsonNode> withUsage = events(asked);
    assertThat(withUsage).hasSize(5); // role, 2 deltas, finish, usage
    assertThat(withUsage.get(0).path("choices").path(0).path("delta").path("role").asText())
        .isEqualTo("assistant");
    assertThat(withUsage.get(1).path("choices").path(0).path("delta").path("content").asText())
        .isEqualTo("Hel");
    assertThat(withUsage.get(3).path("choices").path(0).path("finish_reason").asText())
        .isEqualTo("stop");
    assertThat(withUsage.get(3).path("usage").isNull()).isTrue();
    JsonNode last = withUsage.get(4);
    assertThat(last.path("choices").size()).isZero();
    assertThat(last.path("usage").path("prompt_tokens").asLong()).isEqualTo(1_100);
    assertThat(last.path("usage").path("prompt_tokens_details").path("cached_tokens").asLong())
        .isEqualTo(1_024);
    List<JsonNode> withoutUsage = events(notAsked);
    assertThat(withoutUsage).hasSize(4).allSatisfy(e -> assertThat(e.has("usage")).isFalse());
  }

  @Test
  void aStreamedResponseEndsWithTheCompletedResponseAndItsUsage() throws Exception {
    openai.enqueue(
        FakeOpenAI.responseStream(
            "resp_s", "gpt-4o-2024-08-06", List.of("Hel", "lo"), OpenAITokens.of(1_100, 12)));

    String sse = post("/responses", "{\"stream\":true}").body();

    List<String> types = new ArrayList<>();
    List<JsonNode> events = new ArrayList<>();
    for (String frame : sse.split("\n\n")) {
      String[] lines = frame.split("\n");
      assertThat(lines[0]).startsWith("event: ");
      assertThat(lines[1]).startsWith("data: ");
      JsonNode e = JSON.readTree(lines[1].substring("data: ".length()));
      assertThat(e.path("type").asText()).isEqualTo(lines[0].substring("event: ".length()));
      assertThat(e.path("sequence_number").asInt()).isEqualTo(events.size());
      types.add(e.path("type").asText());
      events.add(e);
    }
    assertThat(types)
        .containsExactly(
            "response.created",
            "response.in_progress",
            "response.output_item.added",
            "response.content_part.added",
            "response.output_text.delta",
            "response.output_text.delta",
            "response.output_text.done",
            "response.content_part.done",
            "response.output_item.done",
            "response.completed");
    JsonNode created = events.get(0).path("response");
    assertThat(created.path("status").asText()).isEqualTo("in_progress");
    assertThat(created.path("usage").isNull()).isTrue();
    assertThat(created.path("output").size()).isZero();
    assertThat(events.get(5).path("delta").asText()).isEqualTo("lo");
    JsonNode done = events.get(9).path("response");
    assertThat(done.path("status").asText()).isEqualTo("completed");
    assertThat(done.path("output").path(0).path("content").path(0).path("text").asText())
        .isEqualTo("Hello");
    assertThat(done.path("usage").path("input_tokens").asLong()).isEqualTo(1_100);
    assertThat(done.path("usage").path("output_tokens").asLong()).isEqualTo(12);
  }

  @Test
  void aResponsesCallHasAReasoningItemOnlyWithReasoningTokens() throws Exception {
    openai.enqueue(
        FakeOpenAI.response(
            "resp_1",
            "o4-mini-2025-04-16",
            "42",
            OpenAITokens.of(3_000, 800).withCachedTokens(2_048).withReasoningTokens(512)),
        FakeOpenAI.response("resp_2", "gpt-4o-2024-08-06", "Hi", OpenAITokens.of(10, 3)));

    JsonNode reasoning = JSON.readTree(post("/responses", "{}").body());
    JsonNode plain = JSON.readTree(post("/responses", "{}").body());

    assertThat(reasoning.path("output"))
        .extracting(n -> n.path("type").asText())
        .containsExactly("reasoning", "message");
    assertThat(reasoning.path("usage").path("input_tokens_details").path("cached_tokens").asLong())
        .isEqualTo(2_048);
    assertThat(
            reasoning.path("usage").path("output_tokens_details").path("reasoning_tokens").asLong())
        .isEqualTo(512);
    assertThat(plain.path("output"))
        .extracting(n -> n.path("type").asText())
        .containsExactly("message");
    assertThat(plain.path("output").path(0).path("content").path(0).path("text").asText())
        .isEqualTo("Hi");
  }

  @Test
  void embeddingsHaveTheVectorsAndTokensAsked() throws Exception {
    openai.enqueue(FakeOpenAI.embeddings("text-embedding-3-small", 3, 4, 1_500));

    JsonNode body = JSON.readTree(post("/embeddings", "{}").body());

    assertThat(body.path("data"))
        .hasSize(3)
        .allSatisfy(v -> assertThat(v.path("embedding")).hasSize(4));
    assertThat(body.path("data").path(2).path("index").asInt()).isEqualTo(2);
    assertThat(body.path("usage").path("prompt_tokens").asLong()).isEqualTo(1_500);
  }

  @Test
  void errorsHaveTheirStatusAndOpenAIsErrorObject() throws Exception {
    openai.enqueue(FakeOpenAI.rateLimited(), FakeOpenAI.serverError());

    HttpResponse<String> limited = post("/chat/completions", "{}");
    HttpResponse<String> failed = post("/chat/completions", "{}");

    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(JSON.readTree(limited.body()).path("error").path("code").asText())
        .isEqualTo("rate_limit_exceeded");
    assertThat(failed.statusCode()).isEqualTo(500);
    assertThat(JSON.readTree(failed.body()).path("error").path("type").asText())
        .isEqualTo("server_error");
  }

  @Test
  void anUnscriptedRequestIsA404NamingItThenTheResponderAnswers() throws Exception {
    HttpResponse<String> unscripted = post("/chat/completions", "{}");
    openai.respondWith(
        request -> FakeOpenAI.embeddings(request.json().path("model").asText(), 1, 2, 7));
    HttpResponse<String> answered = post("/embeddings", "{\"model\":\"text-embedding-3-large\"}");

    assertThat(unscripted.statusCode()).isEqualTo(404);
    assertThat(unscripted.body()).contains("POST /v1/chat/completions");
    assertThat(JSON.readTree(answered.body()).path("model").asText())
        .isEqualTo("text-embedding-3-large");
    assertThat(openai.requests()).hasSize(2);
  }

  @Test
  void aHangingReplyNeverAnswersSoTheClientTimesOut() {
    openai.enqueue(FakeReply.hang());

    assertThatThrownBy(
            () ->
                http.send(
                    HttpRequest.newBuilder(URI.create(openai.baseUrl() + "/chat/completions"))
                        .timeout(Duration.ofMillis(200))
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(HttpTimeoutException.class);
    assertThat(openai.requests()).hasSize(1);
  }

  @Test
  void aStalledStreamSendsItsFirstEventsThenWaits() throws Exception {
    openai.enqueue(
        FakeOpenAI.chatCompletionStream("chatcmpl-x", "gpt-4o", List.of("a", "b", "c"), null)
            .stallAfter(2));

    HttpResponse<InputStream> r = streamRequest();
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
      List<String> lines = new ArrayList<>();
      while (lines.size() < 4) { // two events: "data: ..." and a blank line each
        lines.add(in.readLine());
      }
      assertThat(lines.get(0)).contains("\"role\":\"assistant\"");
      assertThat(lines.get(2)).contains("\"content\":\"a\"");
    }
  }

  @Test
  void aPausedStreamSendsTheRestOnceResumed() throws Exception {
    CountDownLatch resume = new CountDownLatch(1);
    openai.enqueue(
        FakeOpenAI.chatCompletionStream("chatcmpl-x", "gpt-4o", List.of("a", "b", "c"), null)
            .pauseAfter(2, resume));

    HttpResponse<InputStream> r = streamRequest();
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
      List<String> lines = new ArrayList<>();
      while (lines.size() < 4) {
        lines.add(in.readLine());
      }
      assertThat(lines.get(2)).contains("\"content\":\"a\"");
      assertThat(in.ready()).as("nothing more until resumed").isFalse();
      resume.countDown();
      String rest = in.lines().collect(Collectors.joining("\n"));
      assertThat(rest).contains("\"content\":\"b\"", "\"content\":\"c\"", "[DONE]");
    }
  }

  private HttpResponse<InputStream> streamRequest() throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(openai.baseUrl() + "/chat/completions"))
            .POST(HttpRequest.BodyPublishers.ofString("{\"stream\":true}"))
            .build(),
        HttpResponse.BodyHandlers.ofInputStream());
  }
}
