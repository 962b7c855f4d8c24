/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.openai;

import static io.last9.genai.GenAiAttributes.*;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.satisfies;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import io.last9.genai.ConversationContext;
import io.last9.genai.WorkflowContext;
import io.last9.genai.pricing.UsageComponent;
import io.last9.genai.testing.FakeOpenAI;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.last9.genai.testing.OpenAITokens;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The real openai-java client against a local server speaking OpenAI's wire format, wrapped with
 * {@link Last9OpenAI}: span tree, semantic-convention attributes, normalised tokens and costs
 * (bundled catalog: gpt-4o 2.50 input / 1.25 cached / 10.00 output, o4-mini 1.10 / 0.275 / 4.40,
 * text-embedding-3-small 0.02, USD per million tokens, checked against genai-prices.json).
 */
class Last9OpenAITest {

  static final AttributeKey<Long> CACHE_READ = USAGE_CACHE_READ_INPUT_TOKENS;
  static final AttributeKey<Long> REASONING = USAGE_REASONING_OUTPUT_TOKENS;

  @RegisterExtension final Last9TelemetryExtension otel = Last9TelemetryExtension.create();

  @RegisterExtension final FakeOpenAI server = FakeOpenAI.start();

  OpenAIClient client;

  @BeforeEach
  void start() {
    client =
        Last9OpenAI.builder(otel.openTelemetry())
            .captureContent(false)
            .build()
            .wrap(RawClients.of(server));
  }

  static ChatCompletionCreateParams chat(String model, String message) {
    return ChatCompletionCreateParams.builder().model(model).addUserMessage(message).build();
  }

  @Test
  void syncChatCompletionCarriesCachedTokensAndIsPricedOnTheClientSpan() {
    server.enqueue(
        FakeOpenAI.chatCompletion(
            "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT",
            "gpt-4o-2024-08-06",
            "It's 18°C and foggy in SF.",
            OpenAITokens.of(2000, 150).withCachedTokens(1536)));

    ChatCompletion c =
        client.chat().completions().create(chat("gpt-4o", "What's the weather in SF?"));

    assertThat(c.choices().get(0).message().content()).hasValue("It's 18°C and foggy in SF.");
    assertThat(otel.spans()).hasSize(1);
    // (2000 - 1536) x 2.50 + 1536 x 1.25 = 1160 + 1920 = 3080 -> input 0.00308
    // 150 x 10.00 = 1500 -> output 0.0015; total 4580 / 1e6 = 0.00458
    OpenTelemetryAssertions.assertThat(otel.span("chat gpt-4o"))
        .hasKind(SpanKind.CLIENT)
        .hasStatus(StatusData.unset())
        .hasAttributesSatisfying(
            equalTo(OPERATION_NAME, "chat"),
            equalTo(PROVIDER_NAME, "openai"),
            equalTo(REQUEST_MODEL, "gpt-4o"),
            equalTo(RESPONSE_MODEL, "gpt-4o-2024-08-06"),
            equalTo(RESPONSE_ID, "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT"),
            equalTo(RESPONSE_FINISH_REASONS, List.of("stop")),
            equalTo(USAGE_INPUT_TOKENS, 2000L),
            equalTo(USAGE_OUTPUT_TOKENS, 150L),
            equalTo(CACHE_READ, 1536L),
            satisfies(USAGE_COST_INPUT_USD, v -> v.isCloseTo(0.00308, within(1e-12))),
            satisfies(USAGE_COST_OUTPUT_USD, v -> v.isCloseTo(0.0015, within(1e-12))),
            satisfies(USAGE_COST_USD, v -> v.isCloseTo(0.00458, within(1e-12))),
            equalTo(COST_PRICE_SOURCE, "genai-prices:openai/gpt-4o@2026-08-21"))
        .hasAttributesSatisfying(
            a -> assertThat(a.get(REASONING)).as("no reasoning tokens: no attribute").isNull());
  }

