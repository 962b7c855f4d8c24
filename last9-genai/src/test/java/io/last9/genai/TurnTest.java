/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import static io.last9.genai.GenAiAttributes.CONVERSATION_ID;
import static io.last9.genai.GenAiAttributes.CONVERSATION_TURN;
import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.observe.GenAiObservation;
import io.last9.genai.observe.GenAiObservationBuilder;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.last9.genai.turns.InMemoryTurnStore;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Turn numbers. */
class TurnTest {

  @RegisterExtension final Last9TelemetryExtension otel = Last9TelemetryExtension.create();

  private GenAiObservationBuilder llm(String name) {
    return GenAiObservation.llm(name).openTelemetry(otel.openTelemetry());
  }

  private Long turn(String name) {
    return otel.span(name).getAttributes().get(CONVERSATION_TURN);
  }

  @Test
  void explicitTurnIsOnEverySpanOfEveryKind() {
    try (ConversationContext c = ConversationContext.builder("conv").turn(4).start()) {
      otel.startAndEndSpan("plain");
      llm("observed").run(() -> otel.startAndEndSpan("inside_observed"));
      try (WorkflowContext w =
          WorkflowContext.builder("wf").type("t").openTelemetry(otel.openTelemetry()).start()) {
        FakeLlm.instrumentedChat(otel.tracer(), "gpt-4o", 1, 1);
      }
    }
    assertThat(otel.spans())
        .hasSize(5)
        .allSatisfy(
            s ->
                assertThat(s.getAttributes().get(CONVERSATION_TURN)).as(s.getName()).isEqualTo(4L));
  }

  /** Example 1: three calls of one observed chat function in one conversation. */
  @Test
  void threeObservedCallsTakeTurnsOneTwoThree() {
    GenAiObservation chat = llm("chat").build();
    try (ConversationContext c =
        ConversationContext.builder("user_123_session_456").userId("user_123").start()) {
      chat.get(() -> "sunny");
      chat.get(() -> "no");
      chat.get(() -> "rain");
    }
    assertThat(otel.spans("chat"))
        .extracting(s -> s.getAttributes().get(CONVERSATION_TURN))
        .containsExactly(1L, 2L, 3L);
  }

  @Test
  void threeForeignChatSpansTakeTurnsOneTwoThree() {
    try (ConversationContext c = ConversationContext.builder("conv").start()) {
      for (int i = 0; i < 3; i++) {
        FakeLlm.instrumentedChat(otel.tracer(), "gpt-4o", 10, 10);
      }
    }
    assertThat(otel.spans("chat gpt-4o"))
        .extracting(s -> s.getAttributes().get(CONVERSATION_TURN))
        .containsExactly(1L, 2L, 3L);
  }

  @Test
  void spansInsideOneObservedCallShareItsTurn() {
    try (ConversationContext c = ConversationContext.builder("conv").start()) {
      llm("first").run(() -> {});
      GenAiObservation.agent("second")
          .openTelemetry(otel.openTelemetry())
          .run(
              () -> {
                otel.startAndEndSpan("child");
                FakeLlm.instrumentedChat(
                    otel.tracer(), "gpt-4o", 10, 10); // inside a turn: no new turn
                llm("nested_llm").run(() -> otel.startAndEndSpan("grandchild"));
                Span manual = otel.tracer().spanBuilder("manual").startSpan();
                try (Scope s = manual.makeCurrent()) {
                  otel.startAndEndSpan("under_manual");
                } finally {
                  manual.end();
                }
              });
      llm("third").run(() -> {});
    }
    assertThat(turn("first")).isEqualTo(1L);
    for (String n :
        List.of(
            "second",
            "child",
            "chat gpt-4o",
            "nested_llm",
            "grandchild",
            "manual",
            "under_manual")) {
      assertThat(turn(n)).as(n).isEqualTo(2L);
    }
    assertThat(turn("third")).isEqualTo(3L);
  }

  @Test
  void aSecondScopeForTheSameConversationContinues() {
    for (int request = 0; request < 2; request++) {
      try (ConversationContext c = ConversationContext.builder("long_conv").start()) {
        llm("call").run(() -> {});
        llm("call").run(() -> {});
        llm("call").run(() -> {});
      }
    }
    try (ConversationContext c = ConversationContext.builder("long_conv").start()) {
      FakeLlm.instrumentedChat(otel.tracer(), "gpt-4o", 1, 1);
    }
    assertThat(otel.spans("call"))
        .extracting(s -> s.getAttributes().get(CONVERSATION_TURN))
        .containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(turn("chat gpt-4o")).isEqualTo(7L);
  }

