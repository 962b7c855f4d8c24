/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing;

import static io.last9.genai.GenAiAttributes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.last9.genai.observe.GenAiObservation;
import io.last9.genai.pricing.internal.CalculatorAccess;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Costs of every kind of usage with the bundled catalog, each worked out by hand from the
 * genai-prices data (USD per million tokens unless said otherwise, quoted in each test), and the
 * markers a span gets when part of its usage cannot be priced. The same numbers were checked
 * against genai-prices' own Python calculation.
 */
class UsageComponentCostTest {

  private static final CostCalculator CALC = CostCalculator.getDefault();
  private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");

  private static CostEstimate estimate(String model, String provider, Usage usage) {
    return CALC.estimate(model, provider, usage, AT)
        .orElseThrow(() -> new AssertionError("no price for " + model));
  }

  private static void assertCost(CostEstimate e, double input, double output, double total) {
    assertThat(e.cost().inputUsd()).as("input").isCloseTo(input, within(1e-15));
    assertThat(e.cost().outputUsd()).as("output").isCloseTo(output, within(1e-15));
    assertThat(e.cost().totalUsd()).as("total").isCloseTo(total, within(1e-15));
  }

  @Test
  void audioInputIsBilledAtTheAudioPrice() {
    // gemini-2.0-flash: input 0.1, input_audio 0.7, output 0.4; 4,610 input tokens of which 1,500
    // audio
    // text 3110 x 0.1 = 311, audio 1500 x 0.7 = 1050 -> input 1361 / 1e6 = 0.001361
    // output 101 x 0.4 = 40.4 / 1e6 = 0.0000404; total 0.0014014 (billing audio as text gave
    // 0.0005014)
    Usage usage =
        Usage.builder().inputTokens(4_610).inputAudioTokens(1_500).outputTokens(101).build();
    CostEstimate e = estimate("gemini-2.0-flash", "gcp.gemini", usage);
    assertCost(e, 0.001361, 0.0000404, 0.0014014);
    assertThat(e.source()).isEqualTo("genai-prices:google/gemini-2.0-flash@2026-08-21");
    assertThat(e.isComplete()).isTrue();
  }

  @Test
  void cachedAudioIsBilledAtTheCachedAudioPrice() {
    // gemini-2.0-flash: input 0.1, cache_read 0.025, input_audio 0.7, cache_audio_read 0.175
    // 10,000 input: 4,000 audio (1,000 of them cached), 3,000 cache reads (the same 1,000 cached
    // audio included)
    // cached audio 1000 x 0.175 = 175; other audio (4000 - 1000) x 0.7 = 2100;
    // other cache reads (3000 - 1000) x 0.025 = 50; the rest (10000 - 1000 - 3000 - 2000) x 0.1 =
    // 400
    // total (175 + 2100 + 50 + 400) / 1e6 = 0.002725
    Usage usage =
        Usage.builder()
            .inputTokens(10_000)
            .inputAudioTokens(4_000)
            .cacheReadInputTokens(3_000)
            .cacheReadAudioTokens(1_000)
            .build();
    assertCost(estimate("gemini-2.0-flash", "google", usage), 0.002725, 0, 0.002725);
  }

  @Test
  void imageOutputIsBilledAtTheImagePrice() {
    // gemini-2.5-flash-image: input 0.3, output 2.5, output_image 30; 1,304 output tokens of which
    // 1,290 image
    // input 14 x 0.3 = 4.2 / 1e6 = 0.0000042
    // output (1304 - 1290) x 2.5 + 1290 x 30 = 35 + 38700 = 38735 / 1e6 = 0.038735; total 0.0387392
    Usage usage =
        Usage.builder().inputTokens(14).outputTokens(1_304).outputImageTokens(1_290).build();
    assertCost(
        estimate("gemini-2.5-flash-image", "gcp.vertex_ai", usage), 0.0000042, 0.038735, 0.0387392);
  }

