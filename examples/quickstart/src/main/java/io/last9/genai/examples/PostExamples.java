/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.examples;

import com.anthropic.client.AnthropicClient;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.TextBlock;
import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.EmbeddingCreateParams;
import io.last9.genai.ConversationContext;
import io.last9.genai.WorkflowContext;
import io.last9.genai.observe.GenAiObservation;
import io.last9.genai.pricing.ModelPricing;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Three examples (a multi-turn conversation, a RAG workflow, a conversation whose turns are
 * workflows), in Java, as a user writes them against the official openai-java client (wrapped with
 * {@code Last9OpenAI.wrap}): a 3-turn conversation, a RAG workflow, and a conversation whose turns
 * are workflows. A fourth conversation, on Claude with the official anthropic-java client (wrapped
 * with {@code Last9Anthropic.wrap}), gives user_123 a second conversation and the spend-by-model
 * report a second model.
 */
public final class PostExamples {

  /**
   * Your pricing, USD per million tokens (models not listed here are priced from the bundled
   * catalog).
   */
  static final Map<String, ModelPricing> PRICING =
      Map.of(
          "gpt-4o", ModelPricing.of(2.50, 10.0),
          "text-embedding-3-small", ModelPricing.of(0.02, 0.0));

  private final OpenAIClient openai;
  private final AnthropicClient claude;

  private final Function<String, String> chat;
  private final Function<String, List<String>> retrieveDocuments;
  private final Function<List<String>, ChatCompletion> rerankDocuments;
  private final Function<List<String>, String> generateResponse;

  PostExamples(OpenAIClient openai, AnthropicClient claude) {
    this.openai = openai;
    this.claude = claude;
    // @observe(pricing=pricing) def chat(message)
    this.chat =
        GenAiObservation.llm("chat")
            .pricing(PRICING)
            .wrap(message -> text(complete("You are a helpful weather assistant.", message)));
    // @observe(span_kind="tool", pricing=pricing) def retrieve_documents(query)
    this.retrieveDocuments =
        GenAiObservation.tool("retrieve_documents")
            .pricing(PRICING)
            .wrap(
                query -> {
                  openai
                      .embeddings()
                      .create(
                          EmbeddingCreateParams.builder()
                              .model("text-embedding-3-small")
                              .input(query)
                              .build());
                  return List.of("doc1", "doc2", "doc3"); // search the vector DB...
                });
    // @observe(pricing=pricing) def rerank_documents(docs, query): returns the whole response
    this.rerankDocuments =
        GenAiObservation.llm("rerank_documents")
            .pricing(PRICING)
            .wrap(docs -> complete("Rerank these documents by relevance", "rerank " + docs));
    // @observe(pricing=pricing) def generate_response(docs, query)
    this.generateResponse =
        GenAiObservation.llm("generate_response")
            .pricing(PRICING)
            .wrap(docs -> text(complete("Use these docs: " + docs, "What is RAG?")));
  }

  private ChatCompletion complete(String system, String user) {
    return openai
        .chat()
        .completions()
        .create(
            ChatCompletionCreateParams.builder()
                .model("gpt-4o")
                .addSystemMessage(system)
                .addUserMessage(user)
                .build());
  }

  private static String text(ChatCompletion completion) {
    return completion.choices().get(0).message().content().orElse("");
  }

  /** Example 1: a multi-turn conversation. */
  void conversation() {
    try (ConversationContext conversation =
        ConversationContext.builder("user_123_session_456").userId("user_123").start()) {
      chat.apply("What's the weather in SF?"); // turn 1
      chat.apply("Will I need an umbrella?"); // turn 2
      chat.apply("What about tomorrow?"); // turn 3
    }
  }

  /** Example 2: cost across a multi-step RAG workflow. */
  void ragWorkflow() {
    try (WorkflowContext workflow = WorkflowContext.builder("rag_12345").type("rag").start()) {
      List<String> docs = retrieveDocuments.apply("What is RAG?");
      ChatCompletion ranked = rerankDocuments.apply(docs);
      generateResponse.apply(List.of(text(ranked)));
    }
  }

  /** Example 3: a conversation whose turns are workflows. */
  void conversationOfWorkflows() {
    try (ConversationContext conversation =
        ConversationContext.builder("support_session_789").userId("user_456").start()) {
      try (WorkflowContext turn1 = WorkflowContext.builder("rag_001").type("rag").start()) {
        List<String> docs = retrieveDocuments.apply("How do I reset my password?");
        generateResponse.apply(docs);
      }
      try (WorkflowContext turn2 = WorkflowContext.builder("rag_002").type("rag").start()) {
        List<String> docs = retrieveDocuments.apply("And if I no longer have access to my e-mail?");
        generateResponse.apply(docs);
      }
    }
  }

  /** user_123's second conversation, on Claude, priced from the bundled genai-prices catalog. */
  void claudeConversation() {
    // @observe() def ask_claude(question): the wrapped client's `chat` span carries the usage and
    // the cost
    Function<String, String> ask =
        GenAiObservation.llm("ask_claude")
            .wrap(
                question -> {
                  Message reply =
                      claude
                          .messages()
                          .create(
                              MessageCreateParams.builder()
                                  .model("claude-sonnet-4-5")
                                  .maxTokens(1024)
                                  .system("You are a helpful weather assistant.")
                                  .addUserMessage(question)
                                  .build());
                  return reply.content().get(0).text().map(TextBlock::text).orElse("");
                });
    try (ConversationContext conversation =
        ConversationContext.builder("user_123_session_457").userId("user_123").start()) {
      ask.apply("What's the weather in SF?");
      ask.apply("What about tomorrow?");
    }
  }
}
