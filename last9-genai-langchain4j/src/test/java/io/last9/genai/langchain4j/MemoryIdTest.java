/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.memory.chat.MessageWindowChatMemory;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.MemoryId;
import dev.langchain4j.service.UserMessage;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.testing.FakeOpenAI;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.last9.genai.testing.OpenAITokens;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An AI service with per-user chat memory: the memory id becomes the conversation id, with turns.
 */
class MemoryIdTest {

  interface Assistant {
    String chat(@MemoryId String memoryId, @UserMessage String message);
  }

  @RegisterExtension final Last9TelemetryExtension otel = Last9TelemetryExtension.create();

  @RegisterExtension final FakeOpenAI server = FakeOpenAI.start();

  private Assistant assistant;

  @BeforeEach
  void setUp() {
    ChatModel model =
        OpenAiChatModel.builder()
            .baseUrl(server.baseUrl())
            .apiKey("k")
            .modelName("gpt-4o")
            .maxRetries(0)
            .listeners(List.of(Last9ChatModelListener.create(otel.openTelemetry())))
            .build();
    assistant =
        AiServices.builder(Assistant.class)
            .chatModel(model)
            .chatMemoryProvider(id -> MessageWindowChatMemory.withMaxMessages(10))
            .build();
  }

  @Test
  void memoryIdIsTheConversationIdAndTurnsContinuePerMemoryId() {
    for (int i = 1; i <= 4; i++) {
      server.enqueue(
          FakeOpenAI.chatCompletion(
              "chatcmpl-" + i, "gpt-4o-2024-08-06", "answer " + i, OpenAITokens.of(100, 10)));
    }

    assertThat(
            Last9LangChain4j.conversation("alice", () -> assistant.chat("alice", "Hi, I am Alice")))
        .isEqualTo("answer 1");
    Last9LangChain4j.conversation("bob", () -> assistant.chat("bob", "Hi, I am Bob"));
    Last9LangChain4j.conversation("alice", () -> assistant.chat("alice", "What is my name?"));
    Last9LangChain4j.conversation(
        "bob",
        () -> {
          assistant.chat("bob", "And mine?");
        });

    List<SpanData> spans = otel.spans("chat gpt-4o");
    assertThat(spans)
        .extracting(s -> s.getAttributes().get(GenAiAttributes.CONVERSATION_ID))
        .containsExactly("alice", "bob", "alice", "bob");
    assertThat(spans)
        .extracting(s -> s.getAttributes().get(GenAiAttributes.CONVERSATION_TURN))
        .containsExactly(1L, 1L, 2L, 2L);
    // the chat memory is keyed by the same id: alice's second request carries her first exchange,
    // not bob's
    String aliceSecond = server.requests().get(2).body();
    assertThat(aliceSecond).contains("Hi, I am Alice").contains("answer 1").doesNotContain("Bob");
    assertThat(spans)
        .allSatisfy(
            s -> assertThat(s.getAttributes().get(GenAiAttributes.USAGE_COST_USD)).isNotNull());
  }

  @Test
  void withoutTheHelperLangChain4jDoesNotTellTheListenerTheMemoryId() {
    server.enqueue(
        FakeOpenAI.chatCompletion(
            "chatcmpl-1", "gpt-4o-2024-08-06", "hello", OpenAITokens.of(100, 10)));

    assistant.chat("carol", "Hi");

    // if a later LangChain4j passes the memory id to listeners, this fails and the helper can go
    assertThat(otel.span("chat gpt-4o").getAttributes().get(GenAiAttributes.CONVERSATION_ID))
        .isNull();
  }

  @Test
  void nullOrBlankMemoryIdIsRejectedNamingTheParameter() {
    assertThatThrownBy(() -> Last9LangChain4j.conversation(null, () -> "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("memoryId");
    assertThatThrownBy(() -> Last9LangChain4j.conversation(" ", () -> "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("memoryId");
  }
}
