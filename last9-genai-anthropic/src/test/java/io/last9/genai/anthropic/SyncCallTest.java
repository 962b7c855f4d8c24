/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.anthropic;

import static io.last9.genai.GenAiAttributes.CONVERSATION_ID;
import static io.last9.genai.GenAiAttributes.CONVERSATION_TURN;
import static io.last9.genai.GenAiAttributes.COST_PRICE_SOURCE;
import static io.last9.genai.GenAiAttributes.COST_UNPRICED;
import static io.last9.genai.GenAiAttributes.ERROR_TYPE;
import static io.last9.genai.GenAiAttributes.OPERATION_NAME;
import static io.last9.genai.GenAiAttributes.PROVIDER_NAME;
import static io.last9.genai.GenAiAttributes.REQUEST_MODEL;
import static io.last9.genai.GenAiAttributes.RESPONSE_FINISH_REASONS;
import static io.last9.genai.GenAiAttributes.RESPONSE_ID;
import static io.last9.genai.GenAiAttributes.RESPONSE_MODEL;
import static io.last9.genai.GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS;
import static io.last9.genai.GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS;
import static io.last9.genai.GenAiAttributes.USAGE_COST_INPUT_USD;
import static io.last9.genai.GenAiAttributes.USAGE_COST_OUTPUT_USD;
import static io.last9.genai.GenAiAttributes.USAGE_COST_USD;
import static io.last9.genai.GenAiAttributes.USAGE_INPUT_TOKENS;
import static io.last9.genai.GenAiAttributes.USAGE_OUTPUT_TOKENS;
import static io.last9.genai.GenAiAttributes.USER_ID;
import static io.opentelemetry.api.common.AttributeKey.doubleKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.satisfies;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.JsonValue;
import com.anthropic.errors.InternalServerException;
import com.anthropic.errors.RateLimitException;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import io.last9.genai.ConversationContext;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.pricing.UsageComponent;
import io.last9.genai.testing.FakeAnthropic;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code messages().create}: attributes, normalised usage and cost, turns, and errors. */
class SyncCallTest {

  @RegisterExtension final Last9TelemetryExtension otel = Last9TelemetryExtension.create();

  @RegisterExtension final FakeAnthropic server = FakeAnthropic.start();

  private AnthropicClient raw;
  private AnthropicClient client;

  @BeforeEach
  void setUp() {
    raw = RawClients.builder(server).build();
    client = Last9Anthropic.wrap(raw, otel.openTelemetry());
  }

  @AfterEach
  void tearDown() {
    raw.close();
  }

  static MessageCreateParams params() {
    return MessageCreateParams.builder()
        .model("claude-sonnet-4-5")
        .maxTokens(1024)
        .system("You answer questions about retrieval.")
        .addUserMessage("What is RAG?")
        .stopSequences(List.of("\n\nHuman:"))
        .putAdditionalBodyProperty("temperature", JsonValue.from(0.2))
        .putAdditionalBodyProperty("top_p", JsonValue.from(0.9))
        .putAdditionalBodyProperty("top_k", JsonValue.from(40))
        .build();
  }

  @Test
  void cachedReplyIsNormalisedAndPricedFromTheBundledCatalog() {
    server.enqueue(Payloads.CACHED_MESSAGE);

    Message reply = client.messages().create(params());

    assertThat(reply.id()).isEqualTo("msg_01XFDUDYJgAACzvnptvVoYEL");
    assertThat(otel.spanNames()).containsExactly("chat claude-sonnet-4-5");
    SpanData span = otel.span("chat claude-sonnet-4-5");
    assertThat(span.getParentSpanContext().isValid()).isFalse();
    // Anthropic: input_tokens 2,095 excludes cache reads (8,000) and cache writes (1,000)
    // normalised input = 2,095 + 8,000 + 1,000 = 11,095
    // claude-sonnet-4-5 (genai-prices, below the 200k tier): 3 input, 0.30 cache read, 3.75 cache
    // write, 15 output
    // input side:  2,095 x 3 + 8,000 x 0.30 + 1,000 x 3.75 = 6,285 + 2,400 + 3,750 = 12,435 ->
    // $0.012435
    // output side: 503 x 15 = 7,545 -> $0.007545
    // total 19,980 / 1,000,000 = $0.01998
    OpenTelemetryAssertions.assertThat(span)
        .hasKind(SpanKind.CLIENT)
        .hasStatus(StatusData.unset())
        .hasAttributesSatisfying(
            equalTo(OPERATION_NAME, "chat"),
            equalTo(PROVIDER_NAME, "anthropic"),
            equalTo(REQUEST_MODEL, "claude-sonnet-4-5"),
            equalTo(longKey("gen_ai.request.max_tokens"), 1024L),
            equalTo(doubleKey("gen_ai.request.temperature"), 0.2),
            equalTo(doubleKey("gen_ai.request.top_p"), 0.9),
            equalTo(doubleKey("gen_ai.request.top_k"), 40.0),
            equalTo(stringArrayKey("gen_ai.request.stop_sequences"), List.of("\n\nHuman:")),
            equalTo(stringKey("server.address"), "127.0.0.1"),
            equalTo(longKey("server.port"), (long) server.port()),
            equalTo(RESPONSE_ID, "msg_01XFDUDYJgAACzvnptvVoYEL"),
            equalTo(RESPONSE_MODEL, Payloads.MODEL_DATED),
            equalTo(RESPONSE_FINISH_REASONS, List.of("end_turn")),
            equalTo(USAGE_INPUT_TOKENS, 11_095L),
            equalTo(USAGE_CACHE_READ_INPUT_TOKENS, 8_000L),
            equalTo(USAGE_CACHE_CREATION_INPUT_TOKENS, 1_000L),
            equalTo(USAGE_OUTPUT_TOKENS, 503L),
            satisfies(USAGE_COST_INPUT_USD, v -> v.isCloseTo(0.012435, within(1e-12))),
            satisfies(USAGE_COST_OUTPUT_USD, v -> v.isCloseTo(0.007545, within(1e-12))),
            satisfies(USAGE_COST_USD, v -> v.isCloseTo(0.01998, within(1e-12))),
            equalTo(COST_PRICE_SOURCE, "genai-prices:anthropic/claude-sonnet-4-5@2026-08-21"));

    assertThat(server.requests())
        .extracting(r -> r.method() + " " + r.path())
        .containsExactly("POST /v1/messages");
  }

