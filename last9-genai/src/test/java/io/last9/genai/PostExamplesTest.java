/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import static io.last9.genai.GenAiAttributes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.last9.genai.observe.GenAiObservation;
import io.last9.genai.observe.ObservedCall;
import io.last9.genai.pricing.ModelPricing;
import io.last9.genai.testing.GenAiContentSchema;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The three examples (a multi-turn conversation, a RAG workflow, a conversation of workflows),
 * written in Java the way a user would: the SDK is the global OpenTelemetry, pricing is the
 * examples', and the LLM is a tiny deterministic fake returning OpenAI-shaped responses. Costs are
 * hand-computed from the token counts below.
 */
class PostExamplesTest {

  /** The examples' pricing, USD per million tokens. */
  static final Map<String, ModelPricing> PRICING =
      Map.of(
          "gpt-4o", ModelPricing.of(2.50, 10.0),
          "text-embedding-3-small", ModelPricing.of(0.02, 0.0));

  @RegisterExtension final Last9TelemetryExtension otel = Last9TelemetryExtension.create();

  /** A deterministic stand-in for an OpenAI client: a fixed answer and usage per prompt. */
  static final class FakeOpenAiClient {
    record Answer(String content, long promptTokens, long completionTokens) {}

    private final Map<String, Answer> answers;
    private int calls;

    FakeOpenAiClient(Map<String, Answer> answers) {
      this.answers = answers;
    }

    Map<String, Object> chatCompletion(String model, String prompt) {
      Answer a = answers.get(prompt);
      if (a == null) {
        throw new IllegalArgumentException("no canned answer for: " + prompt);
      }
      calls++;
      // the API answers with a dated model id, as OpenAI does for "gpt-4o"
      String responseModel = model.equals("gpt-4o") ? "gpt-4o-2024-08-06" : model;
      return FakeLlm.openAiChat(
          "chatcmpl-" + calls, responseModel, a.content(), a.promptTokens(), a.completionTokens());
    }

    Map<String, Object> embedding(String model, String input) {
      return FakeLlm.openAiEmbedding(model, input.split(" ").length);
    }

    static String content(Map<String, Object> response) {
      Map<?, ?> choice = (Map<?, ?>) ((List<?>) response.get("choices")).get(0);
      return (String) ((Map<?, ?>) choice.get("message")).get("content");
    }
  }

  @BeforeEach
  void installGlobally() {
    GlobalOpenTelemetry.resetForTest();
    GlobalOpenTelemetry.set(otel.openTelemetry());
  }

  @AfterEach
  void uninstall() {
    GlobalOpenTelemetry.resetForTest();
  }

  // ---------------------------------------------------------------- example 1

  @Test
  void example1MultiTurnConversation() {
    FakeOpenAiClient client =
        new FakeOpenAiClient(
            Map.of(
                "What's the weather in SF?",
                    new FakeOpenAiClient.Answer("It's 18°C and foggy in SF.", 14, 22),
                "Will I need an umbrella?", new FakeOpenAiClient.Answer("Not today.", 35, 12),
                "What about tomorrow?",
                    new FakeOpenAiClient.Answer("Tomorrow brings light rain.", 52, 18)));

    // @observe(pricing=pricing) def chat(message): ... return response.choices[0].message.content
    Function<String, String> chat =
        GenAiObservation.llm("chat")
            .pricing(PRICING)
            .wrap(
                message -> {
                  Map<String, Object> response = client.chatCompletion("gpt-4o", message);
                  ObservedCall.current().reportResponse(response);
                  return FakeOpenAiClient.content(response);
                });

    try (ConversationContext conversation =
        ConversationContext.builder("user_123_session_456").userId("user_123").start()) {
      assertThat(chat.apply("What's the weather in SF?")).isEqualTo("It's 18°C and foggy in SF.");
      assertThat(chat.apply("Will I need an umbrella?")).isEqualTo("Not today.");
      assertThat(chat.apply("What about tomorrow?")).isEqualTo("Tomorrow brings light rain.");
    }

    List<SpanData> turns = otel.spans("chat");
    assertThat(turns).hasSize(3);
    // three separate traces, one conversation
    assertThat(turns.stream().map(SpanData::getTraceId).distinct()).hasSize(3);
    assertThat(turns)
        .extracting(s -> s.getAttributes().get(CONVERSATION_TURN))
        .containsExactly(1L, 2L, 3L);
    for (SpanData s : turns) {
      Attributes a = s.getAttributes();
      assertThat(a.get(CONVERSATION_ID)).isEqualTo("user_123_session_456");
      assertThat(a.get(USER_ID)).isEqualTo("user_123");
      assertThat(a.get(L9_SPAN_KIND)).isEqualTo("llm");
      assertThat(a.get(RESPONSE_MODEL)).isEqualTo("gpt-4o-2024-08-06");
    }
    // turn 1: 14 x 2.50 / 1e6 + 22 x 10.0 / 1e6 = 0.000035 + 0.00022 = 0.000255
    // turn 2: 35 x 2.50 / 1e6 + 12 x 10.0 / 1e6 = 0.0000875 + 0.00012 = 0.0002075
    // turn 3: 52 x 2.50 / 1e6 + 18 x 10.0 / 1e6 = 0.00013 + 0.00018 = 0.00031
    assertThat(turns.get(0).getAttributes().get(USAGE_COST_USD)).isCloseTo(0.000255, within(1e-18));
    assertThat(turns.get(1).getAttributes().get(USAGE_COST_USD))
        .isCloseTo(0.0002075, within(1e-18));
    assertThat(turns.get(2).getAttributes().get(USAGE_COST_USD)).isCloseTo(0.00031, within(1e-18));
    // conversation cost: 0.0007725
    assertThat(otel.sumOfSpanCosts()).isCloseTo(0.0007725, within(1e-15));
    // input and output are captured, in the conventions' keys
    assertThat(GenAiContentSchema.assertValid(turns.get(0))).isEqualTo(2);
  }