  @Test
  void webSearchesAreBilledPerThousandAloneAndAboveTheTier() {
    // claude-sonnet-4-5: web_searches 10 USD per 1,000 searches, no tier; input 3 (6 above
    // 200,000), output 15 (22.5)
    // alone: 1,000 input x 3 = 0.003; 10 searches x 10 / 1000 = 0.1 (neither input nor output);
    // total 0.103
    Usage small = Usage.builder().inputTokens(1_000).webSearches(10).build();
    assertCost(estimate("claude-sonnet-4-5", "anthropic", small), 0.003, 0, 0.103);
    // with the >200k tier: 250,000 x 6 = 1.5; 1,000 x 22.5 = 0.0225; + 0.1 = 1.6225
    Usage large = Usage.builder().inputTokens(250_000).outputTokens(1_000).webSearches(10).build();
    assertCost(estimate("claude-sonnet-4-5", "anthropic", large), 1.5, 0.0225, 1.6225);
  }

  @Test
  void oneHourCacheWritesAreBilledAtTheOneHourPrice() {
    // claude-opus-4-1: input 15, cache_write 18.75 (the 5-minute price), cache_write_1h 30
    // 10,000 input: 2,000 uncached, 8,000 cache writes of which 6,000 with a 1-hour TTL (2,000
    // five-minute)
    // 1h 6000 x 30 = 180000; 5m (8000 - 6000) x 18.75 = 37500; uncached 2000 x 15 = 30000 -> 247500
    // / 1e6 = 0.2475
    Usage usage =
        Usage.builder()
            .inputTokens(10_000)
            .cacheCreationInputTokens(8_000)
            .cacheWrite1hInputTokens(6_000)
            .cacheWrite5mInputTokens(2_000)
            .build();
    assertCost(estimate("claude-opus-4-1", "anthropic", usage), 0.2475, 0, 0.2475);
  }

  @Test
  void oneHourCacheWritesWithTheTier() {
    // claude-sonnet-4-5 above 200,000 input: input 6, cache_write_1h 12
    // 300,000 input of which 100,000 1-hour writes: 100000 x 12 + 200000 x 6 = 2,400,000 / 1e6 =
    // 2.4
    Usage usage =
        Usage.builder()
            .inputTokens(300_000)
            .cacheCreationInputTokens(100_000)
            .cacheWrite1hInputTokens(100_000)
            .build();
    assertCost(estimate("claude-sonnet-4-5", "anthropic", usage), 2.4, 0, 2.4);
  }

  @Test
  void perRequestFeeIsInTheTotal() {
    // perplexity sonar: input 1, output 1, requests_kcount 12 (USD per 1,000 requests)
    // 1000 x 1 / 1e6 = 0.001; 1000 x 1 / 1e6 = 0.001; one request 12 / 1000 = 0.012; total 0.014
    Usage usage = Usage.of(1_000, 1_000);
    assertCost(estimate("sonar", "perplexity", usage), 0.001, 0.001, 0.014);
  }

  @Test
  void freeModelsCostExactlyZero() {
    // qwen-3-coder-480b on Cerebras has "prices": {} in genai-prices: free, not unpriced
    CostEstimate cerebras = estimate("qwen-3-coder-480b", "cerebras", Usage.of(1_000, 1_000));
    assertThat(cerebras.cost().totalUsd()).isEqualTo(0.0);
    assertThat(cerebras.source()).isEqualTo("genai-prices:cerebras/qwen-3-coder-480b@2026-08-21");
    assertThat(cerebras.isComplete()).isTrue();
    // OpenRouter's free Gemini, no provider given: the free entry, not the paid gemini-2.0-flash
    // (0.0005)
    CostEstimate openRouter =
        estimate("google/gemini-2.0-flash-exp:free", null, Usage.of(1_000, 1_000));
    assertThat(openRouter.cost().totalUsd()).isEqualTo(0.0);
    assertThat(openRouter.source())
        .isEqualTo("genai-prices:openrouter/google/gemini-2.0-flash-exp:free@2026-08-21");
  }

