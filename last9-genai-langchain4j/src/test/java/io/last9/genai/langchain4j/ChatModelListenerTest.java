/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.last9.genai.ConversationContext;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.testing.FakeOpenAI;
import io.last9.genai.testing.GenAiContentSchema;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.last9.genai.testing.OpenAITokens;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Synchronous chat calls of a real OpenAiChatModel against an OpenAI-speaking server on loopback.
 */
class ChatModelListenerTest {

  @RegisterExtension final Last9TelemetryExtension otel = Last9TelemetryExtension.create();

  @RegisterExtension final FakeOpenAI server = FakeOpenAI.start();

  private ChatModel model;

  @BeforeEach
  void setUp() {
    model =
        OpenAiChatModel.builder()
            .baseUrl(server.baseUrl())
            .apiKey("test-key")
            .modelName("gpt-4o")
            .temperature(0.2)
            .maxTokens(512)
            .maxRetries(0)
            .listeners(List.of(Last9ChatModelListener.create(otel.openTelemetry())))
            .build();
  }

  @Test
  void syncChatSpanCarriesRequestResponseCachedAndReasoningTokensAndCost() {
    server.enqueue(
        FakeOpenAI.chatCompletion(
            "chatcmpl-1",
            "gpt-4o-2024-08-06",
            "It is sunny.",
            OpenAITokens.of(1200, 300).withCachedTokens(1000).withReasoningTokens(100)));

    ChatResponse response =
        model.chat(
            ChatRequest.builder()
                .messages(UserMessage.from("What's the weather in SF?"))
                .topP(0.9)
                .stopSequences(List.of("END"))
                .build());

    assertThat(response.aiMessage().text()).isEqualTo("It is sunny.");
    assertThat(otel.spans()).hasSize(1);
    SpanData span = otel.span("chat gpt-4o");
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.getParentSpanContext().isValid()).isFalse();
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(span.getInstrumentationScopeInfo().getName())
        .isEqualTo("io.last9.genai.langchain4j");
    var a = span.getAttributes();
    assertThat(a.get(GenAiAttributes.OPERATION_NAME)).isEqualTo("chat");
    assertThat(a.get(GenAiAttributes.PROVIDER_NAME)).isEqualTo("openai");
    assertThat(a.get(GenAiAttributes.REQUEST_MODEL)).isEqualTo("gpt-4o");
    assertThat(a.get(AttributeKey.doubleKey("gen_ai.request.temperature"))).isEqualTo(0.2);
    assertThat(a.get(AttributeKey.doubleKey("gen_ai.request.top_p"))).isEqualTo(0.9);
    assertThat(a.get(AttributeKey.longKey("gen_ai.request.max_tokens"))).isEqualTo(512L);
    assertThat(a.get(AttributeKey.stringArrayKey("gen_ai.request.stop_sequences")))
        .containsExactly("END");
    assertThat(a.get(GenAiAttributes.RESPONSE_ID)).isEqualTo("chatcmpl-1");
    assertThat(a.get(GenAiAttributes.RESPONSE_MODEL)).isEqualTo("gpt-4o-2024-08-06");
    assertThat(a.get(GenAiAttributes.RESPONSE_FINISH_REASONS)).containsExactly("stop");
    assertThat(a.get(GenAiAttributes.USAGE_INPUT_TOKENS)).isEqualTo(1200L);
    assertThat(a.get(GenAiAttributes.USAGE_OUTPUT_TOKENS)).isEqualTo(300L);
    assertThat(a.get(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS)).isEqualTo(1000L);
    assertThat(a.get(GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS)).isEqualTo(100L);
    assertThat(a.get(GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS)).isNull();
    // gpt-4o: 200 uncached x 2.50 + 1000 cached x 1.25 + 300 output x 10.00, per million = 0.00475
    assertThat(a.get(GenAiAttributes.USAGE_COST_INPUT_USD)).isCloseTo(0.00175, within(1e-12));
    assertThat(a.get(GenAiAttributes.USAGE_COST_OUTPUT_USD)).isCloseTo(0.003, within(1e-12));
    assertThat(a.get(GenAiAttributes.USAGE_COST_USD)).isCloseTo(0.00475, within(1e-12));
    assertThat(a.get(GenAiAttributes.COST_PRICE_SOURCE))
        .isEqualTo("genai-prices:openai/gpt-4o@2026-08-21");
    assertThat(GenAiContentSchema.assertValid(span)).as("input and output messages").isEqualTo(2);
    assertThat(span.getEvents()).as("no removed content event").isEmpty();
    assertThat(server.requests())
        .singleElement()
        .satisfies(r -> assertThat(r.path()).isEqualTo("/v1/chat/completions"));
  }

  /**
   * OpenAI reports {@code cached_tokens: 0} when nothing was cached: the span carries that 0, so
   * its cost is exact, not an upper bound.
   */
  @Test
  void aCallWithNothingCachedCarriesTheZeroAndAnExactCost() {
    server.enqueue(
        FakeOpenAI.chatCompletion(
            "chatcmpl-2", "gpt-4o-2024-08-06", "It is sunny.", OpenAITokens.of(1200, 300)));

    model.chat(ChatRequest.builder().messages(UserMessage.from("Weather?")).build());

    var a = otel.span("chat gpt-4o").getAttributes();
    assertThat(a.get(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS)).isZero();
    // 1,200 x 2.50 + 300 x 10.00 per million
    assertThat(a.get(GenAiAttributes.USAGE_COST_USD)).isCloseTo(0.006, within(1e-12));
    assertThat(a.get(GenAiAttributes.COST_UPPER_BOUND)).isNull();
  }

  @Test
  void conversationTurnsAreNumberedPerModelCall() {
    server.enqueue(
        FakeOpenAI.chatCompletion(
            "chatcmpl-1", "gpt-4o-2024-08-06", "Sunny.", OpenAITokens.of(100, 10)));
    server.enqueue(
        FakeOpenAI.chatCompletion(
            "chatcmpl-2", "gpt-4o-2024-08-06", "No umbrella.", OpenAITokens.of(130, 20)));

    try (ConversationContext c =
        ConversationContext.builder("user_123_session_456").userId("user_123").start()) {
      model.chat("What's the weather in SF?");
      model.chat("Will I need an umbrella?");
    }

    List<SpanData> spans = otel.spans("chat gpt-4o");
    assertThat(spans)
        .extracting(s -> s.getAttributes().get(GenAiAttributes.CONVERSATION_TURN))
        .containsExactly(1L, 2L);
    assertThat(spans)
        .allSatisfy(
            s -> {
              assertThat(s.getAttributes().get(GenAiAttributes.CONVERSATION_ID))
                  .isEqualTo("user_123_session_456");
              assertThat(s.getAttributes().get(GenAiAttributes.USER_ID)).isEqualTo("user_123");
            });
    // 100 x 2.50 + 10 x 10.00 = 0.00035; 130 x 2.50 + 20 x 10.00 = 0.000525
    assertThat(spans)
        .extracting(s -> s.getAttributes().get(GenAiAttributes.USAGE_COST_USD))
        .satisfiesExactly(
            c -> assertThat(c).isCloseTo(0.00035, within(1e-12)),
            c -> assertThat(c).isCloseTo(0.000525, within(1e-12)));
  }

  @Test
  void rateLimitEndsTheSpanWithErrorAndOneExceptionEvent() {
    server.enqueue(FakeOpenAI.rateLimited());

    Throwable thrown = catchThrown(() -> model.chat("hi"));

    assertThat(thrown).isInstanceOf(RateLimitException.class);
    SpanData span = otel.span("chat gpt-4o");
    assertError(span, thrown, RateLimitException.class.getName());
    assertThat(server.requests()).as("maxRetries(0): one attempt").hasSize(1);
  }

  @Test
  void serverErrorEndsTheSpanWithErrorAndOneExceptionEvent() {
    server.enqueue(FakeOpenAI.serverError());

    Throwable thrown = catchThrown(() -> model.chat("hi"));

    assertThat(thrown).isInstanceOf(InternalServerException.class);
    assertError(otel.span("chat gpt-4o"), thrown, InternalServerException.class.getName());
  }

  static void assertError(SpanData span, Throwable thrown, String errorType) {
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(GenAiAttributes.ERROR_TYPE)).isEqualTo(errorType);
    assertThat(span.getAttributes().get(GenAiAttributes.USAGE_INPUT_TOKENS)).isNull();
    assertThat(span.getAttributes().get(GenAiAttributes.USAGE_COST_USD)).isNull();
    List<EventData> exceptions =
        span.getEvents().stream().filter(e -> e.getName().equals("exception")).toList();
    assertThat(exceptions).hasSize(1);
    assertThat(exceptions.get(0).getAttributes().get(GenAiAttributes.EXCEPTION_TYPE))
        .isEqualTo(thrown.getClass().getName());
  }

  static Throwable catchThrown(Runnable r) {
    try {
      r.run();
    } catch (Throwable t) {
      return t;
    }
    throw new AssertionError("expected an exception");
  }
}
