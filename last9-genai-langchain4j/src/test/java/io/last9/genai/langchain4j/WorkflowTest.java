/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.last9.genai.ConversationContext;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.WorkflowContext;
import io.last9.genai.testing.FakeOpenAI;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.last9.genai.testing.OpenAITokens;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The RAG example with LangChain4j models: embed, generate (sync), follow up (stream), all in one
 * workflow.
 */
class WorkflowTest {

  @RegisterExtension final Last9TelemetryExtension otel = Last9TelemetryExtension.create();

  @RegisterExtension final FakeOpenAI server = FakeOpenAI.start();

  private ChatModel chat;
  private StreamingChatModel stream;
  private EmbeddingModel embeddings;

  @BeforeEach
  void setUp() {
    Last9ChatModelListener listener = Last9ChatModelListener.create(otel.openTelemetry());
    chat =
        OpenAiChatModel.builder()
            .baseUrl(server.baseUrl())
            .apiKey("k")
            .modelName("gpt-4o")
            .maxRetries(0)
            .listeners(List.of(listener))
            .build();
    stream =
        OpenAiStreamingChatModel.builder()
            .baseUrl(server.baseUrl())
            .apiKey("k")
            .modelName("gpt-4o")
            .listeners(List.of(listener))
            .build();
    embeddings =
        Last9EmbeddingModel.wrap(
            OpenAiEmbeddingModel.builder()
                .baseUrl(server.baseUrl())
                .apiKey("k")
                .modelName("text-embedding-3-small")
                .maxRetries(0)
                .build(),
            otel.openTelemetry());
  }

  @Test
  void workflowTotalsAreTheSumOfTheLangChain4jCallsAndEveryCallIsTurnOne() throws Exception {
    server.enqueue(FakeOpenAI.embeddings("text-embedding-3-small", 3, 4, 1500));
    server.enqueue(
        FakeOpenAI.chatCompletion(
            "chatcmpl-1",
            "gpt-4o-2024-08-06",
            "RAG is retrieval plus generation.",
            OpenAITokens.of(1200, 300).withCachedTokens(1000).withReasoningTokens(100)));
    server.enqueue(
        FakeOpenAI.chatCompletionStream(
            "chatcmpl-2", "gpt-4o-2024-08-06", List.of("Yes", "."), OpenAITokens.of(50, 20)));
    StreamingChatTest.Collector collector = new StreamingChatTest.Collector();
    double total;

    try (ConversationContext c =
            ConversationContext.builder("support_session_789").userId("user_456").start();
        WorkflowContext rag =
            WorkflowContext.builder("rag_001")
                .type("rag")
                .openTelemetry(otel.openTelemetry())
                .start()) {
      embeddings.embedAll(
          List.of(TextSegment.from("a"), TextSegment.from("b"), TextSegment.from("c")));
      chat.chat("What is RAG?");
      stream.chat("Is that all?", collector);
      collector.await();
      otel.awaitSpans("chat gpt-4o", 2);
      total = rag.totalCostUsd();
    }

    SpanData workflow = otel.span("invoke_workflow rag");
    List<SpanData> chats = otel.spans("chat gpt-4o");
    SpanData embed = otel.span("embeddings text-embedding-3-small");
    assertThat(otel.spans()).hasSize(4);
    for (SpanData s : List.of(chats.get(0), chats.get(1), embed)) {
      assertThat(s.getParentSpanId()).isEqualTo(workflow.getSpanId());
      assertThat(s.getTraceId()).isEqualTo(workflow.getTraceId());
      assertThat(s.getAttributes().get(GenAiAttributes.CONVERSATION_ID))
          .isEqualTo("support_session_789");
      assertThat(s.getAttributes().get(GenAiAttributes.CONVERSATION_TURN)).isEqualTo(1L);
      assertThat(s.getAttributes().get(GenAiAttributes.WORKFLOW_ID)).isEqualTo("rag_001");
      assertThat(s.getAttributes().get(GenAiAttributes.WORKFLOW_TYPE)).isEqualTo("rag");
    }
    // embeddings: 1500 x 0.02 = 0.00003
    // sync chat:  200 x 2.50 + 1000 x 1.25 + 300 x 10.00 = 0.00475
    // stream:     50 x 2.50 + 20 x 10.00 = 0.000325
    double expected = 0.00003 + 0.00475 + 0.000325;
    assertThat(expected).isCloseTo(0.005105, within(1e-15));
    assertThat(chats)
        .extracting(s -> s.getAttributes().get(GenAiAttributes.USAGE_COST_USD))
        .satisfiesExactlyInAnyOrder(
            v -> assertThat(v).isCloseTo(0.00475, within(1e-12)),
            v -> assertThat(v).isCloseTo(0.000325, within(1e-12)));
    var w = workflow.getAttributes();
    assertThat(w.get(GenAiAttributes.WORKFLOW_TOTAL_COST_USD)).isCloseTo(0.005105, within(1e-12));
    assertThat(total).isCloseTo(0.005105, within(1e-12));
    assertThat(w.get(GenAiAttributes.WORKFLOW_LLM_CALLS)).isEqualTo(3L);
    assertThat(w.get(GenAiAttributes.WORKFLOW_INPUT_TOKENS)).isEqualTo(1500L + 1200L + 50L);
    assertThat(w.get(GenAiAttributes.WORKFLOW_OUTPUT_TOKENS)).isEqualTo(300L + 20L);
    assertThat(w.get(GenAiAttributes.USAGE_COST_USD))
        .as("the workflow span never carries per-call cost")
        .isNull();
    // summing gen_ai.usage.cost_usd over all spans counts each call once
    assertThat(otel.sumOfSpanCosts()).isCloseTo(0.005105, within(1e-12));
  }
}
