/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.observe;

import static io.last9.genai.GenAiAttributes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.last9.genai.ConversationContext;
import io.last9.genai.FakeLlm;
import io.last9.genai.GenAiSpanKind;
import io.last9.genai.ScopeKeys;
import io.last9.genai.WorkflowContext;
import io.last9.genai.content.ContentCapture;
import io.last9.genai.content.ContentRedactor;
import io.last9.genai.pricing.ModelPricing;
import io.last9.genai.pricing.Usage;
import io.last9.genai.testing.GenAiContentSchema;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Python test_decorators, ported to {@link GenAiObservation}, plus the behaviour the Python SDK
 * lacked.
 */
class GenAiObservationTest {

  private static final Map<String, ModelPricing> GPT4O =
      Map.of("gpt-4o", ModelPricing.of(2.50, 10.0));
  private static final AttributeKey<String> EXCEPTION_TYPE =
      AttributeKey.stringKey("exception.type");
  private static final AttributeKey<String> EXCEPTION_MESSAGE =
      AttributeKey.stringKey("exception.message");

  @RegisterExtension final Last9TelemetryExtension otel = Last9TelemetryExtension.create();

  private GenAiObservationBuilder llm(String name) {
    return GenAiObservation.llm(name).openTelemetry(otel.openTelemetry());
  }

  private static List<EventData> events(SpanData span, String name) {
    return span.getEvents().stream()
        .filter(e -> e.getName().equals(name))
        .collect(Collectors.toList());
  }

  /** The one text of the span's input messages, checked against the conventions' schema. */
  private static String prompt(SpanData span) {
    GenAiContentSchema.assertValid(span);
    List<String> texts = GenAiContentSchema.texts(span, INPUT_MESSAGES);
    assertThat(texts).hasSize(1);
    return texts.get(0);
  }

  /** The one text of the span's output messages, checked against the conventions' schema. */
  private static String completion(SpanData span) {
    GenAiContentSchema.assertValid(span);
    List<String> texts = GenAiContentSchema.texts(span, OUTPUT_MESSAGES);
    assertThat(texts).hasSize(1);
    return texts.get(0);
  }

  // ---------------------------------------------------------------- naming and capture

  @Test
  void spanIsNamedAfterTheObservation() {
    String result = llm("my_function").get(() -> "done");
    assertThat(result).isEqualTo("done");
    assertThat(otel.spanNames()).containsExactly("my_function");
    assertThat(llm("custom_name").build().name()).isEqualTo("custom_name");
  }

  @Test
  void inputAndOutputAreCapturedAsMessages() {
    Function<String, String> echo = llm("echo").wrap(s -> "echo: " + s);
    assertThat(echo.apply("hello")).isEqualTo("echo: hello");
    SpanData span = otel.span("echo");
    assertThat(span.getAttributes().get(INPUT_MESSAGES))
        .isEqualTo("[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"hello\"}]}]");
    assertThat(span.getAttributes().get(OUTPUT_MESSAGES))
        .isEqualTo(
            "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"echo: hello\"}],"
                + "\"finish_reason\":\"stop\"}]");
    assertThat(prompt(span)).isEqualTo("hello");
    assertThat(completion(span)).isEqualTo("echo: hello");
    assertThat(span.getAttributes().get(PROMPT))
        .as("removed keys only with the legacy setting")
        .isNull();
    assertThat(span.getEvents()).isEmpty();
  }

  @Test
  void mapsAndListsAreCapturedAsJson() {
    llm("json").input(Map.of("role", "user")).get(() -> List.of("a", "b"));
    SpanData span = otel.span("json");
    assertThat(prompt(span)).isEqualTo("{\"role\":\"user\"}");
    assertThat(completion(span)).isEqualTo("[\"a\",\"b\"]");
  }

  @Test
  void captureInputOffSuppressesOnlyThePrompt() {
    llm("no_input").captureInput(false).wrap((String s) -> s + "!").apply("secret");
    SpanData span = otel.span("no_input");
    assertThat(span.getAttributes().get(INPUT_MESSAGES)).isNull();
    assertThat(completion(span)).isEqualTo("secret!");
  }

  @Test
  void captureOutputOffSuppressesOnlyTheCompletion() {
    llm("no_output").captureOutput(false).wrap((String s) -> s + "!").apply("question");
    SpanData span = otel.span("no_output");
    assertThat(prompt(span)).isEqualTo("question");
    assertThat(span.getAttributes().get(OUTPUT_MESSAGES)).isNull();
  }