  // ---------------------------------------------------------------- example 2 (and the functions
  // of example 3)

  private FakeOpenAiClient ragClient() {
    return new FakeOpenAiClient(
        Map.of(
            "Rerank these documents by relevance",
                new FakeOpenAiClient.Answer("doc2, doc1, doc3", 48, 9),
            "Use these docs: [doc1, doc2, doc3]",
                new FakeOpenAiClient.Answer("RAG combines retrieval and " + "generation.", 230, 41),
            "Use these docs: [doc3]",
                new FakeOpenAiClient.Answer("Yes, it can cite sources.", 120, 20)));
  }

  /**
   * @observe(span_kind="tool", pricing=pricing) def retrieve_documents(query)
   */
  private static Function<String, List<String>> retrieveDocuments(FakeOpenAiClient client) {
    return GenAiObservation.tool("retrieve_documents")
        .pricing(PRICING)
        .wrap(
            query -> {
              Map<String, Object> embedding = client.embedding("text-embedding-3-small", query);
              ObservedCall.current().reportResponse(embedding);
              return query.contains("cite") ? List.of("doc3") : List.of("doc1", "doc2", "doc3");
            });
  }

  /**
   * @observe(pricing=pricing) def rerank_documents(docs, query): returns the response.
   */
  private static BiFunction<List<String>, String, Map<String, Object>> rerankDocuments(
      FakeOpenAiClient client) {
    GenAiObservation rerank = GenAiObservation.llm("rerank_documents").pricing(PRICING).build();
    return (docs, query) ->
        rerank.get(
            docs, () -> client.chatCompletion("gpt-4o", "Rerank these documents by relevance"));
  }

  /**
   * @observe(pricing=pricing) def generate_response(docs, query): returns the content.
   */
  private static BiFunction<List<String>, String, String> generateResponse(
      FakeOpenAiClient client) {
    GenAiObservation generate = GenAiObservation.llm("generate_response").pricing(PRICING).build();
    return (docs, query) ->
        generate.get(
            query,
            () -> {
              Map<String, Object> response =
                  client.chatCompletion("gpt-4o", "Use these docs: " + docs);
              ObservedCall.current().reportResponse(response);
              return FakeOpenAiClient.content(response);
            });
  }

  @Test
  void example2RagWorkflowCosts() {
    FakeOpenAiClient client = ragClient();
    Function<String, List<String>> retrieve = retrieveDocuments(client);
    BiFunction<List<String>, String, Map<String, Object>> rerank = rerankDocuments(client);
    BiFunction<List<String>, String, String> generate = generateResponse(client);

    String answer;
    try (WorkflowContext workflow = WorkflowContext.builder("rag_12345").type("rag").start()) {
      List<String> docs = retrieve.apply("What is RAG?");
      Map<String, Object> ranked = rerank.apply(docs, "What is RAG?");
      assertThat(ranked).containsKey("usage");
      answer = generate.apply(docs, "What is RAG?");
    }
    assertThat(answer).isEqualTo("RAG combines retrieval and generation.");

    Attributes retrieveSpan = otel.span("retrieve_documents").getAttributes();
    Attributes rerankSpan = otel.span("rerank_documents").getAttributes();
    Attributes generateSpan = otel.span("generate_response").getAttributes();
    assertThat(retrieveSpan.get(L9_SPAN_KIND)).isEqualTo("tool");
    assertThat(rerankSpan.get(L9_SPAN_KIND)).isEqualTo("llm");
    assertThat(generateSpan.get(L9_SPAN_KIND)).isEqualTo("llm");
    // retrieve: embedding of "What is RAG?" = 3 tokens x 0.02 / 1e6 = 0.00000006
    // rerank:   48 x 2.50 / 1e6 + 9 x 10.0 / 1e6 = 0.00012 + 0.00009 = 0.00021
    // generate: 230 x 2.50 / 1e6 + 41 x 10.0 / 1e6 = 0.000575 + 0.00041 = 0.000985
    // total:    0.00119506
    assertThat(retrieveSpan.get(USAGE_COST_USD)).isCloseTo(6.0e-8, within(1e-20));
    assertThat(rerankSpan.get(USAGE_COST_USD)).isCloseTo(0.00021, within(1e-18));
    assertThat(generateSpan.get(USAGE_COST_USD)).isCloseTo(0.000985, within(1e-18));

    Attributes wf = otel.span("invoke_workflow rag").getAttributes();
    assertThat(wf.get(WORKFLOW_TOTAL_COST_USD)).isCloseTo(0.00119506, within(1e-15));
    assertThat(wf.get(WORKFLOW_TOTAL_COST_USD)).isCloseTo(otel.sumOfSpanCosts(), within(1e-15));
    assertThat(wf.get(WORKFLOW_LLM_CALLS)).isEqualTo(3L); // the embedding has usage
    assertThat(wf.get(WORKFLOW_TOOL_CALLS)).isEqualTo(1L);
    assertThat(wf.get(WORKFLOW_INPUT_TOKENS)).isEqualTo(3L + 48 + 230);
    assertThat(wf.get(WORKFLOW_OUTPUT_TOKENS)).isEqualTo(9L + 41);
    assertThat(wf.get(USAGE_COST_USD)).isNull();
    for (SpanData s : otel.spans()) {
      assertThat(s.getAttributes().get(WORKFLOW_ID)).as(s.getName()).isEqualTo("rag_12345");
      assertThat(s.getAttributes().get(WORKFLOW_TYPE)).as(s.getName()).isEqualTo("rag");
    }
  }