  @Test
  void reasoningModelChatCompletionCarriesReasoningTokens() {
    server.enqueue(
        FakeOpenAI.chatCompletion(
            "chatcmpl-o4",
            "o4-mini-2025-04-16",
            "42",
            OpenAITokens.of(500, 900).withReasoningTokens(640)));

    client.chat().completions().create(chat("o4-mini", "Think hard: 6 x 7?"));

    Attributes a = otel.span("chat o4-mini").getAttributes();
    assertThat(a.get(USAGE_INPUT_TOKENS)).isEqualTo(500L);
    assertThat(a.get(USAGE_OUTPUT_TOKENS)).as("reasoning included").isEqualTo(900L);
    assertThat(a.get(REASONING)).isEqualTo(640L);
    assertThat(a.get(CACHE_READ)).as("reported as 0: none cached, so the cost is exact").isZero();
    // 500 x 1.10 + 900 x 4.40 = 550 + 3960 = 4510 -> 0.00451 (reasoning billed as output, not
    // twice)
    assertThat(a.get(USAGE_COST_USD)).isCloseTo(0.00451, within(1e-12));
  }

  @Test
  void asyncChatCompletionIsPricedWithCachedTokens() throws Exception {
    server.enqueue(
        FakeOpenAI.chatCompletion(
            "chatcmpl-async",
            "gpt-4o-2024-08-06",
            "Not today.",
            OpenAITokens.of(2000, 150).withCachedTokens(1536)));

    ChatCompletion c =
        client.async().chat().completions().create(chat("gpt-4o", "Umbrella?")).get();

    assertThat(c.id()).isEqualTo("chatcmpl-async");
    Attributes a = otel.span("chat gpt-4o").getAttributes();
    assertThat(a.get(CACHE_READ)).isEqualTo(1536L);
    // same usage as the sync test: 0.00458
    assertThat(a.get(USAGE_COST_USD)).isCloseTo(0.00458, within(1e-12));
  }

  @Test
  void streamAsksForTheUsageChunkAndIsPricedWhenItEnds() {
    String id = "chatcmpl-stream";
    String model = "gpt-4o-2024-08-06";
    server.enqueue(
        FakeOpenAI.chatCompletionStream(
            id,
            model,
            List.of("Hello", " world"),
            OpenAITokens.of(1100, 12).withCachedTokens(1024)));

    String text;
    try (StreamResponse<ChatCompletionChunk> s =
        client.chat().completions().createStreaming(chat("gpt-4o", "Say hello"))) {
      text =
          s.stream()
              .flatMap(ch -> ch.choices().stream())
              .map(ch -> ch.delta().content().orElse(""))
              .collect(Collectors.joining());
    }

    assertThat(text).isEqualTo("Hello world");
    assertThat(server.requests().get(0).body())
        .contains("\"stream_options\":{\"include_usage\":true}");
    SpanData span = otel.span("chat gpt-4o");
    Attributes a = span.getAttributes();
    assertThat(a.get(RESPONSE_MODEL)).isEqualTo(model);
    assertThat(a.get(RESPONSE_ID)).isEqualTo(id);
    assertThat(a.get(RESPONSE_FINISH_REASONS)).containsExactly("stop");
    assertThat(a.get(USAGE_INPUT_TOKENS)).isEqualTo(1100L);
    assertThat(a.get(USAGE_OUTPUT_TOKENS)).isEqualTo(12L);
    assertThat(a.get(CACHE_READ)).isEqualTo(1024L);
    // (1100 - 1024) x 2.50 + 1024 x 1.25 + 12 x 10.00 = 190 + 1280 + 120 = 1590 -> 0.00159
    assertThat(a.get(USAGE_COST_USD)).isCloseTo(0.00159, within(1e-12));
  }

  @Test
  void callerSettingIncludeUsageFalseIsRespected() {
    String id = "chatcmpl-nousage";
    String model = "gpt-4o-2024-08-06";
    // usage scripted, but the fake sends the usage chunk only when the request asks for it
    server.enqueue(
        FakeOpenAI.chatCompletionStream(id, model, List.of("Hi"), OpenAITokens.of(8, 1)));

    try (StreamResponse<ChatCompletionChunk> s =
        client
            .chat()
            .completions()
            .createStreaming(
                chat("gpt-4o", "Hi").toBuilder()
                    .streamOptions(
                        com.openai.models.chat.completions.ChatCompletionStreamOptions.builder()
                            .includeUsage(false)
                            .build())
                    .build())) {
      s.stream().forEach(ch -> {});
    }

    assertThat(server.requests().get(0).body()).contains("\"include_usage\":false");
    Attributes a = otel.span("chat gpt-4o").getAttributes();
    assertThat(a.get(USAGE_INPUT_TOKENS)).isNull();
    assertThat(a.get(USAGE_COST_USD)).as("no usage, no cost").isNull();
    assertThat(a.get(COST_UNPRICED)).as("marked, never a silent $0").isTrue();
    assertThat(a.get(COST_UNPRICED_REASON)).isEqualTo("no_usage");
  }