  @Test
  void anUnknownProviderIsNotPricedByTheCatalog() {
    // gpt-4o is priced for openai (2.5 / 10) and azure; a provider the catalog does not know gets
    // neither
    assertThat(CALC.estimate("gpt-4o", "ibm.watsonx.ai", Usage.of(1_000, 1_000), AT)).isEmpty();
    assertThat(CALC.estimate("gpt-4o", "my-gateway", Usage.of(1_000, 1_000), AT)).isEmpty();
    assertThat(CalculatorAccess.get().unpricedReason(CALC, "my-gateway"))
        .isEqualTo("unknown_provider");
    assertThat(CalculatorAccess.get().unpricedReason(CALC, "openai")).isEqualTo("unknown_model");
    // every semantic-convention provider name the catalog has a provider for resolves: 1000 x 2.5 +
    // 1000 x 10
    for (String p : List.of("openai", "azure.ai.openai", "az.ai.openai", "azure.ai.inference")) {
      assertThat(estimate("gpt-4o", p, Usage.of(1_000, 1_000)).cost().totalUsd())
          .as(p)
          .isCloseTo(0.0125, within(1e-15));
    }
  }

  @Test
  void componentsWithoutAPriceAreReportedNotBilled() {
    // gpt-4o has no web-search price: 1000 x 2.5 + 1000 x 10 = 0.0125, the 3 searches are left out
    // and reported
    CostEstimate e =
        estimate(
            "gpt-4o",
            "openai",
            Usage.builder().inputTokens(1_000).outputTokens(1_000).webSearches(3).build());
    assertCost(e, 0.0025, 0.01, 0.0125);
    assertThat(e.unpricedUsage()).containsExactly(UsageComponent.WEB_SEARCHES);
    // audio on gpt-4o (no audio price): billed inside the input price, as the data says: 1000 x 2.5
    // = 0.0025
    CostEstimate audio =
        estimate(
            "gpt-4o", "openai", Usage.builder().inputTokens(1_000).inputAudioTokens(400).build());
    assertCost(audio, 0.0025, 0, 0.0025);
    assertThat(audio.isComplete()).isTrue();
  }

  @Test
  void inconsistentCountsAreClampedAndReported() {
    // 10x more cached tokens than input tokens: the cache reads are clamped to the 100 input
    // tokens,
    // 100 x 1.25 = 0.000125 (billing them as given would be 1000 x 1.25 = 0.00125)
    CostEstimate e =
        estimate(
            "gpt-4o",
            "openai",
            Usage.builder().inputTokens(100).cacheReadInputTokens(1_000).build());
    assertCost(e, 0.000125, 0, 0.000125);
    assertThat(e.clampedUsage()).containsExactly(UsageComponent.CACHE_READ_TOKENS);
  }

  @Test
  void callersPricesWithoutCachePricesTakeTheCatalogsCacheDiscount() {
    CostCalculator calc =
        CostCalculator.builder()
            .pricing(
                Map.of(
                    "gpt-4o", ModelPricing.of(2.0, 8.0), "my-finetune", ModelPricing.of(3.0, 12.0)))
            .build();
    // gpt-4o: the catalog's cache read is half its input price (1.25 / 2.5), so half of the
    // caller's 2.0: 1.0
    // 1000 uncached x 2.0 + 1000 cached x 1.0 = 3000 / 1e6 = 0.003 (not 0.004 at the full input
    // price)
    Usage cached = Usage.builder().inputTokens(2_000).cacheReadInputTokens(1_000).build();
    CostEstimate gpt = calc.estimate("gpt-4o", "openai", cached, AT).orElseThrow();
    assertCost(gpt, 0.003, 0, 0.003);
    assertThat(gpt.source()).isEqualTo("custom:gpt-4o");
    // a model the catalog does not know: cached tokens at the caller's input price, 2000 x 3.0 =
    // 0.006
    assertCost(calc.estimate("my-finetune", null, cached, AT).orElseThrow(), 0.006, 0, 0.006);
    // explicit cache prices always win: 1000 x 2.0 + 1000 x 0.2 = 0.0022
    CostCalculator explicit =
        CostCalculator.builder()
            .pricing(
                Map.of(
                    "gpt-4o", ModelPricing.builder().input(2.0).output(8.0).cacheRead(0.2).build()))
            .build();
    assertCost(explicit.estimate("gpt-4o", "openai", cached, AT).orElseThrow(), 0.0022, 0, 0.0022);
  }

