/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.openai;

import static io.last9.genai.GenAiAttributes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.EmbeddingCreateParams;
import io.last9.genai.ConversationContext;
import io.last9.genai.WorkflowContext;
import io.last9.genai.observe.GenAiObservation;
import io.last9.genai.pricing.ModelPricing;
import io.last9.genai.testing.FakeOpenAI;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.last9.genai.testing.OpenAITokens;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The three examples (a multi-turn conversation, a RAG workflow, a conversation of workflows)
 * against the real openai-java client (wrapped with {@link Last9OpenAI}) and a loopback server:
 * {@code GenAiObservation.llm(...).pricing(...).wrap(...)} around {@code
 * client.chat().completions().create(...)}. The client's {@code chat gpt-4o} span carries the
 * tokens and the cost (with the observed call's pricing); the observed span does not price them
 * again.
 */
class OpenAIPostExamplesTest {

  /**
   * The examples' pricing, USD per million tokens (no cache price: cached input would take the
   * catalog's gpt-4o discount, half the input price).
   */
  static final Map<String, ModelPricing> PRICING =
      Map.of(
          "gpt-4o", ModelPricing.of(2.50, 10.0),
          "text-embedding-3-small", ModelPricing.of(0.02, 0.0));

  static final String MODEL = "gpt-4o-2024-08-06";

  @RegisterExtension final Last9TelemetryExtension otel = Last9TelemetryExtension.create();

  @RegisterExtension final FakeOpenAI server = FakeOpenAI.start();

  OpenAIClient client;

  @BeforeEach
  void start() {
    GlobalOpenTelemetry.resetForTest();
    GlobalOpenTelemetry.set(otel.openTelemetry());
    client = Last9OpenAI.wrap(RawClients.of(server), otel.openTelemetry());
  }

  @AfterEach
  void stop() {
    server.close();
    GlobalOpenTelemetry.resetForTest();
  }

  private String complete(String prompt) {
    return client
        .chat()
        .completions()
        .create(ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage(prompt).build())
        .choices()
        .get(0)
        .message()
        .content()
        .orElse("");
  }

  private Function<String, List<String>> retrieveDocuments() {
    return GenAiObservation.tool("retrieve_documents")
        .pricing(PRICING)
        .wrap(
            query -> {
              client
                  .embeddings()
                  .create(
                      EmbeddingCreateParams.builder()
                          .model("text-embedding-3-small")
                          .input(query)
                          .build());
              return query.contains("cite") ? List.of("doc3") : List.of("doc1", "doc2", "doc3");
            });
  }

  private Function<List<String>, String> generateResponse() {
    return GenAiObservation.llm("generate_response")
        .pricing(PRICING)
        .wrap(docs -> complete("Use these docs: " + docs));
  }

  @Test
  void example1MultiTurnConversation() {
    server
        .enqueue(
            FakeOpenAI.chatCompletion(
                "chatcmpl-1", MODEL, "It's 18°C and foggy in SF.", OpenAITokens.of(14, 22)))
        .enqueue(
            FakeOpenAI.chatCompletion("chatcmpl-2", MODEL, "Not today.", OpenAITokens.of(35, 12)))
        .enqueue(
            FakeOpenAI.chatCompletion(
                "chatcmpl-3", MODEL, "Tomorrow brings light rain.", OpenAITokens.of(52, 18)));
    Function<String, String> chat =
        GenAiObservation.llm("chat").pricing(PRICING).wrap(this::complete);

    try (ConversationContext conversation =
        ConversationContext.builder("user_123_session_456").userId("user_123").start()) {
      assertThat(chat.apply("What's the weather in SF?")).isEqualTo("It's 18°C and foggy in SF.");
      assertThat(chat.apply("Will I need an umbrella?")).isEqualTo("Not today.");
      assertThat(chat.apply("What about tomorrow?")).isEqualTo("Tomorrow brings light rain.");
    }

    List<SpanData> observed = otel.spans("chat");
    List<SpanData> clients = otel.spans("chat gpt-4o");
    assertThat(otel.spans()).hasSize(6);
    for (int i = 0; i < 3; i++) {
      SpanData o = observed.get(i);
      SpanData c = clients.get(i);
      assertThat(c.getParentSpanId()).isEqualTo(o.getSpanId());
      assertThat(o.getAttributes().get(CONVERSATION_TURN)).isEqualTo(i + 1L);
      assertThat(c.getAttributes().get(CONVERSATION_TURN)).isEqualTo(i + 1L);
      assertThat(c.getAttributes().get(CONVERSATION_ID)).isEqualTo("user_123_session_456");
      assertThat(c.getAttributes().get(USER_ID)).isEqualTo("user_123");
      assertThat(c.getAttributes().get(RESPONSE_MODEL)).isEqualTo(MODEL);
      assertThat(o.getAttributes().get(L9_SPAN_KIND)).isEqualTo("llm");
      // priced once: on the client span, with the observed call's pricing
      assertThat(o.getAttributes().get(USAGE_COST_USD)).isNull();
    }
    assertThat(observed.stream().map(SpanData::getTraceId).distinct()).hasSize(3);
    // turn 1: 14 x 2.50 + 22 x 10 = 35 + 220 = 255 -> 0.000255
    // turn 2: 35 x 2.50 + 12 x 10 = 87.5 + 120 = 207.5 -> 0.0002075
    // turn 3: 52 x 2.50 + 18 x 10 = 130 + 180 = 310 -> 0.00031
    assertThat(clients.get(0).getAttributes().get(USAGE_COST_USD))
        .isCloseTo(0.000255, within(1e-15));
    assertThat(clients.get(1).getAttributes().get(USAGE_COST_USD))
        .isCloseTo(0.0002075, within(1e-15));
    assertThat(clients.get(2).getAttributes().get(USAGE_COST_USD))
        .isCloseTo(0.00031, within(1e-15));
    assertThat(clients.get(0).getAttributes().get(COST_PRICE_SOURCE)).isEqualTo("call:gpt-4o");
    // the conversation: 0.0007725
    assertThat(otel.sumOfSpanCosts()).isCloseTo(0.0007725, within(1e-15));
  }

  @Test
  void example2RagWorkflow() {
    server
        .enqueue(FakeOpenAI.embeddings("text-embedding-3-small", 1, 3, 3))
        .enqueue(
            FakeOpenAI.chatCompletion(
                "chatcmpl-r", MODEL, "doc2, doc1, doc3", OpenAITokens.of(48, 9)))
        .enqueue(
            FakeOpenAI.chatCompletion(
                "chatcmpl-g",
                MODEL,
                "RAG combines retrieval and generation.",
                OpenAITokens.of(230, 41)));
    Function<String, List<String>> retrieve = retrieveDocuments();
    Function<List<String>, String> rerank =
        GenAiObservation.llm("rerank_documents")
            .pricing(PRICING)
            .wrap(docs -> complete("Rerank these documents by relevance: " + docs));
    Function<List<String>, String> generate = generateResponse();

    String answer;
    try (WorkflowContext rag = WorkflowContext.builder("rag_12345").type("rag").start()) {
      List<String> docs = retrieve.apply("What is RAG?");
      rerank.apply(docs);
      answer = generate.apply(docs);
    }

    assertThat(answer).isEqualTo("RAG combines retrieval and generation.");
    SpanData wf = otel.span("invoke_workflow rag");
    SpanData embed = otel.span("embeddings text-embedding-3-small");
    assertThat(embed.getParentSpanId()).isEqualTo(otel.span("retrieve_documents").getSpanId());
    assertThat(otel.span("retrieve_documents").getParentSpanId()).isEqualTo(wf.getSpanId());
    assertThat(otel.spans()).hasSize(7);
    List<SpanData> chats = otel.spans("chat gpt-4o");
    assertThat(chats.get(0).getParentSpanId()).isEqualTo(otel.span("rerank_documents").getSpanId());
    assertThat(chats.get(1).getParentSpanId())
        .isEqualTo(otel.span("generate_response").getSpanId());
    // embeddings: 3 x 0.02 = 0.06 -> 0.00000006
    // rerank:     48 x 2.50 + 9 x 10 = 120 + 90 = 210 -> 0.00021
    // generate:   230 x 2.50 + 41 x 10 = 575 + 410 = 985 -> 0.000985
    // workflow:   0.00119506
    assertThat(embed.getAttributes().get(USAGE_COST_USD)).isCloseTo(6.0e-8, within(1e-18));
    assertThat(chats.get(0).getAttributes().get(USAGE_COST_USD)).isCloseTo(0.00021, within(1e-15));
    assertThat(chats.get(1).getAttributes().get(USAGE_COST_USD)).isCloseTo(0.000985, within(1e-15));
    assertThat(wf.getAttributes().get(WORKFLOW_TOTAL_COST_USD))
        .isCloseTo(0.00119506, within(1e-15));
    assertThat(wf.getAttributes().get(WORKFLOW_TOTAL_COST_USD))
        .isCloseTo(otel.sumOfSpanCosts(), within(1e-15));
    assertThat(wf.getAttributes().get(WORKFLOW_LLM_CALLS)).isEqualTo(3L);
    assertThat(wf.getAttributes().get(WORKFLOW_TOOL_CALLS)).isEqualTo(1L);
    assertThat(wf.getAttributes().get(WORKFLOW_INPUT_TOKENS)).isEqualTo(3L + 48 + 230);
    assertThat(wf.getAttributes().get(WORKFLOW_OUTPUT_TOKENS)).isEqualTo(9L + 41);
    for (SpanData s : otel.spans()) {
      assertThat(s.getAttributes().get(WORKFLOW_ID)).as(s.getName()).isEqualTo("rag_12345");
    }
  }

  @Test
  void example3ConversationWhoseTurnsAreWorkflows() {
    server
        .enqueue(FakeOpenAI.embeddings("text-embedding-3-small", 1, 3, 3))
        .enqueue(
            FakeOpenAI.chatCompletion(
                "chatcmpl-a",
                MODEL,
                "RAG combines retrieval and generation.",
                OpenAITokens.of(230, 41)))
        .enqueue(FakeOpenAI.embeddings("text-embedding-3-small", 1, 3, 4))
        .enqueue(
            FakeOpenAI.chatCompletion(
                "chatcmpl-b", MODEL, "Yes, it can cite sources.", OpenAITokens.of(120, 20)));
    Function<String, List<String>> retrieve = retrieveDocuments();
    Function<List<String>, String> generate = generateResponse();

    try (ConversationContext conversation =
        ConversationContext.builder("support_session_789").userId("user_456").start()) {
      try (WorkflowContext turn1 = WorkflowContext.builder("rag_001").type("rag").start()) {
        generate.apply(retrieve.apply("What is RAG?"));
      }
      try (WorkflowContext turn2 = WorkflowContext.builder("rag_002").type("rag").start()) {
        generate.apply(retrieve.apply("Can it cite sources?"));
      }
    }

    assertThat(otel.spans()).hasSize(10);
    for (SpanData s : otel.spans()) {
      String wf = s.getAttributes().get(WORKFLOW_ID);
      assertThat(s.getAttributes().get(CONVERSATION_ID)).isEqualTo("support_session_789");
      assertThat(s.getAttributes().get(CONVERSATION_TURN))
          .as(s.getName())
          .isEqualTo(wf.equals("rag_001") ? 1L : 2L);
    }
    List<SpanData> workflows = otel.spans("invoke_workflow rag");
    // rag_001: 3 x 0.02 + 230 x 2.50 + 41 x 10 = 0.06 + 575 + 410 = 985.06 -> 0.00098506
    // rag_002: 4 x 0.02 + 120 x 2.50 + 20 x 10 = 0.08 + 300 + 200 = 500.08 -> 0.00050008
    assertThat(workflows.get(0).getAttributes().get(WORKFLOW_TOTAL_COST_USD))
        .isCloseTo(0.00098506, within(1e-15));
    assertThat(workflows.get(1).getAttributes().get(WORKFLOW_TOTAL_COST_USD))
        .isCloseTo(0.00050008, within(1e-15));
    assertThat(otel.sumOfSpanCosts()).isCloseTo(0.00098506 + 0.00050008, within(1e-15));
    assertThat(otel.values(USAGE_COST_USD)).hasSize(4); // 2 embeddings + 2 chats, each priced once
  }
}
