/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.anthropic;

import static io.last9.genai.GenAiAttributes.COST_PRICED_BY_CHILD;
import static io.last9.genai.GenAiAttributes.INPUT_MESSAGES;
import static io.last9.genai.GenAiAttributes.OUTPUT_MESSAGES;
import static io.last9.genai.GenAiAttributes.RESPONSE_FINISH_REASONS;
import static io.last9.genai.GenAiAttributes.SYSTEM_INSTRUCTIONS;
import static io.last9.genai.GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS;
import static io.last9.genai.GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS;
import static io.last9.genai.GenAiAttributes.USAGE_COST_USD;
import static io.last9.genai.GenAiAttributes.USAGE_INPUT_TOKENS;
import static io.last9.genai.GenAiAttributes.USAGE_OUTPUT_TOKENS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.RawMessageStreamEvent;
import io.last9.genai.observe.GenAiObservation;
import io.last9.genai.observe.ResponseInfo;
import io.last9.genai.observe.UsageExtractors;
import io.last9.genai.pricing.Usage;
import io.last9.genai.testing.FakeAnthropic;
import io.last9.genai.testing.GenAiContentSchema;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * GenAiObservation around wrapped and unwrapped clients (priced exactly once), the Message
 * extractor, content capture.
 */
class ObservationAndCaptureTest {

  @RegisterExtension final Last9TelemetryExtension otel = Last9TelemetryExtension.create();

  @RegisterExtension final FakeAnthropic server = FakeAnthropic.start();

  private AnthropicClient raw;

  @BeforeEach
  void setUp() {
    raw = RawClients.builder(server).build();
  }

  @AfterEach
  void tearDown() {
    raw.close();
  }

  @Test
  void anObservationAroundAWrappedCallLeavesThePriceToTheClientSpan() {
    server.enqueue(Payloads.CACHED_MESSAGE);
    AnthropicClient client = Last9Anthropic.wrap(raw, otel.openTelemetry());

    Message reply =
        GenAiObservation.llm("answer")
            .openTelemetry(otel.openTelemetry())
            .get(() -> client.messages().create(SyncCallTest.params()));

    assertThat(reply.id()).isEqualTo("msg_01XFDUDYJgAACzvnptvVoYEL");
    assertThat(otel.spanNames()).containsExactly("chat claude-sonnet-4-5", "answer");
    SpanData chat = otel.span("chat claude-sonnet-4-5");
    SpanData observed = otel.span("answer");
    assertThat(chat.getParentSpanContext()).isEqualTo(observed.getSpanContext());
    assertThat(observed.getAttributes().get(COST_PRICED_BY_CHILD)).isTrue();
    assertThat(observed.getAttributes().get(USAGE_COST_USD)).isNull();
    assertThat(observed.getAttributes().get(USAGE_INPUT_TOKENS)).isNull();
    // the extractor read the Message: the observed span still names the finish reason
    assertThat(observed.getAttributes().get(RESPONSE_FINISH_REASONS)).containsExactly("end_turn");
    // priced once: 2,095 x 3 + 8,000 x 0.30 + 1,000 x 3.75 + 503 x 15 = 19,980 -> $0.01998
    assertThat(chat.getAttributes().get(USAGE_COST_USD)).isCloseTo(0.01998, within(1e-12));
    assertThat(otel.sumOfSpanCosts()).isCloseTo(0.01998, within(1e-12));
  }

  @Test
  void anObservationAroundAnUnwrappedCallIsPricedFromTheMessageExtractor() {
    server.enqueue(Payloads.CACHED_MESSAGE);
    // the client's own tracing goes to the (unset, no-op) global provider; only the observed span
    // is exported
    Message reply =
        GenAiObservation.llm("answer")
            .openTelemetry(otel.openTelemetry())
            .get(() -> raw.messages().create(SyncCallTest.params()));

    assertThat(reply.id()).isEqualTo("msg_01XFDUDYJgAACzvnptvVoYEL");
    SpanData observed = otel.span("answer");
    assertThat(observed.getAttributes().get(COST_PRICED_BY_CHILD)).isNull();
    assertThat(observed.getAttributes().get(USAGE_INPUT_TOKENS)).isEqualTo(11_095L);
    assertThat(observed.getAttributes().get(USAGE_CACHE_READ_INPUT_TOKENS)).isEqualTo(8_000L);
    assertThat(observed.getAttributes().get(USAGE_CACHE_CREATION_INPUT_TOKENS)).isEqualTo(1_000L);
    assertThat(observed.getAttributes().get(USAGE_OUTPUT_TOKENS)).isEqualTo(503L);
    assertThat(observed.getAttributes().get(USAGE_COST_USD)).isCloseTo(0.01998, within(1e-12));
    // output capture uses the reply's text, not Message.toString()
    GenAiContentSchema.assertValid(observed);
    assertThat(GenAiContentSchema.texts(observed, OUTPUT_MESSAGES))
        .containsExactly("Retrieval-augmented generation grounds answers in documents.");
  }

