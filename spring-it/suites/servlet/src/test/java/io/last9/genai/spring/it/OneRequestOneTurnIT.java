/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.it;

import static io.last9.genai.spring.it.ChatSpans.TURN;
import static io.last9.genai.spring.it.ChatSpans.USER_ID;
import static io.last9.genai.spring.it.ChatSpans.chatSpans;
import static io.last9.genai.spring.it.ChatSpans.httpClientSpans;
import static io.last9.genai.spring.it.ChatSpans.names;
import static io.last9.genai.spring.it.ChatSpans.ofKind;
import static io.last9.genai.spring.it.SpringAiTracingIT.embeddingSpans;
import static io.last9.genai.spring.it.SpringAiTracingIT.toolSpans;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * One request, one conversation, one turn, on every span: the server span, Spring AI's chat client,
 * advisor, chat, tool and HTTP client spans of a request carry the same conversation id, user id
 * and turn, in the request's trace, whether the conversation comes from the request's headers, a
 * scope the controller opens, or Spring AI's chat memory, streamed or not.
 */
@ChatServiceTest
class OneRequestOneTurnIT extends ChatServiceTestBase {

  static final AttributeKey<String> SPRING_AI_KIND = AttributeKey.stringKey("spring.ai.kind");

  @Test
  void aStreamedCallWithDefaultOptionsIsOneTurnOnEverySpan() throws Exception {
    String conversation = "conv-" + UUID.randomUUID();
    for (int i = 0; i < 2; i++) {
      assertThat(post("/stream", conversation, "user-21", "Stream it", Map.of()))
          .isEqualTo("It will rain.");
    }
    assertRequestsAreTurns(conversation, "user-21", 2, 1, 0);
  }

  @Test
  void aStreamedChatMemoryCallIsOneTurnOfTheMemoryConversationAndKeepsTheRequestsUser()
      throws Exception {
    String memory = "memory-" + UUID.randomUUID();
    for (int i = 0; i < 2; i++) {
      assertThat(
              post("/memory-stream", null, "user-22", "Stream it", Map.of("X-Memory-Id", memory)))
          .isEqualTo("It will rain.");
    }
    assertRequestsAreTurns(memory, "user-22", 2, 1, 0);
  }

  @Test
  void aChatMemoryCallWithoutHeadersIsOneTurnOfTheMemoryConversation() throws Exception {
    String memory = "memory-" + UUID.randomUUID();
    for (int i = 0; i < 2; i++) {
      post("/memory-call", null, null, "Remember me", Map.of("X-Memory-Id", memory));
    }
    assertRequestsAreTurns(memory, null, 2, 1, 0);
  }

  @Test
  void aToolLoopUnderAControllerScopeIsOneTurnOnEverySpan() throws Exception {
    String conversation = "app-" + UUID.randomUUID();
    Map<String, String> scope = Map.of("X-App-Conversation", conversation, "X-App-User", "user-23");
    for (int i = 0; i < 2; i++) {
      assertThat(post("/scoped-tool", null, null, "Umbrella in Paris?", scope))
          .isEqualTo("It will rain tomorrow.");
    }
    assertRequestsAreTurns(conversation, "user-23", 2, 2, 1);
  }

  @Test
  void anEmbeddingAnObservedMethodAndAChatCallUnderAControllerScopeAreOneTurn() throws Exception {
    String conversation = "app-" + UUID.randomUUID();
    Map<String, String> scope = Map.of("X-App-Conversation", conversation, "X-App-User", "user-26");
    for (int i = 0; i < 2; i++) {
      post("/scoped-rag", null, null, "Umbrella in Paris?", scope);
    }
    assertRequestsAreTurns(conversation, "user-26", 2, 1, 0);
    List<SpanData> ofConversation = spans.ofConversation(conversation, s -> true);
    assertThat(embeddingSpans(ofConversation)).as(names(ofConversation).toString()).hasSize(2);
    assertThat(ofConversation).filteredOn(s -> s.getName().equals("forecast_pipeline")).hasSize(2);
  }

  @Test
  void aStreamedCallUnderAControllerScopeIsOneTurnOnEverySpan() throws Exception {
    String conversation = "app-" + UUID.randomUUID();
    Map<String, String> scope = Map.of("X-App-Conversation", conversation, "X-App-User", "user-24");
    for (int i = 0; i < 2; i++) {
      assertThat(post("/scoped-stream", null, null, "Stream it", scope)).isEqualTo("It will rain.");
    }
    assertRequestsAreTurns(conversation, "user-24", 2, 1, 0);
  }

