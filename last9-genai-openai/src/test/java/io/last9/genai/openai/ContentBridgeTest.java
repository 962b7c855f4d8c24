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
import io.last9.genai.testing.Last9TelemetryExtension;
import io.last9.genai.testing.OpenAITokens;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With content capture on, the instrumentation's per-message log events become {@code
 * gen_ai.prompt} / {@code gen_ai.completion} (JSON) and one {@code gen_ai.content.prompt} / {@code
 * gen_ai.content.completion} event each, on the span the log records belong to.
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

  private static ChatCompletionCreateParams conversation() {
    return ChatCompletionCreateParams.builder()
        .model("gpt-4o")
        .addSystemMessage("You are a weather bot.")
        .addUserMessage("What's the weather in SF?")
        .build();
  }

  private static List<String> eventNames(SpanData span) {
    return span.getEvents().stream().map(EventData::getName).collect(Collectors.toList());
  }

  @Test
  void syncCallGetsOnePromptAndOneCompletionEventOnItsOwnSpan() {
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

    SpanData chat = otel.span("chat gpt-4o");
    String prompt =
        "[{\"role\":\"system\",\"content\":\"You are a weather bot.\"},"
            + "{\"role\":\"user\",\"content\":\"What's the weather in SF?\"}]";
    String completion =
        "[{\"role\":\"assistant\",\"content\":\"Foggy, 18°C.\",\"finish_reason\":\"stop\","
            + "\"index\":0}]";
    assertThat(chat.getAttributes().get(PROMPT)).isEqualTo(prompt);
    assertThat(chat.getAttributes().get(COMPLETION)).isEqualTo(completion);
    assertThat(eventNames(chat)).containsExactly(EVENT_PROMPT, EVENT_COMPLETION);
    assertThat(chat.getEvents().get(0).getAttributes().get(PROMPT)).isEqualTo(prompt);
    assertThat(chat.getEvents().get(1).getAttributes().get(COMPLETION)).isEqualTo(completion);
    // the ambient span (the handler) gets nothing
    SpanData handler = otel.span("handler");
    assertThat(handler.getAttributes().get(PROMPT)).isNull();
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

    SpanData chat = otel.span("chat gpt-4o");
    assertThat(chat.getAttributes().get(COMPLETION))
        .isEqualTo(
            "[{\"role\":\"assistant\",\"content\":\"Foggy, 18°C.\",\"finish_reason\":\"stop\",\"index\":0}]");
    assertThat(eventNames(chat)).containsExactly(EVENT_PROMPT, EVENT_COMPLETION);
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

    SpanData chat = otel.span("chat gpt-4o");
    assertThat(eventNames(chat)).containsExactly(EVENT_PROMPT, EVENT_COMPLETION);
    assertThat(chat.getAttributes().get(COMPLETION))
        .isEqualTo(
            "[{\"role\":\"assistant\",\"content\":\"Foggy.\",\"finish_reason\":\"stop\",\"index\":0}]");
  }

  @Test
  void contentIsTruncated() {
    server.enqueue(
        FakeOpenAI.chatCompletion(
            "chatcmpl-1", "gpt-4o-2024-08-06", "x".repeat(50), OpenAITokens.of(20, 5)));

    client(true, 30).chat().completions().create(conversation());

    SpanData chat = otel.span("chat gpt-4o");
    assertThat(chat.getAttributes().get(PROMPT))
        .hasSize(30)
        .isEqualTo("[{\"role\":\"system\",\"content\":\"Y");
    assertThat(chat.getAttributes().get(COMPLETION)).hasSize(30);
  }

  @Test
  void captureOffPutsNoContentOnTheSpan() {
    server.enqueue(
        FakeOpenAI.chatCompletion(
            "chatcmpl-1", "gpt-4o-2024-08-06", "Foggy.", OpenAITokens.of(20, 5)));

    client(false, 10_000).chat().completions().create(conversation());

    SpanData chat = otel.span("chat gpt-4o");
    assertThat(chat.getAttributes().get(PROMPT)).isNull();
    assertThat(chat.getAttributes().get(COMPLETION)).isNull();
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

    SpanData chat = otel.span("chat gpt-4o");
    assertThat(chat.getAttributes().get(PROMPT))
        .isEqualTo(
            "[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Say hello\"}]");
    assertThat(chat.getAttributes().get(COMPLETION))
        .isEqualTo("[{\"role\":\"assistant\",\"content\":\"Hello!\"}]");
    assertThat(eventNames(chat)).containsExactly(EVENT_PROMPT, EVENT_COMPLETION);
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
        .allSatisfy(s -> assertThat(eventNames(s)).containsExactly(EVENT_PROMPT, EVENT_COMPLETION));
    assertThat(wrapper.pendingContentSpans()).isZero();
  }
}