  @Test
  void theServiceLoaderRegisteredExtractorNormalisesAMessage() {
    server.enqueue(Payloads.CACHED_MESSAGE);
    Message reply = raw.messages().create(SyncCallTest.params());

    ResponseInfo info = UsageExtractors.extract(reply);

    assertThat(info).isNotNull();
    assertThat(info.provider()).isEqualTo("anthropic");
    assertThat(info.responseModel()).isEqualTo(Payloads.MODEL_DATED);
    assertThat(info.responseId()).isEqualTo("msg_01XFDUDYJgAACzvnptvVoYEL");
    assertThat(info.finishReasons()).containsExactly("end_turn");
    // 2,095 uncached + 8,000 cache reads + 1,000 cache writes (all with the 5-minute TTL)
    assertThat(info.usage())
        .isEqualTo(
            Usage.builder()
                .inputTokens(11_095)
                .cacheReadInputTokens(8_000)
                .cacheCreationInputTokens(1_000)
                .cacheWrite5mInputTokens(1_000)
                .outputTokens(503)
                .build());
    assertThat(info.usage().inputTokens()).isEqualTo(11_095L);
  }

  @Test
  void systemPromptMessagesAndAnswerAreCapturedInTheConventionsKeysWhenOn() {
    server.enqueue(Payloads.CACHED_MESSAGE);
    server.enqueue(Payloads.fullStream());
    AnthropicClient client =
        Last9Anthropic.builder(otel.openTelemetry()).captureContent(true).build().wrap(raw);

    client.messages().create(SyncCallTest.params());
    try (StreamResponse<RawMessageStreamEvent> s =
        client.messages().createStreaming(SyncCallTest.params())) {
      s.stream().forEach(e -> {});
    }

    SpanData sync = otel.spans().get(0);
    SpanData stream = otel.spans().get(1);
    for (SpanData s : List.of(sync, stream)) {
      assertThat(GenAiContentSchema.assertValid(s)).isEqualTo(3);
      assertThat(s.getAttributes().get(SYSTEM_INSTRUCTIONS))
          .isEqualTo("[{\"type\":\"text\",\"content\":\"You answer questions about retrieval.\"}]");
      assertThat(s.getAttributes().get(INPUT_MESSAGES))
          .isEqualTo(
              "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"What is RAG?\"}]}]");
      assertThat(SyncCallTest.eventNames(s)).as("no removed content event").isEmpty();
    }
    assertThat(sync.getAttributes().get(OUTPUT_MESSAGES))
        .isEqualTo(
            "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":"
                + "\"Retrieval-augmented generation grounds answers in documents.\"}],"
                + "\"finish_reason\":\"end_turn\"}]");
    assertThat(GenAiContentSchema.texts(stream, OUTPUT_MESSAGES))
        .containsExactly("Bring an umbrella.");
  }

