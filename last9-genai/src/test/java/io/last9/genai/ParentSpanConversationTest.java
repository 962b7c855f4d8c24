/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import static io.last9.genai.GenAiAttributes.CONVERSATION_ID;
import static io.last9.genai.GenAiAttributes.CONVERSATION_TURN;
import static io.last9.genai.GenAiAttributes.USER_ID;
import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A span started on a thread the caller's context did not reach, parented on a conversation's span
 * alone (what Reactor's HTTP client does under a streamed chat span), is still in the conversation.
 */
class ParentSpanConversationTest {

  @RegisterExtension final Last9TelemetryExtension otel = Last9TelemetryExtension.create();

  @Test
  void aSpanParentedOnAConversationsSpanAloneTakesItsIdsAndTurn() throws Exception {
    Span chat;
    try (ConversationContext c = ConversationContext.builder("conv").userId("u").turn(3).start()) {
      chat = otel.tracer().spanBuilder("chat").startSpan();
    }
    Context onlyTheSpan = Context.root().with(chat);
    ExecutorService elsewhere = Executors.newSingleThreadExecutor();
    try {
      elsewhere
          .submit(() -> otel.tracer().spanBuilder("http").setParent(onlyTheSpan).startSpan().end())
          .get(10, TimeUnit.SECONDS);
    } finally {
      elsewhere.shutdownNow();
    }
    chat.end();
    assertThat(otel.span("http").getAttributes().get(CONVERSATION_ID)).isEqualTo("conv");
    assertThat(otel.span("http").getAttributes().get(USER_ID)).isEqualTo("u");
    assertThat(otel.span("http").getAttributes().get(CONVERSATION_TURN)).isEqualTo(3L);
  }

  @Test
  void aSpanUnderASpanOfNoConversationGetsNothing() {
    try (ConversationContext c = ConversationContext.builder("conv").start()) {
      otel.startAndEndSpan("in");
    }
    Span plain = otel.tracer().spanBuilder("plain").startSpan();
    otel.tracer().spanBuilder("child").setParent(Context.root().with(plain)).startSpan().end();
    plain.end();
    assertThat(otel.span("child").getAttributes().get(CONVERSATION_ID)).isNull();
  }
}