  @Test
  void conversationsAreNumberedIndependently() {
    try (ConversationContext c = ConversationContext.builder("a").start()) {
      llm("a1").run(() -> {});
      try (ConversationContext d = ConversationContext.builder("b").start()) {
        llm("b1").run(() -> {});
      }
      llm("a2").run(() -> {});
    }
    assertThat(turn("a1")).isEqualTo(1L);
    assertThat(turn("b1")).isEqualTo(1L);
    assertThat(turn("a2")).isEqualTo(2L);
  }

  @Test
  void aWorkflowIsOneTurnAndSoIsAnAgentScope() {
    try (ConversationContext c = ConversationContext.builder("conv").start()) {
      try (WorkflowContext w =
          WorkflowContext.builder("rag_001")
              .type("rag")
              .openTelemetry(otel.openTelemetry())
              .start()) {
        llm("wf1_retrieve").run(() -> {});
        llm("wf1_generate").run(() -> {});
      }
      try (WorkflowContext w = WorkflowContext.builder("rag_002").contextOnly().start()) {
        FakeLlm.instrumentedChat(otel.tracer(), "gpt-4o", 1, 1);
        llm("wf2_generate").run(() -> {});
      }
      try (AgentContext a = AgentContext.builder("bot").start()) {
        otel.startAndEndSpan("agent_step_1");
        llm("agent_step_2").run(() -> {});
      }
    }
    assertThat(turn("invoke_workflow rag")).isEqualTo(1L);
    assertThat(turn("wf1_retrieve")).isEqualTo(1L);
    assertThat(turn("wf1_generate")).isEqualTo(1L);
    assertThat(turn("chat gpt-4o")).isEqualTo(2L);
    assertThat(turn("wf2_generate")).isEqualTo(2L);
    assertThat(turn("agent_step_1")).isEqualTo(3L);
    assertThat(turn("agent_step_2")).isEqualTo(3L);
  }

  @Test
  void aWorkflowNestedInsideAnObservedCallTakesNoNewTurn() {
    try (ConversationContext c = ConversationContext.builder("conv").start()) {
      GenAiObservation.chain("handle")
          .openTelemetry(otel.openTelemetry())
          .run(
              () -> {
                try (WorkflowContext w =
                    WorkflowContext.builder("inner_wf")
                        .type("inner")
                        .openTelemetry(otel.openTelemetry())
                        .start()) {
                  llm("inside_wf").run(() -> {});
                }
                try (AgentContext a = AgentContext.builder("bot").start()) {
                  otel.startAndEndSpan("inside_agent");
                }
              });
      llm("next").run(() -> {});
    }
    assertThat(turn("handle")).isEqualTo(1L);
    assertThat(turn("invoke_workflow inner")).isEqualTo(1L);
    assertThat(turn("inside_wf")).isEqualTo(1L);
    assertThat(turn("inside_agent")).isEqualTo(1L);
    assertThat(turn("next")).isEqualTo(2L);
  }

  @Test
  void spansThatNeitherStartNorBelongToATurnCarryNone() {
    try (ConversationContext c = ConversationContext.builder("conv").start()) {
      otel.startAndEndSpan("plain_before");
      otel.tracer()
          .spanBuilder("embeddings text-embedding-3-small")
          .setAttribute(GenAiAttributes.OPERATION_NAME, "embeddings")
          .startSpan()
          .end();
      llm("call").run(() -> {});
      otel.startAndEndSpan("plain_after");
    }
    assertThat(turn("plain_before")).isNull();
    assertThat(turn("embeddings text-embedding-3-small")).isNull();
    assertThat(turn("call")).isEqualTo(1L);
    assertThat(turn("plain_after")).isNull();
    assertThat(otel.span("plain_after").getAttributes().get(CONVERSATION_ID)).isEqualTo("conv");
  }

  @Test
  void noTurnOutsideAConversation() {
    llm("call").run(() -> {});
    FakeLlm.instrumentedChat(otel.tracer(), "gpt-4o", 1, 1);
    try (WorkflowContext w =
        WorkflowContext.builder("wf").openTelemetry(otel.openTelemetry()).start()) {
      llm("in_wf").run(() -> {});
    }
    assertThat(otel.values(CONVERSATION_TURN)).isEmpty();
  }

