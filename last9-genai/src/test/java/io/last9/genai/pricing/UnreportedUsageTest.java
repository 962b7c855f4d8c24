/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing;

import static io.last9.genai.GenAiAttributes.COST_LOWER_BOUND;
import static io.last9.genai.GenAiAttributes.COST_LOWER_BOUND_REASON;
import static io.last9.genai.GenAiAttributes.COST_PRICE_SOURCE;
import static io.last9.genai.GenAiAttributes.COST_UNPRICED;
import static io.last9.genai.GenAiAttributes.COST_UNPRICED_REASON;
import static io.last9.genai.GenAiAttributes.COST_UPPER_BOUND;
import static io.last9.genai.GenAiAttributes.COST_UPPER_BOUND_REASON;
import static io.last9.genai.GenAiAttributes.ERROR_TYPE;
import static io.last9.genai.GenAiAttributes.OPERATION_NAME;
import static io.last9.genai.GenAiAttributes.PROVIDER_NAME;
import static io.last9.genai.GenAiAttributes.REQUEST_MODEL;
import static io.last9.genai.GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS;
import static io.last9.genai.GenAiAttributes.USAGE_COST_USD;
import static io.last9.genai.GenAiAttributes.USAGE_INPUT_TOKENS;
import static io.last9.genai.GenAiAttributes.USAGE_OUTPUT_TOKENS;
import static io.last9.genai.GenAiAttributes.WORKFLOW_LLM_CALLS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.last9.genai.FakeLlm;
import io.last9.genai.WorkflowContext;
import io.last9.genai.observe.GenAiObservation;
import io.last9.genai.observe.GenAiObservationBuilder;
import io.last9.genai.observe.ObservedCall;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a cost says when counts are missing: a call that reported no count at all gets no cost and
 * says so ({@code no_usage}), never $0; a call whose cache reads were not reported gets a cost that
 * says it is an upper bound; counts reported as 0 are a real, free call.
 */
class UnreportedUsageTest {

  /** Not in the catalog: its only price is the caller's, with no cheaper cached input. */
  private static final String FLAT_MODEL = "acme-flat-1";

  @RegisterExtension
  final Last9TelemetryExtension otel =
      Last9TelemetryExtension.builder()
          .pricing(Map.of(FLAT_MODEL, ModelPricing.of(1.0, 2.0)))
          .build();

  private GenAiObservationBuilder llm(String name) {
    return GenAiObservation.llm(name).openTelemetry(otel.openTelemetry());
  }

