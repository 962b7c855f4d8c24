/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.it;

import static io.last9.genai.spring.it.ChatSpans.TURN;
import static io.last9.genai.spring.it.ChatSpans.USER_ID;
import static io.last9.genai.spring.it.ChatSpans.assertClientSpanOfRequest;
import static io.last9.genai.spring.it.ChatSpans.assertNoConversation;
import static io.last9.genai.spring.it.ChatSpans.assertPriced;
import static io.last9.genai.spring.it.ChatSpans.assertWorkflowOfTwoPricedCalls;
import static io.last9.genai.spring.it.ChatSpans.chatSpans;
import static io.last9.genai.spring.it.ChatSpans.concat;
import static io.last9.genai.spring.it.ChatSpans.ofKind;
import static io.last9.genai.spring.it.ChatSpans.ofTrace;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * A WebFlux application on Netty with Spring AI's real OpenAI chat model against a loopback
 * OpenAI-compatible server and Boot's tracing: the header filter's conversation reaches the server
 * span, the chat spans and the HTTP client spans of each request, across the threads a reactive
 * request runs on.
 */
@ReactiveChatServiceTest
@TestPropertySource(
    properties = {"spring.reactor.context-propagation=auto", "last9.genai.web.enabled=true"})
class ReactiveTracingIT extends ChatServiceTestBase {

