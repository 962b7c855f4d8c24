/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.last9.genai.ContentCapture;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.testing.FakeOpenAI;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.last9.genai.testing.OpenAITokens;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The LangChain4j listener captures content like the rest of the library: on by default, off with
 * the JVM-wide switch or per listener, through the redactor, and error messages treated as content
 * too.
 */
class ContentCaptureTest {

  @RegisterExtension final Last9TelemetryExtension otel = Last9TelemetryExtension.create();

  @RegisterExtension final FakeOpenAI server = FakeOpenAI.start();

  @AfterEach
  void captureBackOn() {
    ContentCapture.setEnabled(true);
  }

  private ChatModel model(Last9ChatModelListener listener) {
    return OpenAiChatModel.builder()
        .baseUrl(server.baseUrl())
        .apiKey("test-key")
        .modelName("gpt-4o")
        .maxRetries(0)
        .listeners(List.of(listener))
        .build();
  }

  private static String event(
      SpanData span, String name, io.opentelemetry.api.common.AttributeKey<String> key) {
    return span.getEvents().stream()
        .filter(e -> e.getName().equals(name))
        .map(EventData::getAttributes)
        .map(a -> a.get(key))
        .findFirst()
        .orElse(null);
  }

  @Test
  void messagesAndTheAnswerAreCapturedByDefault() {
    server.enqueue(
        FakeOpenAI.chatCompletion("c-1", "gpt-4o", "It is sunny.", OpenAITokens.of(20, 4)));
    model(Last9ChatModelListener.create(otel.openTelemetry()))
        .chat(
            ChatRequest.builder()
                .messages(SystemMessage.from("You are terse."), UserMessage.from("Weather in SF?"))
                .build());
    SpanData span = otel.span("chat gpt-4o");
    assertThat(event(span, GenAiAttributes.EVENT_PROMPT, GenAiAttributes.PROMPT))
        .isEqualTo(
            "[{\"role\":\"system\",\"content\":\"You are terse.\"},"
                + "{\"role\":\"user\",\"content\":\"Weather in SF?\"}]");
    assertThat(event(span, GenAiAttributes.EVENT_COMPLETION, GenAiAttributes.COMPLETION))
        .isEqualTo("It is sunny.");
  }

  @Test
  void theRedactorRewritesBothSides() {
    server.enqueue(
        FakeOpenAI.chatCompletion(
            "c-1", "gpt-4o", "Your card 4111-1111 is fine.", OpenAITokens.of(20, 4)));
    Last9ChatModelListener listener =
        Last9ChatModelListener.builder(otel.openTelemetry())
            .redactor((side, text) -> text.replaceAll("\\d{4}-\\d{4}", "####"))
            .build();
    model(listener).chat("Is 4111-1111 valid?");
    assertThat(otel.span("chat gpt-4o").getEvents().toString())
        .doesNotContain("4111")
        .contains("####");
  }

  @Test
  void captureOffPerListenerOrJvmWideCapturesNothing() {
    server.enqueue(
        FakeOpenAI.chatCompletion("c-1", "gpt-4o", "secret answer", OpenAITokens.of(20, 4)));
    server.enqueue(
        FakeOpenAI.chatCompletion("c-2", "gpt-4o", "secret answer", OpenAITokens.of(20, 4)));
    model(Last9ChatModelListener.builder(otel.openTelemetry()).captureContent(false).build())
        .chat("secret question");
    ContentCapture.setEnabled(false);
    model(Last9ChatModelListener.create(otel.openTelemetry())).chat("secret question");
    assertThat(otel.spans("chat gpt-4o"))
        .hasSize(2)
        .allSatisfy(s -> assertThat(s.getEvents().toString()).doesNotContain("secret"));
  }

  @Test
  void withCaptureOffAnErrorsMessageIsNotExported() {
    ContentCapture.setEnabled(false);
    server.enqueue(
        FakeOpenAI.error(400, "prompt 'my secret' is too long", "invalid_request_error", null));
    assertThatThrownBy(
            () -> model(Last9ChatModelListener.create(otel.openTelemetry())).chat("my secret"))
        .isInstanceOf(InvalidRequestException.class);
    SpanData span = otel.span("chat gpt-4o");
    assertThat(span.getAttributes().get(GenAiAttributes.ERROR_TYPE)).isNotNull();
    assertThat(span.getStatus() + span.getEvents().toString()).doesNotContain("my secret");
  }
}
