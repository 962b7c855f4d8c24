/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import static io.last9.genai.GenAiAttributes.CONVERSATION_ID;
import static io.last9.genai.GenAiAttributes.CONVERSATION_TURN;
import static io.last9.genai.GenAiAttributes.USER_ID;
import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.internal.RequestFrame;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One inbound request is one turn of one conversation, whichever scope names the conversation and
 * whenever it does: the spans a framework starts before the id is known, and those it starts after
 * the scope closed, get the same ids and turn as the spans inside the scope.
 */
class RequestFrameTest {

  @RegisterExtension final Last9TelemetryExtension otel = Last9TelemetryExtension.create();

  /** Runs {@code body} as one request of a framework that opens a frame before its server span. */
  private void request(String userHeader, Runnable body) {
    RequestFrame frame = new RequestFrame(userHeader);
    try (Scope s = frame.storeIn(Context.current()).makeCurrent()) {
      Span server = otel.tracer().spanBuilder("server").startSpan();
      try (Scope inServer = server.makeCurrent()) {
        body.run();
      } finally {
        server.end();
      }
    } finally {
      frame.close();
    }
  }

  private void chat() {
    FakeLlm.instrumentedChat(otel.tracer(), "gpt-4o", 10, 5);
  }

  @Test
  void spansStartedBeforeAndAfterTheScopeTakeItsIdsAndTurn() {
    for (int i = 0; i < 2; i++) {
      request(
          "u-header",
          () -> {
            Span client = otel.tracer().spanBuilder("chat_client").startSpan();
            try (Scope c = client.makeCurrent()) {
              try (ConversationContext conv = ConversationContext.builder("conv-1").start()) {
                chat();
                otel.startAndEndSpan("tool");
                chat();
              }
              // a streamed call's HTTP span, started after the scope closed
              otel.startAndEndSpan("http_client");
            } finally {
              client.end();
            }
          });
    }
    List<SpanData> spans = otel.spans();
    assertThat(spans).hasSize(12);
    assertThat(spans)
        .allSatisfy(
            s -> {
              assertThat(s.getAttributes().get(CONVERSATION_ID))
                  .as(s.getName())
                  .isEqualTo("conv-1");
              assertThat(s.getAttributes().get(USER_ID)).as(s.getName()).isEqualTo("u-header");
            });
    assertThat(spans.subList(0, 6))
        .extracting(s -> s.getAttributes().get(CONVERSATION_TURN))
        .containsOnly(1L);
    assertThat(spans.subList(6, 12))
        .extracting(s -> s.getAttributes().get(CONVERSATION_TURN))
        .containsOnly(2L);
  }

  @Test
  void aScopesOwnUserIdWinsOverTheRequests() {
    request(
        "u-header",
        () -> {
          try (ConversationContext conv =
              ConversationContext.builder("conv-2").userId("u-app").start()) {
            chat();
          }
          otel.startAndEndSpan("after");
        });
    assertThat(otel.values(USER_ID)).containsOnly("u-app");
  }

  @Test
  void anotherConversationInsideTheRequestKeepsItsOwnIdsAndDoesNotBindIt() {
    request(
        null,
        () -> {
          try (ConversationContext first = ConversationContext.builder("conv-a").start()) {
            otel.startAndEndSpan("in_a");
          }
          try (ConversationContext other = ConversationContext.builder("conv-b").start()) {
            otel.startAndEndSpan("in_b");
          }
          otel.startAndEndSpan("after");
        });
    assertThat(otel.span("in_b").getAttributes().get(CONVERSATION_ID)).isEqualTo("conv-b");
    assertThat(otel.span("after").getAttributes().get(CONVERSATION_ID)).isEqualTo("conv-a");
    assertThat(otel.span("server").getAttributes().get(CONVERSATION_ID)).isEqualTo("conv-a");
  }

  @Test
  void anExplicitTurnBindsTheRequestToThatTurn() {
    request(
        null,
        () -> {
          try (ConversationContext conv = ConversationContext.builder("conv-3").turn(7).start()) {
            chat();
          }
          otel.startAndEndSpan("after");
        });
    assertThat(otel.values(CONVERSATION_TURN)).containsOnly(7L);
    assertThat(otel.spans()).hasSize(3);
  }

  @Test
  void aRequestNoConversationBindsStampsNothing() {
    request("u-header", () -> otel.startAndEndSpan("plain"));
    assertThat(otel.spans())
        .allSatisfy(s -> assertThat(s.getAttributes().get(CONVERSATION_ID)).isNull());
    assertThat(otel.values(USER_ID)).isEmpty();
    assertThat(ContextSnapshot.current().isEmpty()).isTrue();
  }

  @Test
  void aFrameIsNoScopeForTheSnapshot() {
    RequestFrame frame = new RequestFrame("u");
    try (Scope s = frame.storeIn(Context.current()).makeCurrent()) {
      assertThat(ContextSnapshot.current().isEmpty()).isTrue();
      assertThat(RequestFrame.conversationIn(Context.current())).isNull();
      try (ConversationContext conv = ConversationContext.builder("conv-4").start()) {
        assertThat(ContextSnapshot.current().userId()).contains("u");
      }
      assertThat(RequestFrame.conversationIn(Context.current())).isEqualTo("conv-4");
    } finally {
      frame.close();
    }
  }

  @Test
  void atMostABoundedNumberOfSpansWaitForTheBinding() {
    List<Span> early = new ArrayList<>();
    request(
        null,
        () -> {
          for (int i = 0; i < 40; i++) {
            early.add(otel.tracer().spanBuilder("early").startSpan());
          }
          try (ConversationContext conv = ConversationContext.builder("conv-5").start()) {
            chat();
          }
          early.forEach(Span::end);
        });
    long stamped =
        otel.spans("early").stream()
            .filter(s -> "conv-5".equals(s.getAttributes().get(CONVERSATION_ID)))
            .count();
    // the server span waits too
    assertThat(stamped).isEqualTo(31);
  }

  @Test
  void spansThatEndedBeforeTheBindingAreLeftAsTheyWere() {
    request(
        null,
        () -> {
          otel.startAndEndSpan("auth");
          try (ConversationContext conv = ConversationContext.builder("conv-6").start()) {
            chat();
          }
        });
    assertThat(otel.span("auth").getAttributes().get(CONVERSATION_ID)).isNull();
    assertThat(otel.span("server").getAttributes().get(CONVERSATION_ID)).isEqualTo("conv-6");
  }

  @Test
  void aClosedRequestHoldsNoWaitingSpans() {
    RequestFrame frame = new RequestFrame(null);
    try (Scope s = frame.storeIn(Context.current()).makeCurrent()) {
      Span span = otel.tracer().spanBuilder("waiting").startSpan();
      frame.close();
      assertThat(frame.bind("conv-7", null, 0)).isNotNull();
      assertThat(frame.takeWaiting()).isNull();
      span.end();
    }
    assertThat(otel.span("waiting").getAttributes().get(CONVERSATION_ID)).isNull();
  }
}