  @Test
  void oneCallersPriceSharedByModelsWithDifferentCacheDiscountsPricesEachWithItsOwn() {
    // The derived price set is remembered per caller price; a price used for models whose catalog
    // discounts differ (gpt-4o: reads at half the input price; claude-sonnet-4-5: reads at a
    // tenth, writes at 1.25x) must price each with its own, whatever the order of the calls.
    ModelPricing shared = ModelPricing.of(2.0, 8.0);
    CostCalculator calc =
        CostCalculator.builder()
            .pricing(Map.of("gpt-4o", shared, "claude-sonnet-4-5", shared))
            .build();
    Usage usage =
        Usage.builder()
            .inputTokens(3_000)
            .cacheReadInputTokens(1_000)
            .cacheCreationInputTokens(1_000)
            .outputTokens(100)
            .build();
    for (int round = 0; round < 3; round++) {
      for (String[] model :
          new String[][] {{"gpt-4o", "openai"}, {"claude-sonnet-4-5", "anthropic"}}) {
        CostCalculator fresh =
            CostCalculator.builder().pricing(Map.of(model[0], ModelPricing.of(2.0, 8.0))).build();
        assertThat(calc.estimate(model[0], model[1], usage, AT).orElseThrow().cost())
            .as("%s, round %d", model[0], round)
            .isEqualTo(fresh.estimate(model[0], model[1], usage, AT).orElseThrow().cost());
      }
    }
    // and the two differ, so the check above can tell one discount from the other
    assertThat(calc.estimate("gpt-4o", "openai", usage, AT).orElseThrow().cost().totalUsd())
        .isNotEqualTo(
            calc.estimate("claude-sonnet-4-5", "anthropic", usage, AT)
                .orElseThrow()
                .cost()
                .totalUsd());
  }

  @Test
  void theReadmeExampleDoesNotOverBillCachedTokens() {
    // ModelPricing.of(2.50, 10.0) for gpt-4o, 1000 input of which 800 cached, 100 output:
    // 200 x 2.5 + 800 x 1.25 (the catalog's discount) = 1500 -> 0.0015; 100 x 10 = 0.001; total
    // 0.0025
    CostCalculator calc =
        CostCalculator.builder().pricing(Map.of("gpt-4o", ModelPricing.of(2.50, 10.0))).build();
    Usage usage =
        Usage.builder().inputTokens(1_000).cacheReadInputTokens(800).outputTokens(100).build();
    assertCost(
        calc.estimate("gpt-4o-2024-08-06", "openai", usage, AT).orElseThrow(),
        0.0015,
        0.001,
        0.0025);
    assertThat(
            calc.estimate("gpt-4o-2024-08-06", "openai", usage, AT).orElseThrow().cost().totalUsd())
        .isEqualTo(
            CALC.estimate("gpt-4o-2024-08-06", "openai", usage, AT)
                .orElseThrow()
                .cost()
                .totalUsd());
  }

  @Test
  void modelPricingPricesAnyComponent() {
    // 3 / 15, web searches 10 per 1,000: 1000 x 3 = 0.003, 1000 x 15 = 0.015, 5 x 10 / 1000 = 0.05:
    // 0.068
    ModelPricing p =
        ModelPricing.builder().input(3).output(15).price(UsageComponent.WEB_SEARCHES, 10).build();
    CostBreakdown c =
        p.cost(Usage.builder().inputTokens(1_000).outputTokens(1_000).webSearches(5).build());
    assertThat(c.inputUsd()).isCloseTo(0.003, within(1e-15));
    assertThat(c.outputUsd()).isCloseTo(0.015, within(1e-15));
    assertThat(c.totalUsd()).isCloseTo(0.068, within(1e-15));
  }

  /** The same, end to end: spans written by another instrumentation, priced by the processor. */
  @Nested
  class OnSpans {

    @RegisterExtension final Last9TelemetryExtension otel = Last9TelemetryExtension.create();

    private Attributes span(String name, AttributesBuilder b) {
      otel.startAndEndSpan(name, b.put(OPERATION_NAME, "chat").build());
      return otel.attributesOf(name);
    }