  @Test
  void contentIsCappedAtTenThousandCharactersByDefault() {
    String big = "a".repeat(25_000);
    llm("big").wrap((String s) -> s + "b".repeat(25_000)).apply(big);
    SpanData span = otel.span("big");
    assertThat(ContentCapture.DEFAULT_MAX_LENGTH).isEqualTo(10_000);
    assertThat(prompt(span)).hasSize(10_000).isEqualTo("a".repeat(10_000));
    assertThat(completion(span)).hasSize(10_000);
  }

  @Test
  void perCallCap() {
    llm("small").maxContentLength(5).wrap((String s) -> s).apply("abcdefghij");
    assertThat(prompt(otel.span("small"))).isEqualTo("abcde");
    assertThatThrownBy(() -> GenAiObservation.llm("x").maxContentLength(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxContentLength");
  }

  @Test
  void redactorRewritesContentBeforeTruncation() {
    AtomicReference<Integer> seenLength = new AtomicReference<>();
    ContentRedactor maskEmails =
        (field, text) -> {
          if (field.side() == ContentRedactor.Side.INPUT) {
            seenLength.set(text.length());
          }
          return text.replaceAll("[\\w.]+@[\\w.]+", "<email>");
        };
    String input = "mail bob@example.com now " + "z".repeat(50);
    llm("redacted")
        .redactor(maskEmails)
        .maxContentLength(20)
        .wrap((String s) -> "reply to alice@example.org")
        .apply(input);
    SpanData span = otel.span("redacted");
    assertThat(seenLength.get()).as("the redactor sees the whole text").isEqualTo(input.length());
    // the cut at 20 falls inside "zzz...": that word is left out rather than cut in half
    assertThat(prompt(span)).isEqualTo("mail <email> now ");
    assertThat(completion(span)).isEqualTo("reply to <email>");
  }

  @Test
  void redactorReturningNullOrThrowingDropsTheContentButNotTheCall() {
    llm("dropped")
        .redactor((field, text) -> field.side() == ContentRedactor.Side.INPUT ? null : text)
        .wrap((String s) -> "out")
        .apply("in");
    assertThat(otel.span("dropped").getAttributes().get(INPUT_MESSAGES)).isNull();
    assertThat(completion(otel.span("dropped"))).isEqualTo("out");

    String r =
        llm("throwing_redactor")
            .redactor(
                (field, text) -> {
                  throw new IllegalStateException("redactor bug");
                })
            .wrap((String s) -> "out")
            .apply("card 4111 1111 1111 1111");
    assertThat(r).isEqualTo("out");
    SpanData span = otel.span("throwing_redactor");
    assertThat(span.getAttributes().get(INPUT_MESSAGES)).as("never exported unredacted").isNull();
    assertThat(span.getAttributes().get(OUTPUT_MESSAGES)).isNull();
    assertThat(span.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
  }

  @Test
  void tagsAreAStringArray() {
    llm("tagged").tags("production", "v2").run(() -> {});
    assertThat(otel.span("tagged").getAttributes().get(TAGS)).containsExactly("production", "v2");
  }

  @Test
  void metadataAndCategory() {
    llm("meta").metadata("category", "support").metadata("priority", 1).run(() -> {});
    Attributes a = otel.span("meta").getAttributes();
    assertThat(a.get(ScopeKeys.metadata("category"))).isEqualTo("support");
    assertThat(a.get(ScopeKeys.metadata("priority"))).isEqualTo("1");
    assertThat(a.get(USER_CATEGORY)).isEqualTo("support");
  }

  @Test
  void noCategoryNoUserCategory() {
    llm("meta").metadata("priority", "high").run(() -> {});
    assertThat(otel.span("meta").getAttributes().get(USER_CATEGORY)).isNull();
  }

  // ---------------------------------------------------------------- kinds

  @Test
  void everyKindSetsItsClassificationAndOperationName() {
    Object[][] expected = {
      {GenAiSpanKind.LLM, "llm", "chat"},
      {GenAiSpanKind.TOOL, "tool", "execute_tool"},
      {GenAiSpanKind.CHAIN, "chain", null},
      {GenAiSpanKind.AGENT, "agent", "invoke_agent"},
      {GenAiSpanKind.PROMPT, "prompt", null},
      {GenAiSpanKind.RETRIEVER, "retriever", null},
      {GenAiSpanKind.EMBEDDING, "embedding", "embeddings"},
    };
    for (Object[] e : expected) {
      GenAiObservation.builder((GenAiSpanKind) e[0], "kind_" + e[1])
          .openTelemetry(otel.openTelemetry())
          .run(() -> {});
      Attributes a = otel.span("kind_" + e[1]).getAttributes();
      assertThat(a.get(L9_SPAN_KIND)).as("kind of %s", e[0]).isEqualTo(e[1]);
      assertThat(a.get(OPERATION_NAME)).as("operation of %s", e[0]).isEqualTo(e[2]);
    }
    // the shortcuts
    GenAiObservation.tool("t").openTelemetry(otel.openTelemetry()).run(() -> {});
    GenAiObservation.chain("c").openTelemetry(otel.openTelemetry()).run(() -> {});
    GenAiObservation.agent("a").openTelemetry(otel.openTelemetry()).run(() -> {});
    GenAiObservation.prompt("p").openTelemetry(otel.openTelemetry()).run(() -> {});
    GenAiObservation.retriever("r").openTelemetry(otel.openTelemetry()).run(() -> {});
    GenAiObservation.embedding("e").openTelemetry(otel.openTelemetry()).run(() -> {});
    assertThat(
            List.of("t", "c", "a", "p", "r", "e").stream()
                .map(n -> otel.span(n).getAttributes().get(L9_SPAN_KIND)))
        .containsExactly("tool", "chain", "agent", "prompt", "retriever", "embedding");
  }

  @Test
  void kindParsingIsCaseInsensitiveAndRejectsUnknownKinds() {
    assertThat(GenAiSpanKind.fromValue("LLM")).isEqualTo(GenAiSpanKind.LLM);
    assertThat(GenAiSpanKind.fromValue(" Tool ")).isEqualTo(GenAiSpanKind.TOOL);
    assertThatThrownBy(() -> GenAiSpanKind.fromValue("banana"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("banana");
    assertThatThrownBy(() -> GenAiObservation.llm(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("name");
  }

  // ---------------------------------------------------------------- response extraction and cost

  @Test
  void openAiChatCompletionIsReadAndPriced() {
    Map<String, Object> response =
        FakeLlm.openAiChat("chatcmpl-abc123", "gpt-4o-2024-08-06", "Sunny, 18°C.", 1000, 500);
    Object r =
        llm("openai_chat").pricing(GPT4O).wrap((String q) -> response).apply("Weather in SF?");
    assertThat(r).isSameAs(response);

    SpanData span = otel.span("openai_chat");
    Attributes a = span.getAttributes();
    assertThat(a.get(RESPONSE_ID)).isEqualTo("chatcmpl-abc123");
    assertThat(a.get(RESPONSE_MODEL)).isEqualTo("gpt-4o-2024-08-06");
    assertThat(a.get(USAGE_INPUT_TOKENS)).isEqualTo(1000L);
    assertThat(a.get(USAGE_OUTPUT_TOKENS)).isEqualTo(500L);
    assertThat(a.get(RESPONSE_FINISH_REASONS)).containsExactly("stop");
    // 1000 x 2.50 / 1e6 = 0.0025; 500 x 10.0 / 1e6 = 0.005; total 0.0075
    assertThat(a.get(USAGE_COST_INPUT_USD)).isEqualTo(0.0025);
    assertThat(a.get(USAGE_COST_OUTPUT_USD)).isEqualTo(0.005);
    assertThat(a.get(USAGE_COST_USD)).isEqualTo(0.0075);
    assertThat(a.get(COST_PRICE_SOURCE)).isEqualTo("call:gpt-4o");
    assertThat(a.get(COST_UNPRICED)).isNull();
    // the completion event carries the assistant's text, not Map.toString()
    assertThat(completion(span)).isEqualTo("Sunny, 18°C.");
  }

  @Test
  void cachedAndReasoningTokensAreReadAndPriced() {
    Map<String, ModelPricing> pricing =
        Map.of("o-test", ModelPricing.builder().input(2.50).output(10.0).cacheRead(1.25).build());
    llm("reasoning")
        .pricing(pricing)
        .get(() -> FakeLlm.openAiChat("c1", "o-test", "ok", 2000, 800, 1500, 300));
    Attributes a = otel.span("reasoning").getAttributes();
    assertThat(a.get(USAGE_INPUT_TOKENS)).isEqualTo(2000L);
    assertThat(a.get(USAGE_CACHE_READ_INPUT_TOKENS)).isEqualTo(1500L);
    assertThat(a.get(USAGE_OUTPUT_TOKENS)).isEqualTo(800L);
    assertThat(a.get(USAGE_REASONING_OUTPUT_TOKENS)).isEqualTo(300L);
    // input: (2000 - 1500) x 2.50 + 1500 x 1.25 = 1250 + 1875 = 3125 -> 0.003125
    // output: 800 x 10.0 = 8000 -> 0.008 (reasoning billed as output); total 0.011125
    assertThat(a.get(USAGE_COST_INPUT_USD)).isCloseTo(0.003125, within(1e-15));
    assertThat(a.get(USAGE_COST_OUTPUT_USD)).isCloseTo(0.008, within(1e-15));
    assertThat(a.get(USAGE_COST_USD)).isCloseTo(0.011125, within(1e-15));
  }

  @Test
  void anthropicMessageIsReadNormalisedAndPriced() {
    Map<String, ModelPricing> pricing =
        Map.of(
            "claude-sonnet-4-5",
            ModelPricing.builder()
                .input(3.0)
                .output(15.0)
                .cacheRead(0.30)
                .cacheWrite(3.75)
                .build());
    llm("anthropic")
        .pricing(pricing)
        .get(
            () ->
                FakeLlm.anthropicMessage(
                    "msg_01XYZ", "claude-sonnet-4-5-20250929", "Hello there", 100, 50, 1000, 200));
    SpanData span = otel.span("anthropic");
    Attributes a = span.getAttributes();
    assertThat(a.get(RESPONSE_ID)).isEqualTo("msg_01XYZ");
    assertThat(a.get(RESPONSE_MODEL)).isEqualTo("claude-sonnet-4-5-20250929");
    assertThat(a.get(PROVIDER_NAME)).isEqualTo("anthropic");
    assertThat(a.get(RESPONSE_FINISH_REASONS)).containsExactly("end_turn");
    // Anthropic reports cache tokens outside input_tokens: 100 + 1000 + 200 = 1300 input tokens
    assertThat(a.get(USAGE_INPUT_TOKENS)).isEqualTo(1300L);
    assertThat(a.get(USAGE_CACHE_READ_INPUT_TOKENS)).isEqualTo(1000L);
    assertThat(a.get(USAGE_CACHE_CREATION_INPUT_TOKENS)).isEqualTo(200L);
    assertThat(a.get(USAGE_OUTPUT_TOKENS)).isEqualTo(50L);
    // input: 100 x 3.0 + 1000 x 0.30 + 200 x 3.75 = 300 + 300 + 750 = 1350 -> 0.00135
    // output: 50 x 15.0 = 750 -> 0.00075; total 0.0021
    assertThat(a.get(USAGE_COST_INPUT_USD)).isCloseTo(0.00135, within(1e-15));
    assertThat(a.get(USAGE_COST_OUTPUT_USD)).isCloseTo(0.00075, within(1e-15));
    assertThat(a.get(USAGE_COST_USD)).isCloseTo(0.0021, within(1e-15));
    assertThat(completion(span)).isEqualTo("Hello there");
  }

  @Test
  void unknownModelWithoutPricingGetsTokensButNoCost() {
    llm("unknown").get(() -> FakeLlm.openAiChat("c", "acme-made-up-llm-9000", "hi", 1000, 500));
    Attributes a = otel.span("unknown").getAttributes();
    assertThat(a.get(USAGE_INPUT_TOKENS)).isEqualTo(1000L);
    assertThat(a.get(USAGE_OUTPUT_TOKENS)).isEqualTo(500L);
    assertThat(a.get(USAGE_COST_USD)).as("never a silent 0").isNull();
    assertThat(a.get(USAGE_COST_INPUT_USD)).isNull();
    assertThat(a.get(USAGE_COST_OUTPUT_USD)).isNull();
    assertThat(a.get(COST_UNPRICED)).isTrue();
  }

  @Test
  void pricingForAnotherModelDoesNotPriceThisOne() {
    llm("other")
        .pricing(GPT4O)
        .get(() -> FakeLlm.openAiChat("c", "acme-made-up-llm-9000", "hi", 10, 5));
    assertThat(otel.span("other").getAttributes().get(USAGE_COST_USD)).isNull();
    assertThat(otel.span("other").getAttributes().get(COST_UNPRICED)).isTrue();
  }

  @Test
  void requestModelPricesAResponseThatNamesNone() {
    llm("usage_only")
        .model("gpt-4o")
        .provider("openai")
        .pricing(GPT4O)
        .get(() -> Usage.of(1000, 500));
    Attributes a = otel.span("usage_only").getAttributes();
    assertThat(a.get(REQUEST_MODEL)).isEqualTo("gpt-4o");
    assertThat(a.get(PROVIDER_NAME)).isEqualTo("openai");
    assertThat(a.get(USAGE_COST_USD)).isEqualTo(0.0075);
  }

  @Test
  void usageReportedByHandIsPriced() {
    String answer =
        llm("streamed")
            .pricing(GPT4O)
            .get(
                () -> {
                  ObservedCall call = ObservedCall.current();
                  assertThat(call.isObserved()).isTrue();
                  call.reportUsage("gpt-4o", Usage.of(1000, 500));
                  call.reportResponseId("chatcmpl-stream", List.of("stop"));
                  return "streamed text";
                });
    assertThat(answer).isEqualTo("streamed text");
    Attributes a = otel.span("streamed").getAttributes();
    assertThat(a.get(RESPONSE_MODEL)).isEqualTo("gpt-4o");
    assertThat(a.get(RESPONSE_ID)).isEqualTo("chatcmpl-stream");
    assertThat(a.get(RESPONSE_FINISH_REASONS)).containsExactly("stop");
    assertThat(a.get(USAGE_COST_USD)).isEqualTo(0.0075);
    assertThat(completion(otel.span("streamed"))).isEqualTo("streamed text");
  }

  @Test
  void reportingOutsideAnObservedCallDoesNothing() {
    ObservedCall none = ObservedCall.current();
    assertThat(none.isObserved()).isFalse();
    assertThat(none.span().getSpanContext().isValid()).isFalse();
    none.reportUsage("gpt-4o", Usage.of(1, 1)).reportResponse(Map.of("model", "x"));
    assertThat(otel.spans()).isEmpty();
  }

  /** A test-only response type, read by a registered extractor. */
  static final class WeirdResponse {
    @Override
    public String toString() {
      return "WeirdResponse";
    }
  }

  @Test
  void aThrowingExtractorNeverReachesTheCaller() {
    UsageExtractor broken =
        new UsageExtractor() {
          @Override
          public Class<?> responseType() {
            return WeirdResponse.class;
          }

          @Override
          public ResponseInfo extract(Object response) {
            throw new IllegalStateException("extractor bug");
          }
        };
    WeirdResponse in = new WeirdResponse();
    Object out = llm("weird").pricing(GPT4O).usageExtractor(broken).get(() -> in);
    assertThat(out).isSameAs(in);
    // and through reportResponse as well
    llm("weird_report")
        .usageExtractor(broken)
        .get(() -> ObservedCall.current().reportResponse(new WeirdResponse()).isObserved());
    SpanData span = otel.span("weird");
    assertThat(span.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(USAGE_INPUT_TOKENS)).isNull();
    assertThat(span.getAttributes().get(USAGE_COST_USD)).isNull();
    assertThat(completion(span)).isEqualTo("WeirdResponse");
    assertThat(otel.span("weird_report").getStatus().getStatusCode())
        .isNotEqualTo(StatusCode.ERROR);
  }

  @Test
  void anObservationsOwnExtractorReadsItsResultAndNoOtherObservations() {
    UsageExtractor reads =
        new UsageExtractor() {
          @Override
          public Class<?> responseType() {
            return WeirdResponse.class;
          }

          @Override
          public ResponseInfo extract(Object response) {
            return ResponseInfo.builder()
                .responseModel("gpt-4o")
                .usage(Usage.of(1000, 500))
                .outputText("weird!")
                .build();
          }
        };
    llm("registered").pricing(GPT4O).usageExtractor(reads).get(WeirdResponse::new);
    llm("unregistered").pricing(GPT4O).get(WeirdResponse::new);
    assertThat(otel.span("registered").getAttributes().get(USAGE_COST_USD)).isEqualTo(0.0075);
    assertThat(completion(otel.span("registered"))).isEqualTo("weird!");
    assertThat(otel.span("unregistered").getAttributes().get(USAGE_INPUT_TOKENS)).isNull();
  }

  // ---------------------------------------------------------------- double pricing

  /**
   * An observed call wraps an instrumented client call (OpenTelemetry's own "chat gpt-4o" span) and
   * also returns the response with the same usage: the call is priced once, on the instrumented
   * span, with the observed call's pricing.
   */
  @Test
  void anObservedCallAroundAnInstrumentedClientIsPricedOnce() {
    Map<String, ModelPricing> callPricing = Map.of("gpt-4o", ModelPricing.of(1.0, 2.0));
    Map<String, Object> response =
        llm("chat_turn")
            .pricing(callPricing)
            .get(
                () ->
                    FakeLlm.instrumentedChat(
                        otel.tracer(),
                        "gpt-4o",
                        "gpt-4o-2024-08-06",
                        1000,
                        500,
                        () ->
                            FakeLlm.openAiChat(
                                "chatcmpl-1", "gpt-4o-2024-08-06", "hi", 1000, 500)));
    assertThat(response).containsKey("usage");

    SpanData observed = otel.span("chat_turn");
    SpanData client = otel.span("chat gpt-4o");
    assertThat(client.getParentSpanId()).isEqualTo(observed.getSpanId());
    List<SpanData> priced =
        otel.spans().stream()
            .filter(s -> s.getAttributes().get(USAGE_COST_USD) != null)
            .collect(Collectors.toList());
    assertThat(priced).extracting(SpanData::getName).containsExactly("chat gpt-4o");
    // per-call pricing: 1000 x 1.0 / 1e6 + 500 x 2.0 / 1e6 = 0.001 + 0.001 = 0.002
    assertThat(client.getAttributes().get(USAGE_COST_USD)).isEqualTo(0.002);
    assertThat(client.getAttributes().get(COST_PRICE_SOURCE)).isEqualTo("call:gpt-4o");
    assertThat(otel.sumOfSpanCosts()).isEqualTo(0.002);
    assertThat(observed.getAttributes().get(COST_PRICED_BY_CHILD)).isTrue();
    assertThat(observed.getAttributes().get(USAGE_INPUT_TOKENS)).isNull();
    assertThat(observed.getAttributes().get(USAGE_COST_USD)).isNull();
    assertThat(observed.getAttributes().get(COST_UNPRICED)).isNull();
  }

  /**
   * The README's first example: an observed LLM call returns the answer's text, not the response,
   * and the instrumented client span inside it carries the tokens and the cost. The observed span
   * says where its cost is; a chain around a model call, or an LLM call with no instrumented call
   * inside, is not marked.
   */
  @Test
  void anObservedLlmCallReturningTextAroundAnInstrumentedClientIsMarkedPricedByChild() {
    String answer =
        llm("chat")
            .get(
                () ->
                    FakeLlm.instrumentedChat(
                        otel.tracer(), "gpt-4o", "gpt-4o-2024-08-06", 1000, 500, () -> "Sunny."));
    assertThat(answer).isEqualTo("Sunny.");
    Attributes observed = otel.span("chat").getAttributes();
    assertThat(observed.get(COST_PRICED_BY_CHILD)).isTrue();
    assertThat(observed.get(USAGE_COST_USD)).isNull();
    assertThat(otel.span("chat gpt-4o").getAttributes().get(USAGE_COST_USD)).isEqualTo(0.0075);

    GenAiObservation.chain("answer_question")
        .openTelemetry(otel.openTelemetry())
        .get(
            () ->
                FakeLlm.instrumentedChat(otel.tracer(), "gpt-4o", "gpt-4o", 10, 5, () -> "Rain."));
    assertThat(otel.span("answer_question").getAttributes().get(COST_PRICED_BY_CHILD)).isNull();

    llm("no_client_span").get(() -> "Fog.");
    assertThat(otel.span("no_client_span").getAttributes().get(COST_PRICED_BY_CHILD)).isNull();
  }

  @Test
  void anInstrumentedSpanOutsideAnyObservedCallIsPricedByTheProcessor() {
    FakeLlm.instrumentedChat(otel.tracer(), "gpt-4o", 1000, 500);
    Attributes a = otel.span("chat gpt-4o").getAttributes();
    assertThat(a.get(USAGE_COST_USD)).isEqualTo(0.0075); // bundled catalog: gpt-4o at 2.50 / 10.00
    assertThat(a.get(COST_PRICE_SOURCE)).startsWith("genai-prices");
  }

  // ---------------------------------------------------------------- errors

  @Test
  void aRuntimeExceptionIsRecordedOnceAndRethrownUnchanged() {
    IllegalStateException boom = new IllegalStateException("model overloaded");
    assertThatThrownBy(
            () ->
                llm("failing")
                    .get(
                        () -> {
                          throw boom;
                        }))
        .isSameAs(boom);
    SpanData span = otel.span("failing");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getStatus().getDescription()).isEqualTo("model overloaded");
    assertThat(span.getAttributes().get(ERROR_TYPE))
        .isEqualTo(IllegalStateException.class.getName());
    List<EventData> exceptions = events(span, "exception");
    assertThat(exceptions).hasSize(1);
    assertThat(exceptions.get(0).getAttributes().get(EXCEPTION_TYPE))
        .isEqualTo(IllegalStateException.class.getName());
    assertThat(exceptions.get(0).getAttributes().get(EXCEPTION_MESSAGE))
        .isEqualTo("model overloaded");
    assertThat(span.getAttributes().get(OUTPUT_MESSAGES)).isNull();
  }

  @Test
  void aCheckedExceptionFromCallIsRethrownUnchanged() {
    IOException io = new IOException("connection reset");
    assertThatThrownBy(
            () ->
                llm("checked")
                    .build()
                    .call(
                        () -> {
                          throw io;
                        }))
        .isSameAs(io);
    SpanData span = otel.span("checked");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(ERROR_TYPE)).isEqualTo("java.io.IOException");
    assertThat(events(span, "exception")).hasSize(1);
  }

  @Test
  void anErrorKeepsTheConversationOnTheFailedSpan() {
    try (ConversationContext c = ConversationContext.builder("conv_err").userId("u").start()) {
      assertThatThrownBy(
              () ->
                  llm("fails_in_conv")
                      .run(
                          () -> {
                            throw new IllegalArgumentException("bad");
                          }))
          .isInstanceOf(IllegalArgumentException.class);
    }
    Attributes a = otel.span("fails_in_conv").getAttributes();
    assertThat(a.get(CONVERSATION_ID)).isEqualTo("conv_err");
    assertThat(a.get(USER_ID)).isEqualTo("u");
  }

  @Test
  void callWithAValueSucceeds() throws Exception {
    Integer v = llm("callable").build().call("input", () -> 42);
    assertThat(v).isEqualTo(42);
    assertThat(prompt(otel.span("callable"))).isEqualTo("input");
    assertThat(completion(otel.span("callable"))).isEqualTo("42");
  }

  // ---------------------------------------------------------------- async

  @Test
  void asyncSpanEndsWhenTheFutureCompletes() throws Exception {
    CompletableFuture<Map<String, Object>> pending = new CompletableFuture<>();
    CompletionStage<Map<String, Object>> stage =
        llm("async_chat").pricing(GPT4O).tags("async").async(() -> pending);
    assertThat(otel.spans()).as("span still open while the future is pending").isEmpty();

    Thread completer =
        new Thread(() -> pending.complete(FakeLlm.openAiChat("c", "gpt-4o", "later", 1000, 500)));
    completer.start();
    Map<String, Object> result = stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(result.get("id")).isEqualTo("c");
    // the returned stage completes only after the span has ended (and been exported)
    SpanData span = otel.span("async_chat");
    assertThat(span.getEndEpochNanos()).isGreaterThanOrEqualTo(span.getStartEpochNanos());
    assertThat(span.getAttributes().get(USAGE_COST_USD)).isEqualTo(0.0075);
    assertThat(span.getAttributes().get(TAGS)).containsExactly("async");
    assertThat(completion(span)).isEqualTo("later");
  }

  @Test
  void asyncFailureIsRecordedOnceAndTheSameExceptionReachesTheCaller() {
    IllegalStateException boom = new IllegalStateException("async boom");
    CompletableFuture<String> pending = new CompletableFuture<>();
    CompletionStage<String> stage = llm("async_fail").async(() -> pending);
    pending.completeExceptionally(boom);

    assertThatThrownBy(() -> stage.toCompletableFuture().join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isSameAs(boom);
    assertThatThrownBy(() -> stage.toCompletableFuture().get())
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isSameAs(boom);
    SpanData span = otel.span("async_fail");
    assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(span.getAttributes().get(ERROR_TYPE))
        .isEqualTo(IllegalStateException.class.getName());
    assertThat(events(span, "exception")).hasSize(1);
  }

  @Test
  void asyncFailureOfADependentStageIsUnwrapped() {
    IllegalStateException boom = new IllegalStateException("deep");
    CompletableFuture<String> source = new CompletableFuture<>();
    CompletionStage<String> stage =
        llm("async_dependent").async(() -> source.thenApply(s -> s + "!"));
    source.completeExceptionally(boom);
    assertThatThrownBy(() -> stage.toCompletableFuture().join()).cause().isSameAs(boom);
    SpanData span = otel.span("async_dependent");
    assertThat(span.getAttributes().get(ERROR_TYPE))
        .isEqualTo(IllegalStateException.class.getName());
    assertThat(events(span, "exception")).hasSize(1);
    assertThat(events(span, "exception").get(0).getAttributes().get(EXCEPTION_TYPE))
        .isEqualTo(IllegalStateException.class.getName());
  }

  @Test
  void asyncBodyThrowingSynchronouslyIsRethrownUnchanged() {
    IllegalStateException boom = new IllegalStateException("sync part");
    assertThatThrownBy(
            () ->
                llm("async_sync_throw")
                    .async(
                        () -> {
                          throw boom;
                        }))
        .isSameAs(boom);
    assertThat(events(otel.span("async_sync_throw"), "exception")).hasSize(1);
  }

  @Test
  void wrapAsyncCapturesInputAndOutput() {
    Function<String, CompletionStage<String>> f =
        llm("wrap_async")
            .wrapAsync((String s) -> CompletableFuture.completedFuture(s.toUpperCase()));
    assertThat(f.apply("abc").toCompletableFuture().join()).isEqualTo("ABC");
    assertThat(prompt(otel.span("wrap_async"))).isEqualTo("abc");
    assertThat(completion(otel.span("wrap_async"))).isEqualTo("ABC");
  }

  // ---------------------------------------------------------------- integration with scopes

  @Test
  void picksUpConversationAndUser() {
    try (ConversationContext c =
        ConversationContext.builder("conv_obs").userId("user_obs").start()) {
      llm("in_conv").run(() -> {});
    }
    Attributes a = otel.span("in_conv").getAttributes();
    assertThat(a.get(CONVERSATION_ID)).isEqualTo("conv_obs");
    assertThat(a.get(USER_ID)).isEqualTo("user_obs");
  }

  @Test
  void picksUpWorkflowIdAndType() {
    try (WorkflowContext w =
        WorkflowContext.builder("wf_obs").type("rag").openTelemetry(otel.openTelemetry()).start()) {
      llm("in_wf").run(() -> {});
    }
    Attributes a = otel.span("in_wf").getAttributes();
    assertThat(a.get(WORKFLOW_ID)).isEqualTo("wf_obs");
    assertThat(a.get(WORKFLOW_TYPE)).isEqualTo("rag");
    assertThat(otel.span("in_wf").getParentSpanId())
        .isEqualTo(otel.span("invoke_workflow rag").getSpanId());
  }

  @Test
  void nestedObservationsAreParentAndChild() {
    GenAiObservation inner =
        GenAiObservation.llm("inner_llm").openTelemetry(otel.openTelemetry()).build();
    GenAiObservation.chain("outer_chain")
        .openTelemetry(otel.openTelemetry())
        .get(() -> inner.get(() -> "x"));
    SpanData outer = otel.span("outer_chain");
    SpanData child = otel.span("inner_llm");
    assertThat(child.getParentSpanId()).isEqualTo(outer.getSpanId());
    assertThat(child.getTraceId()).isEqualTo(outer.getTraceId());
    assertThat(outer.getAttributes().get(L9_SPAN_KIND)).isEqualTo("chain");
    assertThat(child.getAttributes().get(L9_SPAN_KIND)).isEqualTo("llm");
  }

  @Test
  void theObservedSpanIsCurrentInsideAndNotAfter() {
    AtomicReference<String> inside = new AtomicReference<>();
    llm("current")
        .run(
            () ->
                inside.set(io.opentelemetry.api.trace.Span.current().getSpanContext().getSpanId()));
    assertThat(inside.get()).isEqualTo(otel.span("current").getSpanId());
    assertThat(io.opentelemetry.api.trace.Span.current().getSpanContext().isValid()).isFalse();
  }

  @Test
  void aReusableObservationIsThreadSafeAndIndependentPerCall() throws Exception {
    GenAiObservation obs =
        GenAiObservation.llm("reused").openTelemetry(otel.openTelemetry()).pricing(GPT4O).build();
    Thread[] threads = new Thread[4];
    for (int i = 0; i < threads.length; i++) {
      int n = i;
      threads[i] =
          new Thread(
              () -> {
                for (int k = 0; k < 25; k++) {
                  String id = "id-" + n + "-" + k;
                  obs.get(() -> FakeLlm.openAiChat(id, "gpt-4o", "ok", 1000, 500));
                }
              });
      threads[i].start();
    }
    for (Thread t : threads) {
      t.join(10_000);
    }
    assertThat(otel.spans("reused"))
        .hasSize(100)
        .allSatisfy(s -> assertThat(s.getAttributes().get(USAGE_COST_USD)).isEqualTo(0.0075));
    assertThat(otel.values(RESPONSE_ID)).doesNotHaveDuplicates().hasSize(100);
  }
}