  private static Map<String, Object> response(String model, Map<String, Object> usage) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", "chatcmpl-1");
    r.put("model", model);
    r.put("usage", usage);
    return r;
  }

  // --- no usage: no cost, and the span says so

  /** {@code "usage": {}} (every field missing) was once priced at $0.0 with a price source. */
  @Test
  void anObservedResponseWhoseUsageHasEveryFieldMissingIsMarkedAndNotPriced() {
    try (WorkflowContext w =
        WorkflowContext.builder("wf-1").type("rag").openTelemetry(otel.openTelemetry()).start()) {
      llm("answer").get(() -> response("gpt-4o", Map.of()));
    }

    Attributes a = otel.attributesOf("answer");
    assertThat(a.get(COST_UNPRICED)).isTrue();
    assertThat(a.get(COST_UNPRICED_REASON)).isEqualTo("no_usage");
    assertThat(a.get(USAGE_COST_USD)).isNull();
    assertThat(a.get(COST_PRICE_SOURCE)).isNull();
    assertThat(a.get(USAGE_INPUT_TOKENS)).isNull();
    assertThat(a.get(USAGE_OUTPUT_TOKENS)).isNull();
    assertThat(otel.attributesOf("invoke_workflow rag").get(WORKFLOW_LLM_CALLS)).isZero();
  }

  @Test
  void usageReportedByHandWithNoCountIsMarkedAndNotPriced() {
    llm("answer").run(() -> ObservedCall.current().reportUsage("gpt-4o", Usage.empty()));

    Attributes a = otel.attributesOf("answer");
    assertThat(a.get(COST_UNPRICED_REASON)).isEqualTo("no_usage");
    assertThat(a.get(USAGE_COST_USD)).isNull();
  }

  /** An explicit 0/0 from an API is a real call that cost nothing: $0, with its price source. */
  @Test
  void countsReportedAsZeroArePricedAtZero() {
    llm("answer").get(() -> response("gpt-4o", Map.of("prompt_tokens", 0, "completion_tokens", 0)));

    Attributes a = otel.attributesOf("answer");
    assertThat(a.get(USAGE_COST_USD)).isZero();
    assertThat(a.get(COST_PRICE_SOURCE)).isEqualTo("genai-prices:openai/gpt-4o@2026-08-21");
    assertThat(a.get(COST_UNPRICED)).isNull();
  }

  @Test
  void aModelCallSpanThatEndsWithoutTokenCountsIsMarked() {
    otel.startAndEndSpan(
        "chat gpt-4o",
        Attributes.builder().put(OPERATION_NAME, "chat").put(REQUEST_MODEL, "gpt-4o").build());

    Attributes a = otel.attributesOf("chat gpt-4o");
    assertThat(a.get(COST_UNPRICED)).isTrue();
    assertThat(a.get(COST_UNPRICED_REASON)).isEqualTo("no_usage");
    assertThat(a.get(USAGE_COST_USD)).isNull();
  }

  @Test
  void aFailedCallAndASpanThatIsNoModelCallAreNotMarked() {
    Span failed =
        otel.tracer()
            .spanBuilder("chat failed")
            .setAttribute(OPERATION_NAME, "chat")
            .setAttribute(REQUEST_MODEL, "gpt-4o")
            .startSpan();
    failed.setStatus(StatusCode.ERROR);
    failed.end();
    otel.startAndEndSpan(
        "chat timeout",
        Attributes.builder()
            .put(OPERATION_NAME, "chat")
            .put(REQUEST_MODEL, "gpt-4o")
            .put(ERROR_TYPE, "java.net.SocketTimeoutException")
            .build());
    otel.startAndEndSpan("tool", Attributes.builder().put(REQUEST_MODEL, "gpt-4o").build());

    for (String name : new String[] {"chat failed", "chat timeout", "tool"}) {
      assertThat(otel.attributesOf(name).get(COST_UNPRICED)).as(name).isNull();
    }
  }

  @Test
  void theCalculatorPricesNoUsageAsNothingAndReportedZerosAsZero() {
    CostCalculator calc = CostCalculator.getDefault();
    assertThat(calc.estimate("gpt-4o", Usage.empty())).isEmpty();
    assertThat(calc.estimate("gpt-4o", Usage.of(0, 0)).orElseThrow().cost().totalUsd()).isZero();
  }

  // --- cache reads not reported: the cost is an upper bound, and says so

  /**
   * The Java agent's openai-java spans carry input and output only: a cached turn was billed at the
   * full input price (+69% on a cached turn) with nothing on the span saying so.
   */
  @Test
  void aSpanWithoutCacheReadsIsAnUpperBoundWhenCachedInputCostsLess() {
    otel.startAndEndSpan("chat gpt-4o", CostTest.tokens("gpt-4o", null, 2_000, 100));

    Attributes a = otel.attributesOf("chat gpt-4o");
    // every input token at the full input price: 2,000 x 2.50 + 100 x 10 per million
    assertThat(a.get(USAGE_COST_USD)).isCloseTo(0.006, within(1e-15));
    assertThat(a.get(COST_UPPER_BOUND)).isTrue();
    assertThat(a.get(COST_UPPER_BOUND_REASON)).isEqualTo("cache_read_tokens_not_reported");
  }

  /**
   * Amazon Bedrock counts only the input outside the prompt cache in {@code inputTokens}, and the
   * AWS SDK's instrumentation reports that count with no cache counts beside it: cached input is
   * missing from the cost, which is then a lower bound, not an upper one; so does Spring AI's
   * Bedrock model. The same counts from another instrumentation follow the conventions (cached
   * input inside the input count).
   */
  @Test
  void aBedrockSpanOfTheAwsSdkInstrumentationIsALowerBoundWhenItReportsNoCacheCounts() {
    Attributes bedrock =
        Attributes.builder()
            .putAll(
                CostTest.tokens("us.anthropic.claude-sonnet-4-5-20250929-v1:0", null, 1_200, 300))
            .put(PROVIDER_NAME, "aws.bedrock")
            .build();
    for (String scope : new String[] {"io.opentelemetry.aws-sdk-2.2", "some-other-library"}) {
      Span span = otel.openTelemetry().getTracer(scope).spanBuilder(scope).startSpan();
      span.setAllAttributes(bedrock);
      span.end();
    }

    Attributes aws = otel.attributesOf("io.opentelemetry.aws-sdk-2.2");
    // the cross-region entry: 1,200 x 3.30 + 300 x 16.50 per million
    assertThat(aws.get(USAGE_COST_USD)).isCloseTo(0.00891, within(1e-15));
    assertThat(aws.get(COST_LOWER_BOUND)).isTrue();
    assertThat(aws.get(COST_LOWER_BOUND_REASON)).isEqualTo("cache_tokens_not_reported");
    assertThat(aws.get(COST_UPPER_BOUND)).isNull();
    // Spring AI's Bedrock Converse model reports the same count, under its own provider name
    Span springAi = otel.tracer().spanBuilder("spring-ai").startSpan();
    springAi.setAllAttributes(bedrock);
    springAi.setAttribute(PROVIDER_NAME, "bedrock_converse");
    springAi.end();
    assertThat(otel.attributesOf("spring-ai").get(COST_LOWER_BOUND)).isTrue();
    assertThat(otel.attributesOf("spring-ai").get(COST_UPPER_BOUND)).isNull();
    Attributes other = otel.attributesOf("some-other-library");
    assertThat(other.get(USAGE_COST_USD)).isCloseTo(0.00891, within(1e-15));
    assertThat(other.get(COST_UPPER_BOUND)).isTrue();
    assertThat(other.get(COST_LOWER_BOUND)).isNull();
  }

  @Test
  void aSpanThatReportsItsCacheReadsIsExactEvenWhenThereWereNone() {
    otel.startAndEndSpan(
        "none cached",
        Attributes.builder()
            .putAll(CostTest.tokens("gpt-4o", null, 2_000, 100))
            .put(USAGE_CACHE_READ_INPUT_TOKENS, 0L)
            .build());
    otel.startAndEndSpan(
        "some cached",
        Attributes.builder()
            .putAll(CostTest.tokens("gpt-4o", null, 2_000, 100))
            .put(USAGE_CACHE_READ_INPUT_TOKENS, 1_600L)
            .build());

    Attributes none = otel.attributesOf("none cached");
    assertThat(none.get(USAGE_COST_USD)).isCloseTo(0.006, within(1e-15));
    assertThat(none.get(COST_UPPER_BOUND)).isNull();
    assertThat(none.get(COST_UPPER_BOUND_REASON)).isNull();
    // 400 x 2.50 + 1,600 x 1.25 + 100 x 10 per million
    Attributes some = otel.attributesOf("some cached");
    assertThat(some.get(USAGE_COST_USD)).isCloseTo(0.004, within(1e-15));
    assertThat(some.get(COST_UPPER_BOUND)).isNull();
  }

  @Test
  void noUpperBoundWhenThePriceDoesNotDependOnCacheReads() {
    otel.startAndEndSpan("flat", CostTest.tokens(FLAT_MODEL, null, 2_000, 100));
    otel.startAndEndSpan("no input", CostTest.tokens("gpt-4o", null, 0, 100));

    assertThat(otel.attributesOf("flat").get(USAGE_COST_USD)).isCloseTo(0.0022, within(1e-15));
    assertThat(otel.attributesOf("flat").get(COST_UPPER_BOUND)).isNull();
    assertThat(otel.attributesOf("no input").get(COST_UPPER_BOUND)).isNull();
  }

  /**
   * The caller's price without a cache price takes the catalog's discount: cached input is cheaper.
   */
  @Test
  void theCallersPriceWithTheCatalogsCacheDiscountIsAnUpperBoundToo() {
    Last9TelemetryExtension custom =
        Last9TelemetryExtension.builder()
            .pricing(Map.of("gpt-4o", ModelPricing.of(1.0, 2.0)))
            .build();
    custom.start();
    try {
      custom.startAndEndSpan("chat gpt-4o", CostTest.tokens("gpt-4o", null, 2_000, 100));
      Attributes a = custom.attributesOf("chat gpt-4o");
      assertThat(a.get(COST_PRICE_SOURCE)).isEqualTo("custom:gpt-4o");
      assertThat(a.get(USAGE_COST_USD)).isCloseTo(0.0022, within(1e-15));
      assertThat(a.get(COST_UPPER_BOUND)).isTrue();
    } finally {
      custom.close();
    }
  }

  /**
   * The observe wrapper writes the cache reads a response reported, 0 included, so its cost is
   * exact; usage reported by hand without them is an upper bound.
   */
  @Test
  void theObserveWrapperWritesReportedCacheReadsIncludingZero() {
    llm("from the response")
        .get(() -> FakeLlm.openAiChat("chatcmpl-2", "gpt-4o", "hi", 2_000, 100, 0, 0));
    llm("by hand").run(() -> ObservedCall.current().reportUsage("gpt-4o", Usage.of(2_000, 100)));

    SpanData response = otel.span("from the response");
    assertThat(response.getAttributes().get(USAGE_CACHE_READ_INPUT_TOKENS)).isZero();
    assertThat(response.getAttributes().get(COST_UPPER_BOUND)).isNull();
    Attributes byHand = otel.attributesOf("by hand");
    assertThat(byHand.get(USAGE_CACHE_READ_INPUT_TOKENS)).isNull();
    assertThat(byHand.get(COST_UPPER_BOUND)).isTrue();
  }

  @Test
  void theCalculatorSaysWhenItsCostIsAnUpperBound() {
    CostCalculator calc = CostCalculator.getDefault();
    CostEstimate unreported = calc.estimate("gpt-4o", Usage.of(2_000, 100)).orElseThrow();
    CostEstimate reported =
        calc.estimate(
                "gpt-4o",
                Usage.builder()
                    .inputTokens(2_000)
                    .outputTokens(100)
                    .cacheReadInputTokens(0)
                    .build())
            .orElseThrow();

    assertThat(unreported.isUpperBound()).isTrue();
    assertThat(unreported.unreportedUsage()).containsExactly(UsageComponent.CACHE_READ_TOKENS);
    assertThat(reported.isUpperBound()).isFalse();
    assertThat(reported.cost()).isEqualTo(unreported.cost());
  }
}