  @Test
  void toolUseAndToolResultsArePartsOfTheirMessages() {
    server.enqueue(
        io.last9.genai.testing.FakeReply.json(
            200,
            "{\"id\":\"msg_tool\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[{\"type\":\"text\","
                + "\"text\":\"Checking.\"},{\"type\":\"tool_use\",\"id\":\"toolu_2\","
                + "\"name\":\"get_weather\",\"input\":{\"city\":\"Oslo\"}}],"
                + "\"stop_reason\":\"tool_use\",\"stop_sequence\":null,"
                + "\"usage\":{\"input_tokens\":50,\"output_tokens\":20}}"));
    AnthropicClient client = Last9Anthropic.wrap(raw, otel.openTelemetry());
    com.anthropic.models.messages.MessageCreateParams params =
        com.anthropic.models.messages.MessageCreateParams.builder()
            .model("claude-sonnet-4-5")
            .maxTokens(256)
            .addUserMessage("Weather in Paris, then Oslo?")
            .addAssistantMessageOfContentBlockParams(
                List.of(
                    com.anthropic.models.messages.ContentBlockParam.ofToolUse(
                        com.anthropic.models.messages.ToolUseBlockParam.builder()
                            .id("toolu_1")
                            .name("get_weather")
                            .input(
                                com.anthropic.models.messages.ToolUseBlockParam.Input.builder()
                                    .putAdditionalProperty(
                                        "city", com.anthropic.core.JsonValue.from("Paris"))
                                    .build())
                            .build())))
            .addUserMessageOfContentBlockParams(
                List.of(
                    com.anthropic.models.messages.ContentBlockParam.ofToolResult(
                        com.anthropic.models.messages.ToolResultBlockParam.builder()
                            .toolUseId("toolu_1")
                            .content("{\"temp\":18}")
                            .build())))
            .build();

    client.messages().create(params);

    SpanData span = otel.span("chat claude-sonnet-4-5");
    assertThat(GenAiContentSchema.assertValid(span)).isEqualTo(2);
    String in = span.getAttributes().get(INPUT_MESSAGES);
    assertThat(GenAiContentSchema.roles(in)).containsExactly("user", "assistant", "tool");
    assertThat(in)
        .contains(
            "{\"type\":\"tool_call\",\"id\":\"toolu_1\",\"name\":\"get_weather\","
                + "\"arguments\":{\"city\":\"Paris\"}}")
        .contains(
            "{\"type\":\"tool_call_response\",\"id\":\"toolu_1\",\"response\":{\"temp\":18}}");
    assertThat(span.getAttributes().get(OUTPUT_MESSAGES))
        .isEqualTo(
            "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Checking.\"},"
                + "{\"type\":\"tool_call\",\"id\":\"toolu_2\",\"name\":\"get_weather\","
                + "\"arguments\":{\"city\":\"Oslo\"}}],\"finish_reason\":\"tool_use\"}]");
  }

  @Test
  void capturedContentIsCutAtTenThousandCharacters() {
    String longText = "x".repeat(12_000);
    server.enqueue(Payloads.plainMessage("msg_01Long", longText));
    AnthropicClient client = Last9Anthropic.wrap(raw, otel.openTelemetry());

    client.messages().create(SyncCallTest.params());

    List<String> completion =
        GenAiContentSchema.texts(otel.span("chat claude-sonnet-4-5"), OUTPUT_MESSAGES);
    assertThat(completion).containsExactly(longText.substring(0, 10_000));
  }

  @Test
  void nothingIsCapturedWhenTheBuilderSaysOff() {
    server.enqueue(Payloads.CACHED_MESSAGE);
    AnthropicClient client =
        Last9Anthropic.builder(otel.openTelemetry()).captureContent(false).build().wrap(raw);

    client.messages().create(SyncCallTest.params());

    assertThat(GenAiContentSchema.assertValid(otel.span("chat claude-sonnet-4-5"))).isZero();
  }

  @Test
  void nothingIsCapturedWhenTheClientsCaptureIsOff() {
    server.enqueue(Payloads.CACHED_MESSAGE);
    AnthropicClient client =
        Last9Anthropic.builder(otel.openTelemetry()).captureContent(false).build().wrap(raw);
    client.messages().create(SyncCallTest.params());

    SpanData span = otel.span("chat claude-sonnet-4-5");
    assertThat(GenAiContentSchema.assertValid(span)).isZero();
    assertThat(span.getAttributes().get(USAGE_COST_USD)).isCloseTo(0.01998, within(1e-12));
  }

  @Test
  void wrappingTwiceAndWithOptionsKeepOneTracedService() {
    server.enqueue(Payloads.plainMessage("msg_01Options", "Ok."));
    AnthropicClient client = Last9Anthropic.wrap(raw, otel.openTelemetry());

    assertThat(Last9Anthropic.wrap(client, otel.openTelemetry())).isSameAs(client);
    client.withOptions(b -> b.maxRetries(0)).messages().create(SyncCallTest.params());

    assertThat(otel.spanNames()).containsExactly("chat claude-sonnet-4-5");
  }
}
