/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.ContextSnapshot;
import io.last9.genai.ConversationContext;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.spring.Last9GenAiProperties;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;

/** A WebFlux request as one turn of one conversation, from its headers or from inside it. */
class ConversationRequestWebFilterTest {

  @RegisterExtension final Last9TelemetryExtension otel = Last9TelemetryExtension.create();

  private final List<ContextSnapshot> seen = new ArrayList<>();

  private ConversationRequestWebFilter filter(Span server) {
    return new ConversationRequestWebFilter(
        Last9WebAutoConfiguration.requestHeaders(new Last9GenAiProperties.Web()),
        true,
        0,
        exchange -> server,
        ReactorScopeCarrier.NONE);
  }

  private static MockServerWebExchange request(String conversation, String user) {
    MockServerHttpRequest.BaseBuilder<?> r = MockServerHttpRequest.post("/chat");
    if (conversation != null) {
      r.header("X-Conversation-Id", conversation);
    }
    if (user != null) {
      r.header("X-User-Id", user);
    }
    return MockServerWebExchange.from(r);
  }

  @Test
  void theRestOfTheChainRunsInAOneTurnConversationAndTheServerSpanGetsItsIds() {
    Span server = otel.tracer().spanBuilder("http post /chat").startSpan();
    filter(server)
        .filter(
            request("conv-9", "user-9"),
            exchange ->
                Mono.fromRunnable(
                    () -> {
                      seen.add(ContextSnapshot.current());
                      // two model calls answering one request: one turn
                      otel.startAndEndSpan(
                          "chat a",
                          io.opentelemetry.api.common.Attributes.of(
                              GenAiAttributes.OPERATION_NAME, "chat"));
                      otel.startAndEndSpan(
                          "chat b",
                          io.opentelemetry.api.common.Attributes.of(
                              GenAiAttributes.OPERATION_NAME, "chat"));
                    }))
        // as Spring's server observation does: the span ends when the completion reaches it
        .doOnSuccess(done -> server.end())
        .block();

    assertThat(seen)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.conversationId()).contains("conv-9");
              assertThat(s.userId()).contains("user-9");
            });
    assertThat(otel.span("chat a").getAttributes().get(GenAiAttributes.CONVERSATION_TURN))
        .isEqualTo(1L);
    assertThat(otel.span("chat b").getAttributes().get(GenAiAttributes.CONVERSATION_TURN))
        .isEqualTo(1L);
    SpanData s = otel.span("http post /chat");
    assertThat(s.getAttributes().get(GenAiAttributes.CONVERSATION_ID)).isEqualTo("conv-9");
    assertThat(s.getAttributes().get(GenAiAttributes.USER_ID)).isEqualTo("user-9");
    assertThat(s.getAttributes().get(GenAiAttributes.CONVERSATION_TURN)).isEqualTo(1L);
    // the scope is closed once the chain has been subscribed
    assertThat(ContextSnapshot.current().isEmpty()).isTrue();
  }

  /** What the chat memory advisor does: the conversation is named inside the request. */
  @Test
  void aConversationOpenedInsideTheRequestIsItsOneTurnAndTheServerSpansToo() {
    Span server = otel.tracer().spanBuilder("http post /chat").startSpan();
    ConversationRequestWebFilter filter =
        new ConversationRequestWebFilter(
            null, true, 0, exchange -> server, ReactorScopeCarrier.NONE);
    filter
        .filter(
            request(null, "user-ignored"),
            exchange ->
                Mono.fromRunnable(
                    () -> {
                      for (String name : List.of("chat a", "chat b")) {
                        try (ConversationContext c =
                            ConversationContext.builder("memory-1").singleTurn().start()) {
                          otel.startAndEndSpan(
                              name,
                              io.opentelemetry.api.common.Attributes.of(
                                  GenAiAttributes.OPERATION_NAME, "chat"));
                        }
                      }
                    }))
        .doOnSuccess(done -> server.end())
        .block();
    assertThat(otel.values(GenAiAttributes.CONVERSATION_TURN)).containsOnly(1L);
    SpanData s = otel.span("http post /chat");
    assertThat(s.getAttributes().get(GenAiAttributes.CONVERSATION_ID)).isEqualTo("memory-1");
    assertThat(s.getAttributes().get(GenAiAttributes.CONVERSATION_TURN)).isEqualTo(1L);
    // headers are not read: the user header is not the request's user
    assertThat(otel.values(GenAiAttributes.USER_ID)).isEmpty();
  }

  @Test
  void aRequestWithoutTheHeaderRunsWithoutAConversation() {
    filter(null)
        .filter(
            request(null, "user-9"),
            exchange -> Mono.fromRunnable(() -> seen.add(ContextSnapshot.current())))
        .block();
    assertThat(seen).singleElement().satisfies(s -> assertThat(s.isEmpty()).isTrue());
  }
}