  @Test
  void webSearchesAndOneHourCacheWritesArePriced() {
    server.enqueue(Payloads.WEB_SEARCH_1H_CACHE_MESSAGE);

    client.messages().create(params());

    Attributes a = otel.attributesOf("chat claude-sonnet-4-5");
    // input 5,000 uncached + 20,000 cache writes = 25,000, all 20,000 written with a 1-hour TTL
    assertThat(a.get(USAGE_INPUT_TOKENS)).isEqualTo(25_000L);
    assertThat(a.get(USAGE_CACHE_CREATION_INPUT_TOKENS)).isEqualTo(20_000L);
    assertThat(a.get(UsageComponent.CACHE_WRITE_1H_TOKENS.attributeKey())).isEqualTo(20_000L);
    assertThat(a.get(UsageComponent.CACHE_WRITE_5M_TOKENS.attributeKey())).isNull();
    assertThat(a.get(UsageComponent.WEB_SEARCHES.attributeKey())).isEqualTo(3L);
    // claude-sonnet-4-5 below its tier: input 3, cache_write_1h 6, output 15, web searches 10 per
    // 1,000
    // input: 5,000 x 3 + 20,000 x 6 = 15,000 + 120,000 = 135,000 -> $0.135 (at the 5-minute price
    // 3.75: $0.09)
    // output: 1,000 x 15 = 15,000 -> $0.015; searches 3 x 10 / 1,000 = $0.03; total $0.18
    assertThat(a.get(USAGE_COST_INPUT_USD)).isCloseTo(0.135, within(1e-12));
    assertThat(a.get(USAGE_COST_OUTPUT_USD)).isCloseTo(0.015, within(1e-12));
    assertThat(a.get(USAGE_COST_USD)).isCloseTo(0.18, within(1e-12));
    assertThat(a.get(io.last9.genai.GenAiAttributes.COST_UNPRICED_USAGE)).isNull();
  }

  @Test
  void samplingRelevantAttributesAreThereWhenTheSpanStarts() {
    server.enqueue(Payloads.CACHED_MESSAGE);

    client.messages().create(params());

    Attributes start = otel.attributesAtStart(otel.span("chat claude-sonnet-4-5"));
    assertThat(start.get(OPERATION_NAME)).isEqualTo("chat");
    assertThat(start.get(PROVIDER_NAME)).isEqualTo("anthropic");
    assertThat(start.get(REQUEST_MODEL)).isEqualTo("claude-sonnet-4-5");
    assertThat(start.get(stringKey("server.address"))).isEqualTo("127.0.0.1");
    assertThat(start.get(longKey("server.port"))).isEqualTo((long) server.port());
    assertThat(start.get(longKey("gen_ai.request.max_tokens"))).isEqualTo(1024L);
    assertThat(start.get(USAGE_INPUT_TOKENS)).isNull();
    assertThat(start.get(RESPONSE_ID)).isNull();
  }

