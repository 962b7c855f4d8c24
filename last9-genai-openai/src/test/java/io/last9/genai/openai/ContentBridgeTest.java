/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.openai;

import static io.last9.genai.GenAiAttributes.*;
import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.responses.ResponseCreateParams;
import io.last9.genai.testing.FakeOpenAI;
import io.last9.genai.testing.GenAiContentSchema;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.last9.genai.testing.OpenAITokens;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With content capture on, the instrumentation's per-message log events become the conventions'
 * {@code gen_ai.input.messages} / {@code gen_ai.output.messages}, checked against their schema, on
 * the span the log records belong to; no removed key is written.
 */
class ContentBridgeTest {

  static final AttributeKey<String> EVENT_NAME = AttributeKey.stringKey("event.name");

  @RegisterExtension final Last9TelemetryExtension otel = Last9TelemetryExtension.create();

  @RegisterExtension final FakeOpenAI server = FakeOpenAI.start();

  private OpenAIClient client(boolean capture, int maxLength) {
    return Last9OpenAI.builder(otel.openTelemetry())
        .captureContent(capture)
        .maxContentLength(maxLength)
        .build()
        .wrap(RawClients.of(server));
  }

  private static final String INPUT =
      "[{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":\"You are a weather bot.\"}]},"
          + "{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"What's the weather in SF?\"}]}]";

  private static String output(String text) {
    return "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\""
        + text
        + "\"}],\"finish_reason\":\"stop\"}]";
  }

  /** The span's content, valid against the schema, and no removed key or event. */
  private static SpanData checked(SpanData chat) {
    assertThat(GenAiContentSchema.assertValid(chat)).isGreaterThanOrEqualTo(2);
    assertThat(chat.getAttributes().get(PROMPT)).isNull();
    assertThat(chat.getAttributes().get(COMPLETION)).isNull();
    assertThat(chat.getEvents()).isEmpty();
    return chat;
  }

  private static ChatCompletionCreateParams conversation() {
    return ChatCompletionCreateParams.builder()
        .model("gpt-4o")
        .addSystemMessage("You are a weather bot.")
        .addUserMessage("What's the weather in SF?")
        .build();
  }

  @Test
  void syncCallGetsItsInputAndOutputMessagesOnItsOwnSpan() {
    server.enqueue(
        FakeOpenAI.chatCompletion(
            "chatcmpl-1", "gpt-4o-2024-08-06", "Foggy, 18°C.", OpenAITokens.of(20, 5)));
    OpenAIClient client = client(true, 10_000);

    Span outer = otel.openTelemetry().getTracer("app").spanBuilder("handler").startSpan();
    try (Scope ignored = outer.makeCurrent()) {
      client.chat().completions().create(conversation());
    } finally {
      outer.end();
    }

    SpanData chat = checked(otel.span("chat gpt-4o"));
    assertThat(chat.getAttributes().get(INPUT_MESSAGES)).isEqualTo(INPUT);
    assertThat(chat.getAttributes().get(OUTPUT_MESSAGES)).isEqualTo(output("Foggy, 18°C."));
    // the ambient span (the handler) gets nothing
    SpanData handler = otel.span("handler");
    assertThat(handler.getAttributes().get(INPUT_MESSAGES)).isNull();
    assertThat(handler.getEvents()).isEmpty();
    // the instrumentation's log events still reach the application's own log pipeline, on the chat
    // span
    assertThat(otel.logs())
        .extracting(l -> l.getAttributes().get(EVENT_NAME))
        .containsExactly("gen_ai.system.message", "gen_ai.user.message", "gen_ai.choice");
    assertThat(otel.logs())
        .allSatisfy(l -> assertThat(l.getSpanContext()).isEqualTo(chat.getSpanContext()));
  }

  @Test
  void streamedCallGetsTheAccumulatedCompletion() {
    String id = "chatcmpl-s";
    String model = "gpt-4o-2024-08-06";
    server.enqueue(
        FakeOpenAI.chatCompletionStream(
            id, model, List.of("Foggy", ", 18°C."), OpenAITokens.of(20, 5)));
    OpenAIClient client = client(true, 10_000);

    try (StreamResponse<ChatCompletionChunk> s =
        client.chat().completions().createStreaming(conversation())) {
      s.stream().forEach(c -> {});
    }

    SpanData chat = checked(otel.span("chat gpt-4o"));
    assertThat(chat.getAttributes().get(OUTPUT_MESSAGES)).isEqualTo(output("Foggy, 18°C."));
    // 20 x 2.50 + 5 x 10.00 = 50 + 50 = 100 -> 0.0001
    assertThat(chat.getAttributes().get(USAGE_COST_USD))
        .isCloseTo(0.0001, org.assertj.core.api.Assertions.within(1e-15));
  }

