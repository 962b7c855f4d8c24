/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.openai;

import static io.last9.genai.GenAiAttributes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.client.okhttp.OpenAIOkHttpClientAsync;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import io.last9.genai.ConversationContext;
import io.last9.genai.WorkflowContext;
import io.last9.genai.testing.FakeOpenAI;
import io.last9.genai.testing.GenAiContentSchema;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.last9.genai.testing.OpenAITokens;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Streamed calls through {@link Last9OpenAI}, against a local server that streams as OpenAI does (a
 * chat completion stream carries its usage only when the request sets {@code
 * stream_options.include_usage}; a Responses stream always ends with it): every streamed call is
 * priced from its usage or marked {@code no_usage}, never $0, and counts in its workflow; the
 * caller never sees a usage chunk it did not ask for.
 */
class StreamingTest {

  static final String MODEL = "gpt-4o-2024-08-06";

  /** 1,100 in (1,024 cached), 12 out at gpt-4o: 76 x 2.50 + 1,024 x 1.25 + 12 x 10 = 0.00159. */
  static final OpenAITokens USAGE = OpenAITokens.of(1100, 12).withCachedTokens(1024);

  static final double COST = 0.00159;

  @RegisterExtension final Last9TelemetryExtension otel = Last9TelemetryExtension.create();

  @RegisterExtension final FakeOpenAI server = FakeOpenAI.start();

  OpenAIClient wrapped(boolean streamUsage) {
    Last9OpenAI.Builder b = Last9OpenAI.builder(otel.openTelemetry()).captureContent(false);
    if (!streamUsage) {
      b.streamUsage(false);
    }
    return b.build().wrap(RawClients.of(server));
  }

  OpenAIClientAsync wrappedAsync() {
    return Last9OpenAI.wrap(
        OpenAIOkHttpClientAsync.builder()
            .baseUrl(server.baseUrl())
            .apiKey("sk-test")
            .maxRetries(0)
            .build(),
        otel.openTelemetry());
  }

  static ChatCompletionCreateParams chat(String message) {
    return ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage(message).build();
  }

  static boolean isUsageChunk(ChatCompletionChunk c) {
    return c.choices().isEmpty() && c.usage().isPresent();
  }

  static String text(List<ChatCompletionChunk> chunks) {
    return chunks.stream()
        .flatMap(c -> c.choices().stream())
        .map(c -> c.delta().content().orElse(""))
        .collect(Collectors.joining());
  }

  static void assertPriced(Attributes a) {
    assertThat(a.get(USAGE_INPUT_TOKENS)).isEqualTo(1100L);
    assertThat(a.get(USAGE_OUTPUT_TOKENS)).isEqualTo(12L);
    assertThat(a.get(USAGE_CACHE_READ_INPUT_TOKENS)).isEqualTo(1024L);
    assertThat(a.get(USAGE_COST_USD)).isCloseTo(COST, within(1e-12));
    assertThat(a.get(COST_UNPRICED)).isNull();
  }

  static void assertMarkedNoUsage(Attributes a) {
    assertThat(a.get(USAGE_INPUT_TOKENS)).isNull();
    assertThat(a.get(USAGE_OUTPUT_TOKENS)).isNull();
    assertThat(a.get(USAGE_COST_USD)).as("never a made-up $0").isNull();
    assertThat(a.get(COST_UNPRICED)).isTrue();
    assertThat(a.get(COST_UNPRICED_REASON)).isEqualTo("no_usage");
  }

  @Test
  void byDefaultABlockingStreamAsksForUsageIsPricedAndTheCallerSeesNoUsageChunk() {
    server.enqueue(FakeOpenAI.chatCompletionStream("chatcmpl-1", MODEL, List.of("Hi", "!"), USAGE));

    List<ChatCompletionChunk> seen;
    try (StreamResponse<ChatCompletionChunk> s =
        wrapped(true).chat().completions().createStreaming(chat("Hello"))) {
      seen = s.stream().collect(Collectors.toList());
    }

    assertThat(
            server
                .requests()
                .get(0)
                .json()
                .path("stream_options")
                .path("include_usage")
                .asBoolean())
        .isTrue();
    // role, two deltas, finish: the usage chunk the server sent after them is not passed on
    assertThat(seen).hasSize(4).noneMatch(StreamingTest::isUsageChunk);
    assertThat(text(seen)).isEqualTo("Hi!");
    assertPriced(otel.span("chat gpt-4o").getAttributes());
  }