  @Test
  void streamClosedHalfwayEndsTheSpanWithoutUsageOrCost() {
    String id = "chatcmpl-early";
    String model = "gpt-4o-2024-08-06";
    server.enqueue(
        FakeOpenAI.chatCompletionStream(
            id, model, List.of("Once", " upon", " a time"), OpenAITokens.of(30, 4)));

    String first;
    try (StreamResponse<ChatCompletionChunk> s =
        client.chat().completions().createStreaming(chat("gpt-4o", "Tell me a story"))) {
      Iterator<ChatCompletionChunk> it = s.stream().iterator();
      it.next();
      first = it.next().choices().get(0).delta().content().orElse("");
    } // closed by the caller after two chunks

    assertThat(first).isEqualTo("Once");
    assertThat(server.requests().get(0).body()).contains("\"include_usage\":true");
    SpanData span = otel.span("chat gpt-4o");
    assertThat(span.hasEnded()).isTrue();
    Attributes a = span.getAttributes();
    assertThat(a.get(RESPONSE_ID)).isEqualTo(id);
    assertThat(a.get(USAGE_INPUT_TOKENS)).isNull();
    assertThat(a.get(USAGE_OUTPUT_TOKENS)).isNull();
    assertThat(a.get(CACHE_READ)).isNull();
    assertThat(a.get(USAGE_COST_USD)).as("never a made-up number").isNull();
    assertThat(a.get(COST_UNPRICED)).as("a call whose usage never arrived says so").isTrue();
    assertThat(a.get(COST_UNPRICED_REASON)).isEqualTo("no_usage");
  }

  @Test
  void responsesApiCallGetsAPricedClientSpan() {
    server.enqueue(
        FakeOpenAI.response(
            "resp_67ccd2bed1ec8190b14f964abc054267",
            "o4-mini-2025-04-16",
            "The answer is 42.",
            OpenAITokens.of(3000, 800).withCachedTokens(2048).withReasoningTokens(512)));

    Response r =
        client
            .responses()
            .create(
                ResponseCreateParams.builder().model("o4-mini").input("What is 6 x 7?").build());

    assertThat(r.id()).isEqualTo("resp_67ccd2bed1ec8190b14f964abc054267");
    assertThat(server.requests().get(0).path()).isEqualTo("/v1/responses");
    SpanData span = otel.span("chat o4-mini");
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    Attributes a = span.getAttributes();
    assertThat(a.get(OPERATION_NAME)).isEqualTo("chat");
    assertThat(a.get(PROVIDER_NAME)).isEqualTo("openai");
    assertThat(a.get(REQUEST_MODEL)).isEqualTo("o4-mini");
    assertThat(a.get(RESPONSE_MODEL)).isEqualTo("o4-mini-2025-04-16");
    assertThat(a.get(RESPONSE_ID)).isEqualTo("resp_67ccd2bed1ec8190b14f964abc054267");
    assertThat(a.get(RESPONSE_FINISH_REASONS)).containsExactly("completed");
    assertThat(a.get(USAGE_INPUT_TOKENS)).isEqualTo(3000L);
    assertThat(a.get(USAGE_OUTPUT_TOKENS)).isEqualTo(800L);
    assertThat(a.get(CACHE_READ)).isEqualTo(2048L);
    assertThat(a.get(REASONING)).isEqualTo(512L);
    // (3000 - 2048) x 1.10 + 2048 x 0.275 + 800 x 4.40 = 1047.2 + 563.2 + 3520 = 5130.4 ->
    // 0.0051304
    assertThat(a.get(USAGE_COST_USD)).isCloseTo(0.0051304, within(1e-12));
    assertThat(a.get(COST_PRICE_SOURCE)).isEqualTo("genai-prices:openai/o4-mini@2026-08-21");
  }

