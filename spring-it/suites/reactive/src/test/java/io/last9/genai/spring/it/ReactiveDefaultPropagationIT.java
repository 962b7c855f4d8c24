/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.it;

import static io.last9.genai.spring.it.ChatSpans.TURN;
import static io.last9.genai.spring.it.ChatSpans.USER_ID;
import static io.last9.genai.spring.it.ChatSpans.assertPriced;
import static io.last9.genai.spring.it.ChatSpans.chatSpans;
import static io.last9.genai.spring.it.ChatSpans.ofKind;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The WebFlux application on Boot's default Reactor context propagation ({@code limited}: nothing
 * restores thread locals on the threads a request hops to). Spring AI's streaming calls read their
 * parent observation from the Reactor context, where the header filter leaves the conversation.
 */
@ReactiveChatServiceTest
@TestPropertySource(properties = {"last9.genai.web.enabled=true"})
class ReactiveDefaultPropagationIT extends ChatServiceTestBase {

  @Test
  void twoStreamedRequestsOfOneConversationAreTurnsOneAndTwo() throws Exception {
    String conversation = "conv-" + UUID.randomUUID();
    assertThat(post("/stream", conversation, "user-3", "Stream me the forecast"))
        .isEqualTo("It will rain.");
    post("/stream", conversation, "user-3", "And tomorrow?");

    List<SpanData> exported =
        spans.ofConversation(
            conversation, s -> ExportedSpans.serverSpans(2).test(s) && chatSpans(s).size() == 2);
    List<SpanData> chats = chatSpans(exported);
    assertThat(chats).hasSize(2);
    for (SpanData server : ofKind(exported, SpanKind.SERVER)) {
      long turn = server.getAttributes().get(TURN);
      assertThat(chats)
          .filteredOn(c -> c.getTraceId().equals(server.getTraceId()))
          .singleElement()
          .satisfies(
              chat -> {
                assertThat(chat.getAttributes().get(TURN)).isEqualTo(turn);
                assertThat(chat.getAttributes().get(USER_ID)).isEqualTo("user-3");
                assertPriced(chat);
              });
    }
    assertThat(chats)
        .extracting(c -> c.getAttributes().get(TURN))
        .containsExactlyInAnyOrder(1L, 2L);
  }
}