    @Test
    void detailCountsAreReadBackFromTheSpan() {
      // the Gemini audio case of audioInputIsBilledAtTheAudioPrice, as attributes: 0.0014014
      Attributes a =
          span(
              "audio",
              Attributes.builder()
                  .put(REQUEST_MODEL, "gemini-2.0-flash")
                  .put(PROVIDER_NAME, "gcp.gemini")
                  .put(USAGE_INPUT_TOKENS, 4_610L)
                  .put(USAGE_OUTPUT_TOKENS, 101L)
                  .put(UsageComponent.INPUT_AUDIO_TOKENS.attributeKey(), 1_500L));
      assertThat(a.get(USAGE_COST_USD)).isCloseTo(0.0014014, within(1e-15));
      assertThat(UsageComponent.INPUT_AUDIO_TOKENS.attributeKey().getKey())
          .isEqualTo("gen_ai.l9.usage.input_audio_tokens");
      assertThat(a.get(COST_UNPRICED_USAGE)).isNull();
    }

    @Test
    void stringCountsAndTheDeprecatedSystemAttributeArePriced() {
      // Spring AI writes counts as strings and names the provider with gen_ai.system: 1000 x 2.5 +
      // 500 x 10
      Attributes a =
          span(
              "spring",
              Attributes.builder()
                  .put(REQUEST_MODEL, "gpt-4o")
                  .put(SYSTEM, "openai")
                  .put(AttributeKey.stringKey("gen_ai.usage.input_tokens"), "1000")
                  .put(AttributeKey.stringKey("gen_ai.usage.output_tokens"), "500"));
      assertThat(a.get(USAGE_COST_USD)).isCloseTo(0.0075, within(1e-15));
      assertThat(a.get(COST_PRICE_SOURCE)).isEqualTo("genai-prices:openai/gpt-4o@2026-08-21");
      // other number types: a double count of 1000.0 is 1000 tokens
      Attributes d =
          span(
              "double",
              Attributes.builder()
                  .put(REQUEST_MODEL, "gpt-4o")
                  .put(AttributeKey.doubleKey("gen_ai.usage.input_tokens"), 1000.0)
                  .put(USAGE_OUTPUT_TOKENS, 500L));
      assertThat(d.get(USAGE_COST_USD)).isCloseTo(0.0075, within(1e-15));
    }

    @Test
    void untrustedCountsAreNotPricedAndSayWhy() {
      List<AttributesBuilder> bad =
          List.of(
              Attributes.builder().put(AttributeKey.stringKey("gen_ai.usage.input_tokens"), "lots"),
              Attributes.builder()
                  .put(AttributeKey.doubleKey("gen_ai.usage.input_tokens"), Double.NaN),
              Attributes.builder().put(AttributeKey.doubleKey("gen_ai.usage.input_tokens"), 12.5),
              Attributes.builder().put(USAGE_INPUT_TOKENS, -5L),
              Attributes.builder().put(USAGE_INPUT_TOKENS, Long.MAX_VALUE),
              Attributes.builder()
                  .put(USAGE_INPUT_TOKENS, 10L)
                  .put(USAGE_CACHE_READ_INPUT_TOKENS, -1L));
      for (int i = 0; i < bad.size(); i++) {
        Attributes a =
            span("bad" + i, bad.get(i).put(REQUEST_MODEL, "gpt-4o").put(USAGE_OUTPUT_TOKENS, 10L));
        assertThat(a.get(USAGE_COST_USD)).as("bad%d", i).isNull();
        assertThat(a.get(COST_PRICE_SOURCE)).as("bad%d", i).isNull();
        assertThat(a.get(COST_UNPRICED)).as("bad%d", i).isTrue();
        assertThat(a.get(COST_UNPRICED_REASON)).as("bad%d", i).isEqualTo("invalid_usage");
      }
    }

