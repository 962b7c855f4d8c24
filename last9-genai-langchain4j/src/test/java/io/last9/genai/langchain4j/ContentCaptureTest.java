/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.testing.FakeOpenAI;
import io.last9.genai.testing.GenAiContentSchema;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.last9.genai.testing.OpenAITokens;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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

  private ChatModel model(Last9ChatModelListener listener) {
    return OpenAiChatModel.builder()
        .baseUrl(server.baseUrl())
        .apiKey("test-key")
        .modelName("gpt-4o")
        .maxRetries(0)
        .listeners(List.of(listener))
        .build();
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
    assertThat(GenAiContentSchema.assertValid(span)).isEqualTo(2);
    assertThat(span.getAttributes().get(GenAiAttributes.INPUT_MESSAGES))
        .isEqualTo(
            "[{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":\"You are terse.\"}]},"
                + "{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Weather in SF?\"}]}]");
    assertThat(span.getAttributes().get(GenAiAttributes.OUTPUT_MESSAGES))
        .isEqualTo(
            "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"It is sunny.\"}],"
                + "\"finish_reason\":\"stop\"}]");
    assertThat(span.getEvents()).isEmpty();
  }

  @Test
  void toolExecutionRequestsAndResultsAreParts() {
    server.enqueue(
        FakeOpenAI.chatCompletion("c-1", "gpt-4o", "18 degrees in Paris.", OpenAITokens.of(40, 6)));
    model(Last9ChatModelListener.create(otel.openTelemetry()))
        .chat(
            ChatRequest.builder()
                .messages(
                    UserMessage.from("Weather in Paris?"),
                    AiMessage.from(
                        ToolExecutionRequest.builder()
                            .id("call_1")
                            .name("get_weather")
                            .arguments("{\"city\":\"Paris\"}")
                            .build()),
                    ToolExecutionResultMessage.from("call_1", "get_weather", "{\"temp\":18}"))
                .build());
    SpanData span = otel.span("chat gpt-4o");
    GenAiContentSchema.assertValid(span);
    String in = span.getAttributes().get(GenAiAttributes.INPUT_MESSAGES);
    assertThat(GenAiContentSchema.roles(in)).containsExactly("user", "assistant", "tool");
    assertThat(in)
        .contains(
            "{\"type\":\"tool_call\",\"id\":\"call_1\",\"name\":\"get_weather\","
                + "\"arguments\":{\"city\":\"Paris\"}}")
        .contains("{\"type\":\"tool_call_response\",\"id\":\"call_1\",\"response\":{\"temp\":18}}");
  }

  @Test
  void aStreamedAnswerIsCapturedWhole() throws Exception {
    server.enqueue(
        FakeOpenAI.chatCompletionStream(
            "c-s", "gpt-4o", List.of("Fog ", "until ", "noon."), OpenAITokens.of(20, 4)));
    StreamingChatModel model =
        OpenAiStreamingChatModel.builder()
            .baseUrl(server.baseUrl())
            .apiKey("test-key")
            .modelName("gpt-4o")
            .listeners(List.of(Last9ChatModelListener.create(otel.openTelemetry())))
            .build();
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();
    model.chat(
        "Weather?",
        new StreamingChatResponseHandler() {
          @Override
          public void onPartialResponse(String partialResponse) {}

          @Override
          public void onCompleteResponse(ChatResponse completeResponse) {
            done.complete(completeResponse);
          }

          @Override
          public void onError(Throwable error) {
            done.completeExceptionally(error);
          }
        });
    done.get(10, TimeUnit.SECONDS);
    SpanData span = otel.awaitSpans("chat gpt-4o", 1).get(0);
    assertThat(GenAiContentSchema.assertValid(span)).isEqualTo(2);
    assertThat(GenAiContentSchema.texts(span, GenAiAttributes.INPUT_MESSAGES))
        .containsExactly("Weather?");
    assertThat(GenAiContentSchema.texts(span, GenAiAttributes.OUTPUT_MESSAGES))
        .containsExactly("Fog until noon.");
  }

  @Test
  void theRedactorRewritesBothSides() {
    server.enqueue(
        FakeOpenAI.chatCompletion(
            "c-1", "gpt-4o", "Your card 4111-1111 is fine.", OpenAITokens.of(20, 4)));
    Last9ChatModelListener listener =
        Last9ChatModelListener.builder(otel.openTelemetry())
            .redactor((field, text) -> text.replaceAll("\\d{4}-\\d{4}", "####"))
            .build();
    model(listener).chat("Is 4111-1111 valid?");
    SpanData span = otel.span("chat gpt-4o");
    GenAiContentSchema.assertValid(span);
    assertThat(GenAiContentSchema.texts(span, GenAiAttributes.INPUT_MESSAGES))
        .containsExactly("Is #### valid?");
    assertThat(GenAiContentSchema.texts(span, GenAiAttributes.OUTPUT_MESSAGES))
        .containsExactly("Your card #### is fine.");
  }

  @Test
  void captureOffPerListenerCapturesNothing() {
    server.enqueue(
        FakeOpenAI.chatCompletion("c-1", "gpt-4o", "secret answer", OpenAITokens.of(20, 4)));
    server.enqueue(
        FakeOpenAI.chatCompletion("c-2", "gpt-4o", "secret answer", OpenAITokens.of(20, 4)));
    Last9ChatModelListener off =
        Last9ChatModelListener.builder(otel.openTelemetry()).captureContent(false).build();
    model(off).chat("secret question");
    model(off).chat("secret question");
    assertThat(otel.spans("chat gpt-4o"))
        .hasSize(2)
        .allSatisfy(
            s -> {
              assertThat(GenAiContentSchema.assertValid(s)).isZero();
              assertThat(s.getAttributes() + s.getEvents().toString()).doesNotContain("secret");
            });
  }

  @Test
  void withCaptureOffAnErrorsMessageIsNotExported() {
    server.enqueue(
        FakeOpenAI.error(400, "prompt 'my secret' is too long", "invalid_request_error", null));
    Last9ChatModelListener off =
        Last9ChatModelListener.builder(otel.openTelemetry()).captureContent(false).build();
    assertThatThrownBy(() -> model(off).chat("my secret"))
        .isInstanceOf(InvalidRequestException.class);
    SpanData span = otel.span("chat gpt-4o");
    assertThat(span.getAttributes().get(GenAiAttributes.ERROR_TYPE)).isNotNull();
    assertThat(span.getStatus() + span.getEvents().toString()).doesNotContain("my secret");
  }
}
