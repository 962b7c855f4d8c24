/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.quarkus.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.last9.genai.ConversationContext;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.Last9SpanProcessor;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The data behind the Dev UI card: recent conversations with their turns and cost. */
class RecentConversationsTest {

  private final RecentConversations recent = new RecentConversations();
  private final SdkTracerProvider provider =
      SdkTracerProvider.builder()
          .addSpanProcessor(Last9SpanProcessor.create())
          .addSpanProcessor(recent)
          .build();
  private final Tracer tracer = provider.get("test");

  @AfterEach
  void close() {
    provider.close();
  }

  private void chat(long input, long output) {
    chatStarted(input, output).end();
  }

  private Span chatStarted(long input, long output) {
    Span span =
        tracer
            .spanBuilder("chat gpt-4o")
            .setAttribute(GenAiAttributes.OPERATION_NAME, "chat")
            .setAttribute(GenAiAttributes.PROVIDER_NAME, "openai")
            .setAttribute(GenAiAttributes.REQUEST_MODEL, "gpt-4o")
            .startSpan();
    span.setAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, input);
    span.setAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, output);
    return span;
  }

  @Test
  void listsEachConversationWithItsTurnsModelCallsAndCost() {
    for (int turn = 0; turn < 2; turn++) {
      try (ConversationContext c =
          ConversationContext.builder("conv-1").userId("alice").singleTurn().start()) {
        chat(1000, 100);
      }
    }
    try (ConversationContext c = ConversationContext.builder("conv-2").singleTurn().start()) {
      chat(10, 1);
    }

    List<Map<String, Object>> rows = recent.list();
    assertThat(rows).extracting(r -> r.get("conversationId")).containsExactly("conv-2", "conv-1");
    Map<String, Object> first = rows.get(1);
    assertThat(first.get("userId")).isEqualTo("alice");
    assertThat(first.get("turns")).isEqualTo(2L);
    assertThat(first.get("lastTurn")).isEqualTo(2L);
    assertThat(first.get("modelCalls")).isEqualTo(2L);
    assertThat((Double) first.get("costUsd"))
        .isCloseTo(2 * (1000 * 2.50 + 100 * 10.00) / 1_000_000, within(1e-12));
    assertThat(first.get("unpricedCalls")).isEqualTo(0L);
  }

  @Test
  void listsTheTurnsOfAConversationInTurnOrderWithTheirCost() {
    Span secondTurn;
    Span firstTurn;
    try (ConversationContext c = ConversationContext.builder("conv-t").turn(1).start()) {
      firstTurn = chatStarted(1000, 100);
    }
    try (ConversationContext c = ConversationContext.builder("conv-t").turn(2).start()) {
      secondTurn = chatStarted(10, 1);
    }
    // the later turn ends first
    secondTurn.end();
    firstTurn.end();

    Map<String, Object> row = recent.list().get(0);
    assertThat(row.get("turns")).isEqualTo(2L);
    assertThat(row.get("lastTurn")).isEqualTo(2L);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> turns = (List<Map<String, Object>>) row.get("turnList");
    assertThat(turns).extracting(t -> t.get("turn")).containsExactly(1L, 2L);
    assertThat((Double) turns.get(0).get("costUsd"))
        .isCloseTo((1000 * 2.50 + 100 * 10.00) / 1_000_000, within(1e-12));
    assertThat((Double) turns.get(1).get("costUsd"))
        .isCloseTo((10 * 2.50 + 1 * 10.00) / 1_000_000, within(1e-12));
    assertThat(turns).extracting(t -> t.get("modelCalls")).containsExactly(1L, 1L);
  }

  @Test
  void keepsOnlyTheLatestTurnsOfAConversation() {
    for (int turn = 1; turn <= RecentConversations.MAX_TURNS + 3; turn++) {
      try (ConversationContext c = ConversationContext.builder("conv-long").turn(turn).start()) {
        chat(1, 1);
      }
    }
    Map<String, Object> row = recent.list().get(0);
    assertThat(row.get("turns")).isEqualTo((long) RecentConversations.MAX_TURNS + 3);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> turns = (List<Map<String, Object>>) row.get("turnList");
    assertThat(turns).hasSize(RecentConversations.MAX_TURNS);
    assertThat(turns.get(0).get("turn")).isEqualTo(4L);
  }

  @Test
  void keepsOnlyTheMostRecentConversations() {
    for (int i = 0; i < RecentConversations.MAX_CONVERSATIONS + 5; i++) {
      try (ConversationContext c = ConversationContext.builder("conv-" + i).start()) {
        chat(1, 1);
      }
    }
    List<Map<String, Object>> rows = recent.list();
    assertThat(rows).hasSize(RecentConversations.MAX_CONVERSATIONS);
    assertThat(rows.get(0).get("conversationId"))
        .isEqualTo("conv-" + (RecentConversations.MAX_CONVERSATIONS + 4));
    assertThat(rows).extracting(r -> r.get("conversationId")).doesNotContain("conv-0");
  }

  @Test
  void aModelCallThatCannotBePricedIsCountedAsUnpriced() {
    try (ConversationContext c = ConversationContext.builder("conv-x").start()) {
      Span span =
          tracer
              .spanBuilder("chat made-up-model")
              .setAttribute(GenAiAttributes.OPERATION_NAME, "chat")
              .setAttribute(GenAiAttributes.REQUEST_MODEL, "made-up-model-1")
              .startSpan();
      span.setAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 5L);
      span.setAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, 5L);
      span.end();
    }
    Map<String, Object> row = recent.list().get(0);
    assertThat(row.get("modelCalls")).isEqualTo(1L);
    assertThat(row.get("unpricedCalls")).isEqualTo(1L);
    assertThat(row.get("costUsd")).isEqualTo(0.0);
  }
}