  /**
   * 8 threads, 1,000 conversations, 20 turns each, in a random interleaving (so turns of one
   * conversation run concurrently): every conversation's turns are exactly 1..20.
   */
  @Test
  void concurrentTurnsAreDistinctWithNoGaps() throws Exception {
    int conversations = 1_000;
    int turns = 20;
    List<String> tasks = new ArrayList<>(conversations * turns);
    for (int c = 0; c < conversations; c++) {
      for (int t = 0; t < turns; t++) {
        tasks.add("conv-" + c);
      }
    }
    Collections.shuffle(tasks, new Random(20260101L));
    GenAiObservation call = llm("turn").build();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (String id : tasks) {
        futures.add(
            pool.submit(
                () -> {
                  try (ConversationContext c = ConversationContext.builder(id).start()) {
                    call.run(() -> {});
                  }
                }));
      }
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    List<SpanData> spans = otel.spans("turn");
    assertThat(spans).hasSize(conversations * turns);
    Map<String, List<Long>> byConversation =
        new TreeMap<>(
            spans.stream()
                .collect(
                    Collectors.groupingBy(
                        s -> s.getAttributes().get(CONVERSATION_ID),
                        Collectors.mapping(
                            s -> s.getAttributes().get(CONVERSATION_TURN), Collectors.toList()))));
    assertThat(byConversation).hasSize(conversations);
    List<Long> expected = LongStream.rangeClosed(1, turns).boxed().collect(Collectors.toList());
    byConversation.forEach(
        (id, list) -> {
          List<Long> sorted = new ArrayList<>(list);
          Collections.sort(sorted);
          assertThat(sorted).as("turns of %s", id).isEqualTo(expected);
        });
  }

  @Test
  void theDefaultStoreIsBoundedInConversations() {
    InMemoryTurnStore store = InMemoryTurnStore.builder().maximumConversations(10_000).build();
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .addSpanProcessor(Last9SpanProcessor.builder().turnStore(store).build())
            .build();
    try {
      Tracer tracer = provider.get("test");
      for (int i = 0; i < 200_000; i++) {
        try (ConversationContext c = ConversationContext.builder("conv-" + i).start()) {
          FakeLlm.instrumentedChat(tracer, "gpt-4o", 1, 1);
        }
      }
    } finally {
      provider.close();
    }
    assertThat(store.size()).isPositive().isLessThanOrEqualTo(10_000);
    // the store is really the one that numbered them
    assertThat(store.nextTurn("conv-199999")).isEqualTo(2L);
  }

  @Test
  void storeBoundsAreValidated() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> InMemoryTurnStore.builder().maximumConversations(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maximumConversations");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> InMemoryTurnStore.builder().expireAfterIdle(java.time.Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expireAfterIdle");
  }

  @Test
  void processorUsesTheStoreItWasGiven() {
    assertThat(otel.processor().turnStore()).isInstanceOf(InMemoryTurnStore.class);
  }

  /** A TurnStore that is down. */
  @Nested
  class WithAFailingTurnStore {

    @RegisterExtension
    final Last9TelemetryExtension broken =
        Last9TelemetryExtension.builder()
            .turnStore(
                () ->
                    id -> {
                      throw new IllegalStateException("redis down");
                    })
            .build();

    @Test
    void aThrowingStoreNeverReachesUserCodeAndSpansJustLackTheTurn() {
      String answer;
      try (ConversationContext c = ConversationContext.builder("conv").userId("u").start()) {
        answer = GenAiObservation.llm("call").openTelemetry(broken.openTelemetry()).get(() -> "ok");
        FakeLlm.instrumentedChat(broken.tracer(), "gpt-4o", 1, 1);
        try (WorkflowContext w =
            WorkflowContext.builder("wf").type("t").openTelemetry(broken.openTelemetry()).start()) {
          broken.tracer().spanBuilder("in_wf").startSpan().end();
        }
      }
      assertThat(answer).isEqualTo("ok");
      assertThat(broken.spans())
          .hasSize(4)
          .allSatisfy(
              s -> {
                Attributes a = s.getAttributes();
                assertThat(a.get(CONVERSATION_TURN)).as(s.getName()).isNull();
                assertThat(a.get(CONVERSATION_ID)).isEqualTo("conv");
                assertThat(a.get(GenAiAttributes.USER_ID)).isEqualTo("u");
              });
    }
  }

  @Nested
  class WithAStoreReturningNonsense {

    @RegisterExtension
    final Last9TelemetryExtension odd =
        Last9TelemetryExtension.builder().turnStore(() -> id -> -5).build();

    @Test
    void nonPositiveNumbersAreNotStamped() {
      try (ConversationContext c = ConversationContext.builder("conv").start()) {
        GenAiObservation.llm("call").openTelemetry(odd.openTelemetry()).run(() -> {});
      }
      assertThat(odd.span("call").getAttributes().get(CONVERSATION_TURN)).isNull();
    }
  }
}