    @Test
    void markersOfEachKind() {
      Attributes unknownProvider =
          span(
              "provider",
              Attributes.builder()
                  .put(REQUEST_MODEL, "gpt-4o")
                  .put(PROVIDER_NAME, "ibm.watsonx.ai")
                  .put(USAGE_INPUT_TOKENS, 10L)
                  .put(USAGE_OUTPUT_TOKENS, 10L));
      assertThat(unknownProvider.get(USAGE_COST_USD)).isNull();
      assertThat(unknownProvider.get(COST_UNPRICED)).isTrue();
      assertThat(unknownProvider.get(COST_UNPRICED_REASON)).isEqualTo("unknown_provider");

      Attributes unknownModel =
          span(
              "model",
              Attributes.builder()
                  .put(REQUEST_MODEL, "acme-made-up-llm")
                  .put(USAGE_INPUT_TOKENS, 10L)
                  .put(USAGE_OUTPUT_TOKENS, 10L));
      assertThat(unknownModel.get(COST_UNPRICED_REASON)).isEqualTo("unknown_model");

      // gpt-4o has no web-search price: 1000 x 2.5 / 1e6 = 0.0025, the searches listed as unpriced
      Attributes searches =
          span(
              "searches",
              Attributes.builder()
                  .put(REQUEST_MODEL, "gpt-4o")
                  .put(USAGE_INPUT_TOKENS, 1_000L)
                  .put(USAGE_OUTPUT_TOKENS, 0L)
                  .put(UsageComponent.WEB_SEARCHES.attributeKey(), 3L));
      assertThat(searches.get(USAGE_COST_USD)).isCloseTo(0.0025, within(1e-15));
      assertThat(searches.get(COST_UNPRICED_USAGE)).containsExactly("web_searches");
      assertThat(searches.get(COST_UNPRICED)).isNull();

      // cached above input: clamped to 100, 100 x 1.25 / 1e6 = 0.000125
      Attributes clamped =
          span(
              "clamped",
              Attributes.builder()
                  .put(REQUEST_MODEL, "gpt-4o")
                  .put(USAGE_INPUT_TOKENS, 100L)
                  .put(USAGE_OUTPUT_TOKENS, 0L)
                  .put(USAGE_CACHE_READ_INPUT_TOKENS, 1_000L));
      assertThat(clamped.get(USAGE_COST_USD)).isCloseTo(0.000125, within(1e-15));
      assertThat(clamped.get(COST_CLAMPED_USAGE)).containsExactly("cache_read_tokens");
    }

    @Test
    void anObservedCallWhoseResponseHasUntrustedCountsIsMarked() {
      GenAiObservation.llm("observed")
          .openTelemetry(otel.openTelemetry())
          .get(
              () ->
                  Map.of(
                      "model",
                      "gpt-4o",
                      "usage",
                      Map.of("prompt_tokens", "a lot", "completion_tokens", 5)));
      Attributes a = otel.attributesOf("observed");
      assertThat(a.get(USAGE_COST_USD)).isNull();
      assertThat(a.get(USAGE_INPUT_TOKENS)).isNull();
      assertThat(a.get(COST_UNPRICED)).isTrue();
      assertThat(a.get(COST_UNPRICED_REASON)).isEqualTo("invalid_usage");
    }

    @Test
    void hugeModelNamesAreNeverPricedOrCached() {
      String name = "gpt-4o-" + "x".repeat(10_000);
      Attributes a =
          span(
              "huge",
              Attributes.builder()
                  .put(REQUEST_MODEL, name)
                  .put(USAGE_INPUT_TOKENS, 1L)
                  .put(USAGE_OUTPUT_TOKENS, 1L));
      assertThat(a.get(COST_UNPRICED)).isTrue();
      assertThat(a.get(COST_UNPRICED_REASON)).isEqualTo("unknown_model");
    }
  }

  @Test
  void everyComponentHasAUniqueAttributeAndPriceKey() {
    assertThat(UsageComponent.values()).hasSize(58);
    assertThat(
            Set.of(UsageComponent.values()).stream()
                .map(c -> c.attributeKey().getKey())
                .distinct()
                .count())
        .isEqualTo(58);
    assertThat(UsageComponent.CACHE_READ_TOKENS.attributeKey())
        .isSameAs(USAGE_CACHE_READ_INPUT_TOKENS);
    assertThat(UsageComponent.CACHE_WRITE_TOKENS.attributeKey())
        .isSameAs(USAGE_CACHE_CREATION_INPUT_TOKENS);
    assertThat(UsageComponent.OUTPUT_REASONING_TOKENS.attributeKey())
        .isSameAs(USAGE_REASONING_OUTPUT_TOKENS);
    assertThat(UsageComponent.WEB_SEARCHES.priceKey()).isEqualTo("web_searches_kcount");
    assertThat(UsageComponent.WEB_SEARCHES.per()).isEqualTo(1_000);
  }
}