  @Test
  void asyncCallGetsItsCompletionFromTheResponse() throws Exception {
    server.enqueue(
        FakeOpenAI.chatCompletion(
            "chatcmpl-a", "gpt-4o-2024-08-06", "Foggy.", OpenAITokens.of(20, 5)));

    client(true, 10_000).async().chat().completions().create(conversation()).get();

    SpanData chat = checked(otel.span("chat gpt-4o"));
    assertThat(chat.getAttributes().get(INPUT_MESSAGES)).isEqualTo(INPUT);
    assertThat(chat.getAttributes().get(OUTPUT_MESSAGES)).isEqualTo(output("Foggy."));
  }

  @Test
  void eachPartIsCutToTheCapAndTheJsonStaysWhole() {
    server.enqueue(
        FakeOpenAI.chatCompletion(
            "chatcmpl-1", "gpt-4o-2024-08-06", "x".repeat(50), OpenAITokens.of(20, 5)));

    client(true, 12).chat().completions().create(conversation());

    SpanData chat = checked(otel.span("chat gpt-4o"));
    // a word the cut would halve is left out: "You are a weather bot." -> "You are a "
    assertThat(GenAiContentSchema.texts(chat, INPUT_MESSAGES))
        .containsExactly("You are a ", "What's the ");
    assertThat(GenAiContentSchema.texts(chat, OUTPUT_MESSAGES)).containsExactly("x".repeat(12));
  }

  @Test
  void theRedactorSeesEachPartWithItsRole() {
    server.enqueue(
        FakeOpenAI.chatCompletion(
            "chatcmpl-1", "gpt-4o-2024-08-06", "Foggy.", OpenAITokens.of(20, 5)));
    Last9OpenAI.builder(otel.openTelemetry())
        .captureContent(true)
        .redactor((field, value) -> field.role() + ":" + value)
        .build()
        .wrap(RawClients.of(server))
        .chat()
        .completions()
        .create(conversation());
    SpanData chat = checked(otel.span("chat gpt-4o"));
    assertThat(GenAiContentSchema.texts(chat, INPUT_MESSAGES))
        .containsExactly("system:You are a weather bot.", "user:What's the weather in SF?");
    assertThat(GenAiContentSchema.texts(chat, OUTPUT_MESSAGES)).containsExactly("assistant:Foggy.");
  }

  @Test
  void captureOffPutsNoContentOnTheSpan() {
    server.enqueue(
        FakeOpenAI.chatCompletion(
            "chatcmpl-1", "gpt-4o-2024-08-06", "Foggy.", OpenAITokens.of(20, 5)));

    client(false, 10_000).chat().completions().create(conversation());

    SpanData chat = otel.span("chat gpt-4o");
    assertThat(GenAiContentSchema.assertValid(chat)).isZero();
    assertThat(chat.getAttributes().get(PROMPT)).isNull();
    assertThat(chat.getEvents()).isEmpty();
  }

  @Test
  void responsesCallCapturesInputAndOutputText() {
    server.enqueue(
        FakeOpenAI.response("resp_1", "gpt-4o-2024-08-06", "Hello!", OpenAITokens.of(10, 3)));

    client(true, 10_000)
        .responses()
        .create(
            ResponseCreateParams.builder()
                .model("gpt-4o")
                .instructions("Be brief.")
                .input("Say hello")
                .build());

    SpanData chat = checked(otel.span("chat gpt-4o"));
    assertThat(GenAiContentSchema.assertValid(chat)).isEqualTo(3);
    assertThat(chat.getAttributes().get(SYSTEM_INSTRUCTIONS))
        .isEqualTo("[{\"type\":\"text\",\"content\":\"Be brief.\"}]");
    assertThat(chat.getAttributes().get(INPUT_MESSAGES))
        .isEqualTo(
            "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Say hello\"}]}]");
    assertThat(chat.getAttributes().get(OUTPUT_MESSAGES)).isEqualTo(output("Hello!"));
  }

  @Test
  void manyCallsLeaveNoPerSpanState() {
    for (int i = 0; i < 5; i++) {
      server.enqueue(
          FakeOpenAI.chatCompletion(
              "chatcmpl-" + i, "gpt-4o-2024-08-06", "ok", OpenAITokens.of(20, 5)));
    }
    Last9OpenAI wrapper = Last9OpenAI.builder(otel.openTelemetry()).captureContent(true).build();
    OpenAIClient client = wrapper.wrap(RawClients.of(server));
    for (int i = 0; i < 5; i++) {
      client.chat().completions().create(conversation());
    }
    assertThat(otel.spans("chat gpt-4o"))
        .hasSize(5)
        .allSatisfy(
            s -> assertThat(checked(s).getAttributes().get(INPUT_MESSAGES)).isEqualTo(INPUT));
    assertThat(wrapper.pendingContentSpans()).isZero();
  }
}