  @Test
  void theRequestsConversationWinsOverADifferentChatMemoryIdAndKeepsItsUser() throws Exception {
    String conversation = "conv-" + UUID.randomUUID();
    String memory = "memory-" + UUID.randomUUID();
    post("/memory-call", conversation, "user-25", "Remember me", Map.of("X-Memory-Id", memory));
    post("/memory-stream", conversation, "user-25", "Stream it", Map.of("X-Memory-Id", memory));
    assertRequestsAreTurns(conversation, "user-25", 2, 1, 0);
    assertThat(spans.all())
        .as("no span names the memory id as its conversation")
        .noneSatisfy(
            s ->
                assertThat(s.getAttributes().get(ExportedSpans.CONVERSATION_ID)).isEqualTo(memory));
  }

  private String post(
      String path, String conversation, String user, String body, Map<String, String> headers)
      throws Exception {
    return ChatRequests.post(port, path, conversation, user, headers, body);
  }

  /**
   * The {@code requests} requests of {@code conversation} are its turns 1 to {@code requests}, one
   * trace each; every span of each request's trace (each of {@code chats} chat spans priced, its
   * {@code tools} tool spans, the HTTP client spans, the chat client and advisor spans, the server
   * span) carries the conversation, {@code user} (none when {@code null}) and the request's turn;
   * and every span of the conversation is in one of those traces.
   */
  private void assertRequestsAreTurns(
      String conversation, String user, int requests, int chats, int tools) {
    List<SpanData> ofConversation =
        spans.ofConversation(
            conversation,
            s ->
                ExportedSpans.serverSpans(requests).test(s)
                    && chatSpans(s).size() >= requests * chats);
    List<SpanData> servers = ofKind(ofConversation, SpanKind.SERVER);
    Set<String> traces = servers.stream().map(SpanData::getTraceId).collect(Collectors.toSet());
    assertThat(traces).as(names(ofConversation).toString()).hasSize(requests);

    Set<Long> turns = new TreeSet<>();
    List<SpanData> ofRequests = new ArrayList<>();
    for (String trace : traces) {
      List<SpanData> request =
          spans.ofTrace(
              trace,
              t ->
                  chatSpans(t).size() == chats
                      && httpClientSpans(t).size() >= chats
                      && toolSpans(t).size() == tools
                      && !ofSpringAiKind(t, "chat_client").isEmpty());
      assertThat(chatSpans(request)).as(names(request).toString()).hasSize(chats);
      assertThat(toolSpans(request)).hasSize(tools);
      assertThat(httpClientSpans(request)).hasSizeGreaterThanOrEqualTo(chats);
      assertThat(ofSpringAiKind(request, "chat_client")).isNotEmpty();
      assertThat(ofSpringAiKind(request, "advisor")).isNotEmpty();
      Long turn = ofKind(request, SpanKind.SERVER).get(0).getAttributes().get(TURN);
      assertThat(turn).as("the server span's turn").isNotNull();
      turns.add(turn);
      for (SpanData s : request) {
        String what = s.getName() + " (" + s.getKind() + ") " + s.getAttributes();
        assertThat(s.getAttributes().get(ExportedSpans.CONVERSATION_ID))
            .as(what)
            .isEqualTo(conversation);
        assertThat(s.getAttributes().get(USER_ID)).as(what).isEqualTo(user);
        assertThat(s.getAttributes().get(TURN)).as(what).isEqualTo(turn);
      }
      chatSpans(request).forEach(ChatSpans::assertPriced);
      ofRequests.addAll(request);
    }
    assertThat(turns).as("one turn per request").containsExactly(turnsUpTo(requests));
    assertThat(ofConversation)
        .as("every span of the conversation is in one of its requests' traces")
        .allSatisfy(s -> assertThat(traces).contains(s.getTraceId()));
  }

  private static Long[] turnsUpTo(int n) {
    Long[] turns = new Long[n];
    for (int i = 0; i < n; i++) {
      turns[i] = i + 1L;
    }
    return turns;
  }

  private static List<SpanData> ofSpringAiKind(List<SpanData> spans, String kind) {
    return spans.stream()
        .filter(s -> kind.equals(s.getAttributes().get(SPRING_AI_KIND)))
        .collect(Collectors.toList());
  }
}