  /** The everyday chat app: two streamed answers with the defaults, two turns of a conversation. */
  @Test
  void streamedTurnsOfAConversationCarryTheirIdsCostAndWholeAnswer() {
    OpenAIClient client = Last9OpenAI.wrap(RawClients.of(server), otel.openTelemetry());
    try (ConversationContext c =
        ConversationContext.builder("conv-stream").userId("user-7").start()) {
      for (String question : List.of("Rain in Paris?", "And tomorrow?")) {
        server.enqueue(
            FakeOpenAI.chatCompletionStream("chatcmpl-s", MODEL, List.of("It ", "will."), USAGE));
        try (StreamResponse<ChatCompletionChunk> s =
            client.chat().completions().createStreaming(chat(question))) {
          assertThat(text(s.stream().collect(Collectors.toList()))).isEqualTo("It will.");
        }
      }
    }
    List<SpanData> chats = otel.spans("chat gpt-4o");
    assertThat(chats).hasSize(2);
    for (int i = 0; i < 2; i++) {
      Attributes a = chats.get(i).getAttributes();
      assertThat(a.get(CONVERSATION_ID)).isEqualTo("conv-stream");
      assertThat(a.get(USER_ID)).isEqualTo("user-7");
      assertThat(a.get(CONVERSATION_TURN)).isEqualTo(i + 1L);
      assertPriced(a);
      GenAiContentSchema.assertValid(chats.get(i));
      assertThat(GenAiContentSchema.texts(a.get(INPUT_MESSAGES)))
          .containsExactly(i == 0 ? "Rain in Paris?" : "And tomorrow?");
      assertThat(String.join("", GenAiContentSchema.texts(a.get(OUTPUT_MESSAGES))))
          .isEqualTo("It will.");
    }
  }

  @Test
  void byDefaultAnAsyncStreamAsksForUsageIsPricedAndTheCallerSeesNoUsageChunk() throws Exception {
    server.enqueue(
        FakeOpenAI.chatCompletionStream("chatcmpl-2", MODEL, List.of("Hi", "!"), USAGE),
        FakeOpenAI.chatCompletionStream("chatcmpl-3", MODEL, List.of("Hi", "!"), USAGE));

    // the async client wrapped as such, and the async view of a wrapped blocking client
    for (OpenAIClientAsync client : List.of(wrappedAsync(), wrapped(true).async())) {
      List<ChatCompletionChunk> seen = new CopyOnWriteArrayList<>();
      AsyncStreamResponse<ChatCompletionChunk> s =
          client.chat().completions().createStreaming(chat("Hello"));
      s.subscribe(seen::add);
      s.onCompleteFuture().get(10, TimeUnit.SECONDS);

      assertThat(seen).hasSize(4).noneMatch(StreamingTest::isUsageChunk);
      assertThat(text(seen)).isEqualTo("Hi!");
    }

    for (int i = 0; i < 2; i++) {
      assertThat(
              server
                  .requests()
                  .get(i)
                  .json()
                  .path("stream_options")
                  .path("include_usage")
                  .asBoolean())
          .isTrue();
    }
    List<SpanData> spans = otel.awaitSpans("chat gpt-4o", 2);
    for (SpanData span : spans) {
      assertPriced(span.getAttributes());
    }
  }

  @Test
  void aCallerThatAskedForUsageItselfSeesTheUsageChunk() {
    server.enqueue(FakeOpenAI.chatCompletionStream("chatcmpl-4", MODEL, List.of("Hi"), USAGE));

    List<ChatCompletionChunk> seen;
    try (StreamResponse<ChatCompletionChunk> s =
        wrapped(true)
            .chat()
            .completions()
            .createStreaming(
                chat("Hello").toBuilder()
                    .streamOptions(
                        com.openai.models.chat.completions.ChatCompletionStreamOptions.builder()
                            .includeUsage(true)
                            .build())
                    .build())) {
      seen = s.stream().collect(Collectors.toList());
    }

    assertThat(seen).filteredOn(StreamingTest::isUsageChunk).hasSize(1);
    assertPriced(otel.span("chat gpt-4o").getAttributes());
  }

