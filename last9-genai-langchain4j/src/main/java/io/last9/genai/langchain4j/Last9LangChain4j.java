/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.langchain4j;

import dev.langchain4j.model.ModelProvider;
import io.last9.genai.ConversationContext;
import io.last9.genai.langchain4j.internal.ProviderNames;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Helpers that tie LangChain4j's chat memory to last9-genai conversations.
 *
 * <p>LangChain4j 1.19.0 does not pass an AI service's memory id to {@code ChatModelListener}s (AI
 * services call the model without listener attributes; LangChain4j issue #2927), so the listener
 * alone cannot know the conversation. Run the AI-service call through {@link #conversation(Object,
 * Supplier)} with the memory id, and every span inside, the {@code chat} spans of {@link
 * Last9ChatModelListener} included, carries {@code gen_ai.conversation.id} = the memory id and a
 * turn number:
 *
 * <pre>{@code
 * String answer = Last9LangChain4j.conversation(memoryId, () -> assistant.chat(memoryId, message));
 * }</pre>
 *
 * <p>Each model call inside takes the next turn of the conversation, continuing across calls with
 * the same memory id. For a streaming AI service, start the {@code TokenStream} inside the call:
 * the chat span takes the conversation when the request is sent, whichever thread the stream
 * completes on.
 */
public final class Last9LangChain4j {

  private Last9LangChain4j() {}

  /**
   * Runs {@code call} inside a conversation whose id is {@code memoryId} (its {@code toString()}),
   * and returns its result. Exceptions of {@code call} reach the caller unchanged.
   *
   * @throws IllegalArgumentException when {@code memoryId} is null or its string form is blank
   */
  public static <T> T conversation(Object memoryId, Supplier<T> call) {
    Objects.requireNonNull(call, "call");
    try (ConversationContext ignored = conversationScope(memoryId)) {
      return call.get();
    }
  }

  /**
   * Runs {@code call} inside a conversation whose id is {@code memoryId}; see {@link
   * #conversation(Object, Supplier)}.
   */
  public static void conversation(Object memoryId, Runnable call) {
    Objects.requireNonNull(call, "call");
    try (ConversationContext ignored = conversationScope(memoryId)) {
      call.run();
    }
  }

  /**
   * Opens (and makes current) a conversation whose id is {@code memoryId}; close it with
   * try-with-resources. Use {@code ConversationContext.builder(...)} directly to add a user id or
   * custom attributes.
   *
   * @throws IllegalArgumentException when {@code memoryId} is null or its string form is blank
   */
  public static ConversationContext conversationScope(Object memoryId) {
    if (memoryId == null) {
      throw new IllegalArgumentException("memoryId must not be null");
    }
    String id = memoryId.toString();
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("memoryId must not be blank");
    }
    return ConversationContext.builder(id).start();
  }

  /**
   * The semantic-convention {@code gen_ai.provider.name} of a LangChain4j provider: {@code OPEN_AI}
   * is {@code openai}, {@code ANTHROPIC} {@code anthropic}, {@code AZURE_OPEN_AI} {@code
   * azure.ai.openai}, {@code GOOGLE_AI_GEMINI} {@code gcp.gemini}, {@code GOOGLE_VERTEX_AI_GEMINI}
   * {@code gcp.vertex_ai}, {@code AMAZON_BEDROCK} {@code aws.bedrock}, {@code MISTRAL_AI} {@code
   * mistral_ai}, {@code OLLAMA} {@code ollama}; any other is its name in lower case. {@code null}
   * for {@code null}.
   */
  public static String providerName(ModelProvider provider) {
    return ProviderNames.of(provider);
  }
}