  @Test
  void audioTokensOfAChatCompletionArePricedAtTheAudioPrices() {
    // gpt-audio: input 2.50, input_audio 32, output 10, output_audio 64 (bundled catalog)
    server.enqueue(
        FakeOpenAI.chatCompletion(
            "chatcmpl-audio",
            "gpt-audio-2025-08-28",
            "Hello there.",
            OpenAITokens.of(1_200, 500).withAudioInputTokens(800).withAudioOutputTokens(300)));

    client.chat().completions().create(chat("gpt-audio", "Say hello"));

    Attributes a = otel.span("chat gpt-audio").getAttributes();
    assertThat(a.get(UsageComponent.INPUT_AUDIO_TOKENS.attributeKey())).isEqualTo(800L);
    assertThat(a.get(UsageComponent.OUTPUT_AUDIO_TOKENS.attributeKey())).isEqualTo(300L);
    // input: (1200 - 800) x 2.50 + 800 x 32 = 1000 + 25600 = 26600 -> 0.0266
    // output: (500 - 300) x 10 + 300 x 64 = 2000 + 19200 = 21200 -> 0.0212; total 0.0478
    // (billed as text it would be 1200 x 2.5 + 500 x 10 = 0.008)
    assertThat(a.get(USAGE_COST_INPUT_USD)).isCloseTo(0.0266, within(1e-12));
    assertThat(a.get(USAGE_COST_OUTPUT_USD)).isCloseTo(0.0212, within(1e-12));
    assertThat(a.get(USAGE_COST_USD)).isCloseTo(0.0478, within(1e-12));
    assertThat(a.get(COST_PRICE_SOURCE)).isEqualTo("genai-prices:openai/gpt-audio@2026-08-21");
  }

  @Test
  void audioTokensOfAResponsesCallArePricedAtTheAudioPrices() {
    server.enqueue(
        FakeOpenAI.response(
            "resp_audio",
            "gpt-audio",
            "Hello.",
            OpenAITokens.of(1_000, 400).withAudioInputTokens(500).withAudioOutputTokens(100)));

    client
        .responses()
        .create(ResponseCreateParams.builder().model("gpt-audio").input("Say hello").build());

    Attributes a = otel.span("chat gpt-audio").getAttributes();
    assertThat(a.get(UsageComponent.INPUT_AUDIO_TOKENS.attributeKey())).isEqualTo(500L);
    assertThat(a.get(UsageComponent.OUTPUT_AUDIO_TOKENS.attributeKey())).isEqualTo(100L);
    // input: 500 x 2.50 + 500 x 32 = 1250 + 16000 = 17250 -> 0.01725
    // output: 300 x 10 + 100 x 64 = 3000 + 6400 = 9400 -> 0.0094; total 0.02665
    assertThat(a.get(USAGE_COST_USD)).isCloseTo(0.02665, within(1e-12));
  }

  @Test
  void embeddingsCallIsPricedOnInputTokens() {
    server.enqueue(FakeOpenAI.embeddings("text-embedding-3-small", 1, 3, 8));

    CreateEmbeddingResponse r =
        client
            .embeddings()
            .create(
                EmbeddingCreateParams.builder()
                    .model("text-embedding-3-small")
                    .input("The food was delicious and the waiter...")
                    .build());

    assertThat(r.data()).hasSize(1);
    SpanData span = otel.span("embeddings text-embedding-3-small");
    Attributes a = span.getAttributes();
    assertThat(a.get(OPERATION_NAME)).isEqualTo("embeddings");
    assertThat(a.get(USAGE_INPUT_TOKENS)).isEqualTo(8L);
    assertThat(a.get(USAGE_OUTPUT_TOKENS)).isNull();
    // 8 x 0.02 / 1e6 = 0.00000016
    assertThat(a.get(USAGE_COST_USD)).isCloseTo(0.00000016, within(1e-15));
  }

