/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import static io.last9.genai.GenAiAttributes.CONVERSATION_ID;
import static io.last9.genai.GenAiAttributes.CONVERSATION_TURN;
import static io.last9.genai.GenAiAttributes.WORKFLOW_ID;
import static io.last9.genai.GenAiAttributes.WORKFLOW_LLM_CALLS;
import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.observe.GenAiObservation;
import io.last9.genai.pricing.ModelPricing;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Turns for the ways real instrumentations make spans: a conversation scope declared one turn (a
 * request), a GenAI span recognisable only when it ends (Spring AI's, written by Micrometer when
 * the observation stops), and spans started from an explicit parent context that lacks the scopes
 * (Micrometer's bridge).
 */
class TurnRecognitionTest {

  @RegisterExtension
  final Last9TelemetryExtension otel =
      Last9TelemetryExtension.builder()
          .pricing(Map.of("gpt-4o", ModelPricing.of(2.50, 10.0)))
          .build();

  /** A span started with no name or attributes, which says what it is only when it ends. */
  private Span springAiStyleChat() {
    return otel.tracer().spanBuilder("").startSpan();
  }

  private static void endAsChat(Span span, long in, long out) {
    span.updateName("chat gpt-4o");
    span.setAttribute(GenAiAttributes.OPERATION_NAME, "chat");
    span.setAttribute(GenAiAttributes.REQUEST_MODEL, "gpt-4o");
    span.setAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, in);
    span.setAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, out);
    span.end();
  }

  @Test
  void aConversationDeclaredOneTurnNumbersEverythingInsideAlike() {
    for (int request = 0; request < 2; request++) {
      try (ConversationContext c = ConversationContext.builder("conv").singleTurn().start()) {
        otel.tracer().spanBuilder("server").startSpan().end();
        GenAiObservation.llm("moderate").openTelemetry(otel.openTelemetry()).run(() -> {});
        GenAiObservation.llm("answer").openTelemetry(otel.openTelemetry()).run(() -> {});
      }
    }
    assertThat(otel.values(CONVERSATION_TURN)).containsExactly(1L, 1L, 1L, 2L, 2L, 2L);
  }

  @Test
  void aChatSpanRecognisableOnlyWhenItEndsTakesTheNextTurn() {
    try (ConversationContext c = ConversationContext.builder("conv").start()) {
      endAsChat(springAiStyleChat(), 100, 10);
      endAsChat(springAiStyleChat(), 100, 10);
      otel.tracer().spanBuilder("not a model call").startSpan().end();
    }
    assertThat(otel.spans("chat gpt-4o"))
        .extracting(s -> s.getAttributes().get(CONVERSATION_TURN))
        .containsExactly(1L, 2L);
    assertThat(otel.span("not a model call").getAttributes().get(CONVERSATION_TURN)).isNull();
    assertThat(otel.processor().openSpanCount()).isZero();
  }

  @Test
  void spansStartedFromAnExplicitParentStillGetTheOpenScopes() {
    Context serverSpanContext =
        Context.root().with(otel.tracer().spanBuilder("server").startSpan());
    try (ConversationContext c = ConversationContext.builder("conv").start();
        WorkflowContext w =
            WorkflowContext.builder("wf").type("rag").openTelemetry(otel.openTelemetry()).start()) {
      // Micrometer's bridge parents child spans on the observation's span, not on the current
      // context
      Span chat = otel.tracer().spanBuilder("").setParent(serverSpanContext).startSpan();
      endAsChat(chat, 1_000, 500);
    }
    Span.fromContext(serverSpanContext).end();
    assertThat(otel.span("chat gpt-4o").getAttributes().get(CONVERSATION_ID)).isEqualTo("conv");
    assertThat(otel.span("chat gpt-4o").getAttributes().get(WORKFLOW_ID)).isEqualTo("wf");
    assertThat(otel.span("invoke_workflow rag").getAttributes().get(WORKFLOW_LLM_CALLS))
        .isEqualTo(1L);
  }

  @Test
  void aSpanWithItsOwnCurrentContextIsNotStampedFromAnUnrelatedThreadState() {
    try (ConversationContext c = ConversationContext.builder("conv").start()) {
      try (Scope detached = Context.root().makeCurrent()) {
        otel.tracer().spanBuilder("detached").startSpan().end();
      }
    }
    assertThat(otel.span("detached").getAttributes().get(CONVERSATION_ID)).isNull();
  }
}