  @Test
  void withStreamUsageOffAStreamIsMarkedNoUsageAndStillCountsInItsWorkflow() {
    server.enqueue(
        FakeOpenAI.chatCompletionStream("chatcmpl-5", MODEL, List.of("Hi"), USAGE),
        FakeOpenAI.chatCompletion("chatcmpl-6", MODEL, "Hi", USAGE));
    OpenAIClient client = wrapped(false);

    try (WorkflowContext w =
        WorkflowContext.builder("wf-1").type("chat").openTelemetry(otel.openTelemetry()).start()) {
      try (StreamResponse<ChatCompletionChunk> s =
          client.chat().completions().createStreaming(chat("Hello"))) {
        assertThat(s.stream().noneMatch(StreamingTest::isUsageChunk)).isTrue();
      }
      client.chat().completions().create(chat("Hello again"));
    }

    assertThat(server.requests().get(0).json().has("stream_options")).isFalse();
    List<SpanData> chats = otel.spans("chat gpt-4o");
    assertMarkedNoUsage(chats.get(0).getAttributes());
    assertPriced(chats.get(1).getAttributes());
    Attributes totals = otel.span("invoke_workflow chat").getAttributes();
    assertThat(totals.get(WORKFLOW_LLM_CALLS)).as("the stream counts too").isEqualTo(2L);
    assertThat(totals.get(WORKFLOW_TOTAL_COST_USD)).isCloseTo(COST, within(1e-12));
  }

  @Test
  void aResponsesStreamIsPricedFromItsCompletedEvent() {
    server.enqueue(FakeOpenAI.responseStream("resp_s1", MODEL, List.of("Rain", " later."), USAGE));

    List<ResponseStreamEvent> seen;
    try (StreamResponse<ResponseStreamEvent> s =
        wrapped(true)
            .responses()
            .createStreaming(
                ResponseCreateParams.builder().model("gpt-4o").input("Weather?").build())) {
      seen = s.stream().collect(Collectors.toList());
    }

    assertThat(seen).hasSize(10);
    assertThat(seen.get(9).isCompleted()).isTrue();
    SpanData span = otel.span("chat gpt-4o");
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    Attributes a = span.getAttributes();
    assertThat(a.get(OPERATION_NAME)).isEqualTo("chat");
    assertThat(a.get(RESPONSE_ID)).isEqualTo("resp_s1");
    assertThat(a.get(RESPONSE_MODEL)).isEqualTo(MODEL);
    assertThat(a.get(RESPONSE_FINISH_REASONS)).containsExactly("completed");
    assertPriced(a);
  }

  @Test
  void aResponsesStreamEndsItsSpanAtTheLastEventEvenIfNeverClosed() {
    server.enqueue(FakeOpenAI.responseStream("resp_s2", MODEL, List.of("Yes."), USAGE));

    StreamResponse<ResponseStreamEvent> s =
        wrapped(true)
            .responses()
            .createStreaming(ResponseCreateParams.builder().model("gpt-4o").input("Ok?").build());
    assertThat(s.stream().count()).isEqualTo(9);

    assertPriced(otel.span("chat gpt-4o").getAttributes());
    s.close();
    assertThat(otel.spans("chat gpt-4o")).hasSize(1);
  }

  @Test
  void aResponsesStreamClosedEarlyIsMarkedNoUsage() {
    server.enqueue(
        FakeOpenAI.responseStream("resp_s3", MODEL, List.of("Once", " upon", " a time"), USAGE));

    try (StreamResponse<ResponseStreamEvent> s =
        wrapped(true)
            .responses()
            .createStreaming(
                ResponseCreateParams.builder().model("gpt-4o").input("Story").build())) {
      Iterator<ResponseStreamEvent> it = s.stream().iterator();
      for (int i = 0; i < 5; i++) {
        it.next(); // up to the first text delta
      }
    }

    SpanData span = otel.span("chat gpt-4o");
    assertThat(span.hasEnded()).isTrue();
    assertMarkedNoUsage(span.getAttributes());
  }

  @Test
  void anAsyncResponsesStreamIsPriced() throws Exception {
    server.enqueue(FakeOpenAI.responseStream("resp_s4", MODEL, List.of("Sun."), USAGE));

    List<ResponseStreamEvent> seen = new CopyOnWriteArrayList<>();
    AsyncStreamResponse<ResponseStreamEvent> s =
        wrappedAsync()
            .responses()
            .createStreaming(ResponseCreateParams.builder().model("gpt-4o").input("Sky?").build());
    s.subscribe(seen::add);
    s.onCompleteFuture().get(10, TimeUnit.SECONDS);

    assertThat(seen).hasSize(9);
    assertPriced(otel.awaitSpans("chat gpt-4o", 1).get(0).getAttributes());
  }

  @Test
  void anAsyncResponsesCallIsPriced() throws Exception {
    server.enqueue(FakeOpenAI.response("resp_a1", MODEL, "Sun.", USAGE));

    Response r =
        wrappedAsync()
            .responses()
            .create(ResponseCreateParams.builder().model("gpt-4o").input("Sky?").build())
            .get(10, TimeUnit.SECONDS);

    assertThat(r.id()).isEqualTo("resp_a1");
    // the span ended before the caller's future completed
    assertPriced(otel.span("chat gpt-4o").getAttributes());
  }
}