  @Test
  void twoRequestsOfOneConversationAreTurnsOneAndTwoOnEverySpan() throws Exception {
    String conversation = "conv-" + UUID.randomUUID();
    assertThat(post("/chat", conversation, "user-42", "What's the weather in SF?"))
        .isEqualTo("It will rain tomorrow.");
    assertThat(post("/stream", conversation, "user-42", "Will I need an umbrella?"))
        .isEqualTo("It will rain.");

    List<SpanData> exported =
        spans.ofConversation(
            conversation, s -> ExportedSpans.serverSpans(2).test(s) && chatSpans(s).size() == 2);
    List<SpanData> servers = ofKind(exported, SpanKind.SERVER);
    assertThat(servers.stream().map(s -> s.getAttributes().get(TURN)).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(1L, 2L);
    List<SpanData> chats = chatSpans(exported);
    assertThat(chats).hasSize(2);
    // one call blocking, one streamed: Spring AI 1.1 on Boot 3.5 makes an HTTP client span only of
    // the streamed one (Boot configures no RestClient.Builder in a WebFlux application), Spring AI
    // 2.0 of both (the streamed one in the request's trace through the starter's client wrapper)
    List<SpanData> clients = ofKind(exported, SpanKind.CLIENT);
    assertThat(clients).as("HTTP client spans of the calls to OpenAI").isNotEmpty();
    for (SpanData s : concat(servers, chats, clients)) {
      assertThat(s.getAttributes().get(USER_ID)).as(s.getName()).isEqualTo("user-42");
    }
    // each request's spans, whichever thread made them, share its server span's trace and turn
    for (SpanData server : servers) {
      long turn = server.getAttributes().get(TURN);
      List<SpanData> trace = ofTrace(spans.all(), server.getTraceId());
      assertThat(chatSpans(trace)).hasSize(1);
      assertThat(trace)
          .allSatisfy(
              s -> {
                assertThat(s.getAttributes().get(ExportedSpans.CONVERSATION_ID))
                    .as(s.getName())
                    .isEqualTo(conversation);
                assertThat(s.getAttributes().get(TURN)).as(s.getName()).isEqualTo(turn);
              });
    }
    for (SpanData chat : chats) {
      assertPriced(chat);
    }
  }

  @Test
  void aStreamingCallIsPricedInTheRequestsTurn() throws Exception {
    String conversation = "conv-" + UUID.randomUUID();
    assertThat(post("/stream", conversation, "user-9", "Stream me the forecast"))
        .isEqualTo("It will rain.");

    List<SpanData> exported =
        spans.ofConversation(
            conversation, s -> ExportedSpans.serverSpans(1).test(s) && !chatSpans(s).isEmpty());
    List<SpanData> chats = chatSpans(exported);
    assertThat(chats).hasSize(1);
    assertPriced(chats.get(0));
    assertThat(chats.get(0).getAttributes().get(TURN)).isEqualTo(1L);
    assertThat(chats.get(0).getAttributes().get(USER_ID)).isEqualTo("user-9");
    SpanData server = ofKind(exported, SpanKind.SERVER).get(0);
    assertThat(server.getAttributes().get(TURN)).isEqualTo(1L);
    assertThat(chats.get(0).getTraceId()).isEqualTo(server.getTraceId());
  }

  @Test
  void aStreamedCallsHttpClientSpanIsInTheRequestsTraceWithItsIds() throws Exception {
    String conversation = "conv-" + UUID.randomUUID();
    String marker = "client span " + conversation;
    assertThat(post("/stream", conversation, "user-15", "Stream the " + marker))
        .isEqualTo("It will rain.");

    List<SpanData> exported =
        spans.ofConversation(
            conversation, s -> ExportedSpans.serverSpans(1).test(s) && !chatSpans(s).isEmpty());
    SpanData server = ofKind(exported, SpanKind.SERVER).get(0);
    assertClientSpanOfRequest(spans, server, OPENAI.chatRequestContaining(marker));
  }

  @Test
  void aStreamedChatMemoryCallIsOneTurnOfTheMemoryConversationOnEverySpan() throws Exception {
    String memory = "memory-" + UUID.randomUUID();
    for (int i = 0; i < 2; i++) {
      assertThat(
              ChatRequests.post(
                  port, "/memory-stream", null, "user-16", Map.of("X-Memory-Id", memory), "Stream"))
          .isEqualTo("It will rain.");
    }
    List<SpanData> exported =
        spans.ofConversation(
            memory, s -> ExportedSpans.serverSpans(2).test(s) && chatSpans(s).size() == 2);
    List<SpanData> servers = ofKind(exported, SpanKind.SERVER);
    assertThat(servers.stream().map(s -> s.getAttributes().get(TURN)).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(1L, 2L);
    for (SpanData server : servers) {
      long turn = server.getAttributes().get(TURN);
      List<SpanData> trace = ofTrace(spans.all(), server.getTraceId());
      assertThat(chatSpans(trace)).hasSize(1);
      assertPriced(chatSpans(trace).get(0));
      assertThat(trace)
          .as("the server, chat client, advisor, chat and HTTP client spans")
          .hasSizeGreaterThanOrEqualTo(4)
          .allSatisfy(
              s -> {
                assertThat(s.getAttributes().get(ExportedSpans.CONVERSATION_ID))
                    .as(s.getName())
                    .isEqualTo(memory);
                assertThat(s.getAttributes().get(USER_ID)).as(s.getName()).isEqualTo("user-16");
                assertThat(s.getAttributes().get(TURN)).as(s.getName()).isEqualTo(turn);
              });
    }
  }

  @Test
  void twoLlmCallsAnsweringOneRequestAreOneTurn() throws Exception {
    String conversation = "conv-" + UUID.randomUUID();
    post("/rewrite-and-answer", conversation, "user-5", "weather tomorrow");
    post("/rewrite-and-answer", conversation, "user-5", "and the day after");

    List<SpanData> exported =
        spans.ofConversation(
            conversation, s -> ExportedSpans.serverSpans(2).test(s) && chatSpans(s).size() == 4);
    List<SpanData> chats = chatSpans(exported);
    assertThat(chats).hasSize(4);
    for (SpanData server : ofKind(exported, SpanKind.SERVER)) {
      long turn = server.getAttributes().get(TURN);
      assertThat(chatSpans(ofTrace(exported, server.getTraceId())))
          .hasSize(2)
          .allSatisfy(chat -> assertThat(chat.getAttributes().get(TURN)).isEqualTo(turn));
    }
    assertThat(chats.stream().map(s -> s.getAttributes().get(TURN)).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(1L, 2L);
    for (SpanData chat : chats) {
      assertPriced(chat);
    }
  }

  @Test
  void aWorkflowInBlockingCodeOnTheBoundedElasticSchedulerIsTheParentOfItsChatSpans()
      throws Exception {
    String conversation = "conv-" + UUID.randomUUID();
    post("/workflow", conversation, "user-7", "weather tomorrow");

    List<SpanData> exported =
        spans.ofConversation(
            conversation, s -> ExportedSpans.serverSpans(1).test(s) && chatSpans(s).size() == 2);
    SpanData workflow = assertWorkflowOfTwoPricedCalls(exported);
    for (SpanData chat : chatSpans(exported)) {
      assertThat(chat.getAttributes().get(TURN)).isEqualTo(1L);
    }
    assertThat(workflow.getAttributes().get(TURN)).isEqualTo(1L);
    assertThat(workflow.getAttributes().get(USER_ID)).isEqualTo("user-7");
  }

  @Test
  void aConversationHeaderOverTheLengthLimitIsNotTaken() throws Exception {
    String tag = "long-" + UUID.randomUUID();
    String conversation = "conv-" + "x".repeat(200);
    post("/chat/" + tag, conversation, "user-long", "Hello");

    List<SpanData> trace = traceOf(tag);
    assertThat(chatSpans(trace)).hasSize(1);
    assertNoConversation(trace);
  }

  @Test
  void aConversationHeaderWithAControlCharacterIsNotTaken() throws Exception {
    String tag = "control-" + UUID.randomUUID();
    post("/chat/" + tag, "conv\tinjected", "user-tab", "Hello");

    List<SpanData> trace = traceOf(tag);
    assertThat(chatSpans(trace)).hasSize(1);
    assertNoConversation(trace);
  }

  @Test
  void aUserHeaderOverTheLengthLimitIsDroppedButTheConversationIsKept() throws Exception {
    String conversation = "conv-" + UUID.randomUUID();
    post("/chat", conversation, "user-" + "y".repeat(200), "Hello");

    List<SpanData> exported =
        spans.ofConversation(
            conversation, s -> ExportedSpans.serverSpans(1).test(s) && !chatSpans(s).isEmpty());
    assertThat(chatSpans(exported)).hasSize(1);
    assertThat(exported)
        .allSatisfy(s -> assertThat(s.getAttributes().get(USER_ID)).as(s.getName()).isNull());
  }

  /** The spans of the request whose path holds {@code tag}, once its chat span is exported. */
  private List<SpanData> traceOf(String tag) {
    return spans.ofRequest(tag, s -> !chatSpans(s).isEmpty());
  }
}