  @Test
  void rateLimitErrorMarksTheSpanAndCostsNothing() {
    server.enqueue(FakeOpenAI.rateLimited());

    assertThatThrownBy(() -> client.chat().completions().create(chat("gpt-4o", "Hi")))
        .isInstanceOf(RateLimitException.class);

    assertThat(server.requests()).as("maxRetries(0): one request").hasSize(1);
    SpanData span = otel.span("chat gpt-4o");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(ERROR_TYPE)).isEqualTo(RateLimitException.class.getName());
    assertThat(span.getAttributes().get(USAGE_COST_USD)).isNull();
    assertThat(span.getAttributes().get(USAGE_INPUT_TOKENS)).isNull();
  }

  @Test
  void serverErrorOnResponsesMarksTheSpanAndCostsNothing() {
    server.enqueue(FakeOpenAI.serverError());

    assertThatThrownBy(
            () ->
                client
                    .responses()
                    .create(ResponseCreateParams.builder().model("gpt-4o").input("Hi").build()))
        .isInstanceOf(InternalServerException.class);

    SpanData span = otel.span("chat gpt-4o");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(ERROR_TYPE))
        .isEqualTo(InternalServerException.class.getName());
    assertThat(span.getAttributes().get(USAGE_COST_USD)).isNull();
    assertThat(span.getEvents()).extracting(e -> e.getName()).containsExactly("exception");
  }

  @Test
  void serverErrorOnChatMarksTheSpan() {
    server.enqueue(FakeOpenAI.serverError());

    assertThatThrownBy(() -> client.chat().completions().create(chat("gpt-4o", "Hi")))
        .isInstanceOf(InternalServerException.class);

    SpanData span = otel.span("chat gpt-4o");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(ERROR_TYPE))
        .isEqualTo(InternalServerException.class.getName());
    assertThat(span.getAttributes().get(USAGE_COST_USD)).isNull();
  }

  @Test
  void insideAConversationAndAWorkflowTurnsAndTotalsAddUp() {
    String model = "gpt-4o-2024-08-06";
    server
        .enqueue(FakeOpenAI.embeddings("text-embedding-3-small", 1, 3, 8))
        .enqueue(
            FakeOpenAI.chatCompletion(
                "chatcmpl-1", model, "Hi!", OpenAITokens.of(2000, 150).withCachedTokens(1536)))
        .enqueue(
            FakeOpenAI.chatCompletionStream(
                "chatcmpl-2",
                model,
                List.of("Yes"),
                OpenAITokens.of(1100, 12).withCachedTokens(1024)));

    try (ConversationContext conversation =
        ConversationContext.builder("support_session_789").userId("user_456").start()) {
      try (WorkflowContext rag =
          WorkflowContext.builder("rag_001")
              .type("rag")
              .openTelemetry(otel.openTelemetry())
              .start()) {
        client
            .embeddings()
            .create(
                EmbeddingCreateParams.builder()
                    .model("text-embedding-3-small")
                    .input("refund policy")
                    .build());
        client.chat().completions().create(chat("gpt-4o", "Hello"));
      }
      try (StreamResponse<ChatCompletionChunk> s =
          client.chat().completions().createStreaming(chat("gpt-4o", "Are you there?"))) {
        s.stream().forEach(ch -> {});
      }
    }

    SpanData workflow = otel.span("invoke_workflow rag");
    SpanData embed = otel.span("embeddings text-embedding-3-small");
    List<SpanData> chats = otel.spans("chat gpt-4o");
    assertThat(chats).hasSize(2);
    SpanData sync = chats.get(0);
    SpanData stream = chats.get(1);
    // the span tree: both workflow calls are children of the workflow span; the stream is its own
    // trace
    assertThat(embed.getParentSpanId()).isEqualTo(workflow.getSpanId());
    assertThat(sync.getParentSpanId()).isEqualTo(workflow.getSpanId());
    assertThat(stream.getParentSpanContext().isValid()).isFalse();
    // turns: the workflow is turn 1 (every span inside it too), the stream is turn 2
    assertThat(workflow.getAttributes().get(CONVERSATION_TURN)).isEqualTo(1L);
    assertThat(embed.getAttributes().get(CONVERSATION_TURN)).isEqualTo(1L);
    assertThat(sync.getAttributes().get(CONVERSATION_TURN)).isEqualTo(1L);
    assertThat(stream.getAttributes().get(CONVERSATION_TURN)).isEqualTo(2L);
    for (SpanData s : otel.spans()) {
      assertThat(s.getAttributes().get(CONVERSATION_ID)).isEqualTo("support_session_789");
      assertThat(s.getAttributes().get(USER_ID)).isEqualTo("user_456");
    }
    assertThat(sync.getAttributes().get(WORKFLOW_ID)).isEqualTo("rag_001");
    assertThat(stream.getAttributes().get(WORKFLOW_ID)).isNull();
    // embeddings 0.00000016 + chat 0.00458 = 0.00458016; stream 0.00159 is outside the workflow
    Attributes w = workflow.getAttributes();
    assertThat(w.get(WORKFLOW_TOTAL_COST_USD)).isCloseTo(0.00458016, within(1e-12));
    assertThat(w.get(WORKFLOW_LLM_CALLS)).isEqualTo(2L);
    assertThat(w.get(WORKFLOW_INPUT_TOKENS)).isEqualTo(2008L);
    assertThat(w.get(WORKFLOW_OUTPUT_TOKENS)).isEqualTo(150L);
    assertThat(w.get(USAGE_COST_USD)).isNull();
    // each call priced once: 0.00458016 + 0.00159 = 0.00617016
    assertThat(otel.sumOfSpanCosts()).isCloseTo(0.00617016, within(1e-12));
  }
}