  @Test
  void eachCallInAConversationIsTheNextTurn() {
    server.enqueue(Payloads.plainMessage("msg_01TurnOne", "Sunny."));
    server.enqueue(Payloads.plainMessage("msg_01TurnTwo", "No umbrella needed."));

    try (ConversationContext c =
        ConversationContext.builder("user_123_session_456").userId("user_123").start()) {
      client.messages().create(params());
      client.messages().create(params());
    }

    List<SpanData> chats = otel.spans();
    assertThat(chats)
        .extracting(SpanData::getName)
        .containsExactly("chat claude-sonnet-4-5", "chat claude-sonnet-4-5");
    assertThat(chats)
        .extracting(s -> s.getAttributes().get(RESPONSE_ID))
        .containsExactly("msg_01TurnOne", "msg_01TurnTwo");
    assertThat(chats)
        .extracting(s -> s.getAttributes().get(CONVERSATION_TURN))
        .containsExactly(1L, 2L);
    assertThat(chats)
        .extracting(s -> s.getAttributes().get(CONVERSATION_ID))
        .containsOnly("user_123_session_456");
    assertThat(chats).extracting(s -> s.getAttributes().get(USER_ID)).containsOnly("user_123");
    // each: 1,000 x 3 + 200 x 15 = 6,000 -> $0.006; finish reason is the stop sequence
    assertThat(chats)
        .extracting(s -> s.getAttributes().get(USAGE_COST_USD))
        .allSatisfy(c -> assertThat(c).isCloseTo(0.006, within(1e-12)));
    assertThat(chats)
        .extracting(s -> s.getAttributes().get(RESPONSE_FINISH_REASONS))
        .containsOnly(List.of("stop_sequence"));
    assertThat(otel.sumOfSpanCosts()).isCloseTo(0.012, within(1e-12));
  }

  @Test
  void rateLimitedCallIsAnErrorWithoutCostAndTheCallerGetsTheSameException() {
    server.enqueue(FakeAnthropic.rateLimited());

    Throwable thrown = catchThrowable(() -> client.messages().create(params()));

    assertThat(thrown).isInstanceOf(RateLimitException.class);
    assertErrorSpan(thrown, "429");
  }

  @Test
  void serverErrorIsAnErrorWithoutCostAndTheCallerGetsTheSameException() {
    server.enqueue(FakeAnthropic.serverError());

    Throwable thrown = catchThrowable(() -> client.messages().create(params()));

    assertThat(thrown).isInstanceOf(InternalServerException.class);
    assertErrorSpan(thrown, "500");
  }

  @Test
  void anErrorsMessageIsExportedOnlyWhenTheClientCapturesContent() {
    // Anthropic's error messages can quote the request; the message is content
    server.enqueue(FakeAnthropic.rateLimited());
    catchThrowable(() -> client.messages().create(params()));
    assertThat(otel.span("chat claude-sonnet-4-5").getEvents().toString())
        .contains("per-minute rate limit");

    server.enqueue(FakeAnthropic.rateLimited());
    AnthropicClient noContent =
        Last9Anthropic.builder(otel.openTelemetry()).captureContent(false).build().wrap(raw);
    Throwable thrown = catchThrowable(() -> noContent.messages().create(params()));
    assertThat(thrown).isInstanceOf(RateLimitException.class);
    SpanData span = otel.spans("chat claude-sonnet-4-5").get(1);
    assertThat(span.getAttributes().get(ERROR_TYPE)).isEqualTo("429");
    assertThat(span.getEvents().toString() + span.getStatus())
        .doesNotContain("per-minute rate limit");
  }

  @Test
  void aConnectionFailureIsRecordedWithTheExceptionClass() {
    server.close(); // nothing listens on the port any more

    Throwable thrown = catchThrowable(() -> client.messages().create(params()));

    assertThat(thrown).isNotNull();
    SpanData span = otel.span("chat claude-sonnet-4-5");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(ERROR_TYPE)).isEqualTo(thrown.getClass().getName());
    assertThat(exceptions(span))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getAttributes().get(GenAiAttributes.EXCEPTION_TYPE))
                    .isEqualTo(thrown.getClass().getName()));
  }

  private void assertErrorSpan(Throwable thrown, String errorType) {
    SpanData span = otel.span("chat claude-sonnet-4-5");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(ERROR_TYPE)).isEqualTo(errorType);
    assertThat(exceptions(span))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getAttributes().get(GenAiAttributes.EXCEPTION_TYPE))
                    .isEqualTo(thrown.getClass().getName()));
    assertThat(span.getAttributes().get(REQUEST_MODEL)).isEqualTo("claude-sonnet-4-5");
    assertThat(span.getAttributes().get(USAGE_INPUT_TOKENS)).isNull();
    assertThat(span.getAttributes().get(USAGE_COST_USD)).isNull();
    assertThat(span.getAttributes().get(COST_UNPRICED)).isNull();
    assertThat(otel.sumOfSpanCosts()).isZero();
  }

  /** The span's {@code exception} events (written by the library with redacted messages). */
  static List<EventData> exceptions(SpanData span) {
    return span.getEvents().stream()
        .filter(e -> e.getName().equals(GenAiAttributes.EVENT_EXCEPTION))
        .collect(Collectors.toList());
  }

  static List<String> eventNames(SpanData span) {
    return span.getEvents().stream().map(EventData::getName).collect(Collectors.toList());
  }
}