  // ---------------------------------------------------------------- example 3

  @Test
  void example3ConversationWhoseTurnsAreWorkflows() {
    FakeOpenAiClient client = ragClient();
    Function<String, List<String>> retrieve = retrieveDocuments(client);
    BiFunction<List<String>, String, String> generate = generateResponse(client);
    String userQuery = "What is RAG?";
    String followupQuery = "Can it cite sources?";

    try (ConversationContext conversation =
        ConversationContext.builder("support_session_789").userId("user_456").start()) {
      try (WorkflowContext workflow = WorkflowContext.builder("rag_001").type("rag").start()) {
        List<String> docs = retrieve.apply(userQuery);
        generate.apply(docs, userQuery);
      }
      try (WorkflowContext workflow = WorkflowContext.builder("rag_002").type("rag").start()) {
        List<String> docs = retrieve.apply(followupQuery);
        generate.apply(docs, followupQuery);
      }
    }

    assertThat(otel.spans()).hasSize(6);
    List<SpanData> workflows = otel.spans("invoke_workflow rag");
    assertThat(workflows).hasSize(2);
    for (SpanData s : otel.spans()) {
      Attributes a = s.getAttributes();
      assertThat(a.get(CONVERSATION_ID)).as(s.getName()).isEqualTo("support_session_789");
      assertThat(a.get(USER_ID)).as(s.getName()).isEqualTo("user_456");
      assertThat(a.get(WORKFLOW_TYPE)).as(s.getName()).isEqualTo("rag");
      String wf = a.get(WORKFLOW_ID);
      assertThat(wf).isIn("rag_001", "rag_002");
      // turn 1 is workflow rag_001, turn 2 is workflow rag_002
      assertThat(a.get(CONVERSATION_TURN))
          .as(s.getName())
          .isEqualTo(wf.equals("rag_001") ? 1L : 2L);
    }
    // rag_001: embedding 3 tokens = 0.00000006; generate 230 / 41 = 0.000985; total 0.00098506
    // rag_002: embedding "Can it cite sources?" 4 tokens = 0.00000008; generate 120 / 20
    //          = 0.0003 + 0.0002 = 0.0005; total 0.00050008
    SpanData wf1 = workflows.get(0);
    SpanData wf2 = workflows.get(1);
    assertThat(wf1.getAttributes().get(WORKFLOW_ID)).isEqualTo("rag_001");
    assertThat(wf1.getAttributes().get(WORKFLOW_TOTAL_COST_USD))
        .isCloseTo(0.00098506, within(1e-15));
    assertThat(wf2.getAttributes().get(WORKFLOW_TOTAL_COST_USD))
        .isCloseTo(0.00050008, within(1e-15));
    for (SpanData wf : workflows) {
      String id = wf.getAttributes().get(WORKFLOW_ID);
      double sum =
          otel.spans().stream()
              .filter(s -> id.equals(s.getAttributes().get(WORKFLOW_ID)))
              .mapToDouble(
                  s ->
                      s.getAttributes().get(USAGE_COST_USD) == null
                          ? 0
                          : s.getAttributes().get(USAGE_COST_USD))
              .sum();
      assertThat(wf.getAttributes().get(WORKFLOW_TOTAL_COST_USD)).isCloseTo(sum, within(1e-15));
      assertThat(wf.getAttributes().get(WORKFLOW_LLM_CALLS)).isEqualTo(2L);
      assertThat(wf.getAttributes().get(WORKFLOW_TOOL_CALLS)).isEqualTo(1L);
    }
    // the conversation's cost: every call counted once
    assertThat(otel.sumOfSpanCosts()).isCloseTo(0.00098506 + 0.00050008, within(1e-15));
  }
}
