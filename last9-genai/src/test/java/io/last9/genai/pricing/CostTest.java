/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing;

import static io.last9.genai.GenAiAttributes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.last9.genai.ConversationContext;
import io.last9.genai.FakeLlm;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.Last9SpanProcessor;
import io.last9.genai.OpenSpans;
import io.last9.genai.WorkflowContext;
import io.last9.genai.internal.setup.Last9AutoConfigurationCustomizerProvider;
import io.last9.genai.observe.GenAiObservation;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pricing in the span processor: any span with a model and token counts, whoever made it, is priced
 * in {@code onEnding}. Spans here are made by a "foreign" tracer, as another instrumentation would.
 */
class CostTest {

  static Attributes tokens(String requestModel, String responseModel, long in, long out) {
    var b =
        Attributes.builder()
            .put(OPERATION_NAME, "chat")
            .put(USAGE_INPUT_TOKENS, in)
            .put(USAGE_OUTPUT_TOKENS, out);
    if (requestModel != null) {
      b.put(REQUEST_MODEL, requestModel);
    }
    if (responseModel != null) {
      b.put(RESPONSE_MODEL, responseModel);
    }
    return b.build();
  }

  /** Processor with a caller pricing map (and the bundled catalog behind it). */
  @Nested
  class WithCustomPricing {

    @RegisterExtension
    final Last9TelemetryExtension otel =
        Last9TelemetryExtension.builder()
            .pricing(
                Map.of(
                    "gpt-4o", ModelPricing.of(1.0, 2.0),
                    "my-finetune", ModelPricing.of(3.0, 12.0),
                    "model-a", ModelPricing.of(1.0, 1.0),
                    "model-b", ModelPricing.of(10.0, 10.0),
                    "cached-model",
                        ModelPricing.builder()
                            .input(3.0)
                            .output(15.0)
                            .cacheRead(0.30)
                            .cacheWrite(3.75)
                            .build()))
            .build();

    @Test
    void exactCostFromTheCallersMap() {
      otel.startAndEndSpan("ft", tokens("my-finetune", null, 2_000, 1_000));
      Attributes a = otel.span("ft").getAttributes();
      // 2000 x 3.0 / 1e6 = 0.006; 1000 x 12.0 / 1e6 = 0.012; total 0.018
      assertThat(a.get(USAGE_COST_INPUT_USD)).isEqualTo(0.006);
      assertThat(a.get(USAGE_COST_OUTPUT_USD)).isEqualTo(0.012);
      assertThat(a.get(USAGE_COST_USD)).isCloseTo(0.018, within(1e-15));
      assertThat(a.get(USAGE_COST_USD))
          .isEqualTo(a.get(USAGE_COST_INPUT_USD) + a.get(USAGE_COST_OUTPUT_USD));
      assertThat(a.get(COST_PRICE_SOURCE)).isEqualTo("custom:my-finetune");
      assertThat(a.get(COST_UNPRICED)).isNull();
    }

    @Test
    void datedResponseModelIsPricedByTheUndatedKey() {
      otel.startAndEndSpan("dated", tokens("gpt-4o", "gpt-4o-2024-08-06", 1_000, 500));
      // custom gpt-4o at 1.0 / 2.0: 0.001 + 0.001 = 0.002 (the catalog would give 0.0075)
      assertThat(otel.span("dated").getAttributes().get(USAGE_COST_USD)).isEqualTo(0.002);
      assertThat(otel.span("dated").getAttributes().get(COST_PRICE_SOURCE))
          .isEqualTo("custom:gpt-4o");
    }

    @Test
    void providerPrefixedAndUpperCaseModelNamesFindTheKey() {
      otel.startAndEndSpan("prefixed", tokens(null, "openai/gpt-4o", 1_000, 500));
      otel.startAndEndSpan("upper", tokens(null, "GPT-4o", 1_000, 500));
      assertThat(otel.span("prefixed").getAttributes().get(USAGE_COST_USD)).isEqualTo(0.002);
      assertThat(otel.span("upper").getAttributes().get(USAGE_COST_USD)).isEqualTo(0.002);
    }

    @Test
    void miniIsNeverPricedAsTheBigModel() {
      otel.startAndEndSpan("mini", tokens("gpt-4o-mini", "gpt-4o-mini-2024-07-18", 1_000, 500));
      Attributes a = otel.span("mini").getAttributes();
      // not the custom gpt-4o (0.002): the catalog's gpt-4o-mini at 0.15 / 0.60:
      // 1000 x 0.15 / 1e6 = 0.00015; 500 x 0.60 / 1e6 = 0.0003; total 0.00045
      assertThat(a.get(USAGE_COST_USD)).isCloseTo(0.00045, within(1e-15));
      assertThat(a.get(COST_PRICE_SOURCE)).isEqualTo("genai-prices:openai/gpt-4o-mini@2026-08-21");
    }

    @Test
    void responseModelIsPreferredOverRequestModel() {
      otel.startAndEndSpan("both", tokens("model-a", "model-b", 1_000, 1_000));
      // model-b at 10 / 10: 0.01 + 0.01 = 0.02 (model-a would be 0.002)
      assertThat(otel.span("both").getAttributes().get(USAGE_COST_USD)).isEqualTo(0.02);
    }

    @Test
    void requestModelIsUsedWhenTheResponseModelIsUnknown() {
      otel.startAndEndSpan("fallback", tokens("model-a", "model-a-unknown-variant", 1_000, 1_000));
      assertThat(otel.span("fallback").getAttributes().get(USAGE_COST_USD)).isEqualTo(0.002);
    }

    @Test
    void callersMapWinsOverTheCatalog() {
      otel.startAndEndSpan("gpt", tokens("gpt-4o", null, 1_000, 500));
      assertThat(otel.span("gpt").getAttributes().get(USAGE_COST_USD)).isEqualTo(0.002);
      assertThat(otel.span("gpt").getAttributes().get(COST_PRICE_SOURCE))
          .isEqualTo("custom:gpt-4o");
    }

    @Test
    void cachedInputAndReasoningTokensOnAForeignSpan() {
      otel.startAndEndSpan(
          "cached",
          Attributes.builder()
              .put(REQUEST_MODEL, "cached-model")
              .put(USAGE_INPUT_TOKENS, 10_000L)
              .put(USAGE_CACHE_READ_INPUT_TOKENS, 6_000L)
              .put(USAGE_CACHE_CREATION_INPUT_TOKENS, 2_000L)
              .put(USAGE_OUTPUT_TOKENS, 1_000L)
              .put(USAGE_REASONING_OUTPUT_TOKENS, 400L)
              .build());
      Attributes a = otel.span("cached").getAttributes();
      // input: (10000 - 6000 - 2000) x 3.0 + 6000 x 0.30 + 2000 x 3.75 = 6000 + 1800 + 7500 = 15300
      // -> 0.0153
      // output: 1000 x 15.0 = 15000 -> 0.015 (the 400 reasoning tokens are inside the 1000); total
      // 0.0303
      assertThat(a.get(USAGE_COST_INPUT_USD)).isCloseTo(0.0153, within(1e-15));
      assertThat(a.get(USAGE_COST_OUTPUT_USD)).isCloseTo(0.015, within(1e-15));
      assertThat(a.get(USAGE_COST_USD)).isCloseTo(0.0303, within(1e-15));
    }

    @Test
    void deprecatedTokenKeysAreReadAsAFallback() {
      otel.startAndEndSpan(
          "old",
          Attributes.builder()
              .put(REQUEST_MODEL, "my-finetune")
              .put(USAGE_PROMPT_TOKENS, 2_000L)
              .put(USAGE_COMPLETION_TOKENS, 1_000L)
              .build());
      assertThat(otel.span("old").getAttributes().get(USAGE_COST_USD))
          .isCloseTo(0.018, within(1e-15));
    }

    @Test
    void aSpanThatAlreadyHasACostIsLeftAlone() {
      otel.startAndEndSpan(
          "precosted",
          Attributes.builder()
              .putAll(tokens("gpt-4o", null, 1_000, 500))
              .put(USAGE_COST_USD, 0.5)
              .build());
      Attributes a = otel.span("precosted").getAttributes();
      assertThat(a.get(USAGE_COST_USD)).isEqualTo(0.5);
      assertThat(a.get(COST_PRICE_SOURCE)).isNull();
    }

    @Test
    void unknownModelGetsNoCostAndTheMarker() {
      otel.startAndEndSpan(
          "unknown", tokens("acme-made-up-llm-9000", "acme-made-up-llm-9000-2025-01-01", 100, 100));
      Attributes a = otel.span("unknown").getAttributes();
      assertThat(a.get(USAGE_COST_USD)).isNull();
      assertThat(a.get(USAGE_COST_INPUT_USD)).isNull();
      assertThat(a.get(USAGE_COST_OUTPUT_USD)).isNull();
      assertThat(a.get(COST_PRICE_SOURCE)).isNull();
      assertThat(a.get(COST_UNPRICED)).isTrue();
    }

    @Test
    void spansWithoutTokensOrWithoutModelAreNotPriced() {
      otel.startAndEndSpan("no_tokens", Attributes.of(REQUEST_MODEL, "gpt-4o"));
      otel.startAndEndSpan(
          "no_model", Attributes.of(USAGE_INPUT_TOKENS, 10L, USAGE_OUTPUT_TOKENS, 10L));
      for (String n : List.of("no_tokens", "no_model")) {
        assertThat(otel.span(n).getAttributes().get(USAGE_COST_USD)).isNull();
        assertThat(otel.span(n).getAttributes().get(COST_UNPRICED)).isNull();
      }
    }

    @Test
    void costMetricIsRecordedOncePerPricedCallWithItsDimensions() {
      try (WorkflowContext w =
          WorkflowContext.builder("wf_metric")
              .type("rag")
              .openTelemetry(otel.openTelemetry())
              .start()) {
        GenAiObservation.llm("generate")
            .openTelemetry(otel.openTelemetry())
            .provider("openai")
            .get(() -> FakeLlm.openAiChat("c1", "gpt-4o-2024-08-06", "x", 1_000, 500)); // 0.002
        GenAiObservation.llm("generate")
            .openTelemetry(otel.openTelemetry())
            .provider("openai")
            .get(() -> FakeLlm.openAiChat("c2", "gpt-4o", "x", 1_000, 500)); // 0.002
      }
      otel.startAndEndSpan(
          "chat my-finetune",
          Attributes.builder()
              .putAll(tokens("my-finetune", null, 2_000, 1_000))
              .put(PROVIDER_NAME, "acme")
              .build()); // 0.018
      otel.startAndEndSpan(
          "unpriced", tokens("acme-made-up-llm-9000", null, 100, 100)); // no metric

      MetricData metric = otel.metric("gen_ai.client.cost");
      assertThat(metric).isNotNull();
      assertThat(metric.getUnit()).isEqualTo("USD");
      Collection<DoublePointData> points = metric.getDoubleSumData().getPoints();
      assertThat(points).hasSize(2);
      DoublePointData gpt = point(points, "gpt-4o");
      assertThat(gpt.getValue()).isCloseTo(0.004, within(1e-15)); // two calls, once each
      assertThat(gpt.getAttributes().get(PROVIDER_NAME)).isEqualTo("openai");
      assertThat(gpt.getAttributes().get(L9_SPAN_KIND)).isEqualTo("llm");
      assertThat(gpt.getAttributes().get(WORKFLOW_TYPE)).isEqualTo("rag");
      DoublePointData ft = point(points, "my-finetune");
      assertThat(ft.getValue()).isCloseTo(0.018, within(1e-15));
      assertThat(ft.getAttributes().get(PROVIDER_NAME)).isEqualTo("acme");
      assertThat(ft.getAttributes().get(L9_SPAN_KIND)).isEqualTo("llm");
      assertThat(ft.getAttributes().get(WORKFLOW_TYPE)).isNull();
      // the metric equals the sum of the span costs: nothing priced twice
      assertThat(gpt.getValue() + ft.getValue()).isCloseTo(otel.sumOfSpanCosts(), within(1e-15));
    }

    private DoublePointData point(Collection<DoublePointData> points, String model) {
      return points.stream()
          .filter(
              p ->
                  model.equals(
                      p.getAttributes().get(AttributeKey.stringKey("gen_ai.response.model"))))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no point for " + model + " in " + points));
    }
  }

  /** Processor with the defaults: bundled catalog only. */
  @Nested
  class WithTheBundledCatalog {

    @RegisterExtension final Last9TelemetryExtension otel = Last9TelemetryExtension.create();

    @Test
    void datedResponseModelIsPricedAsTheCatalogEntry() {
      otel.startAndEndSpan("dated", tokens("gpt-4o", "gpt-4o-2024-08-06", 1_000, 500));
      Attributes a = otel.span("dated").getAttributes();
      // catalog gpt-4o: 2.50 / 10.00 -> 0.0025 + 0.005 = 0.0075
      assertThat(a.get(USAGE_COST_USD)).isEqualTo(0.0075);
      assertThat(a.get(COST_PRICE_SOURCE)).isEqualTo("genai-prices:openai/gpt-4o@2026-08-21");
    }

    @Test
    void miniResolvesToMini() {
      otel.startAndEndSpan("mini", tokens(null, "gpt-4o-mini", 1_000, 500));
      assertThat(otel.span("mini").getAttributes().get(USAGE_COST_USD))
          .isCloseTo(0.00045, within(1e-15));
    }

    @Test
    void cachedTokensUseTheCatalogsCacheReadPrice() {
      otel.startAndEndSpan(
          "cached",
          Attributes.builder()
              .putAll(tokens("gpt-4o", null, 2_000, 0))
              .put(USAGE_CACHE_READ_INPUT_TOKENS, 1_000L)
              .build());
      // 1000 x 2.50 + 1000 x 1.25 = 3750 -> 0.00375
      assertThat(otel.span("cached").getAttributes().get(USAGE_COST_USD))
          .isCloseTo(0.00375, within(1e-15));
    }
  }

  @Nested
  class WithTheCatalogSwitchedOff {

    @RegisterExtension
    final Last9TelemetryExtension otel =
        Last9TelemetryExtension.builder().processor(b -> b.bundledCatalog(false)).build();

    @Test
    void aRealModelIsUnpricedWithoutTheCatalog() {
      otel.startAndEndSpan("gpt", tokens("gpt-4o", null, 1_000, 500));
      assertThat(otel.span("gpt").getAttributes().get(USAGE_COST_USD)).isNull();
      assertThat(otel.span("gpt").getAttributes().get(COST_UNPRICED)).isTrue();
    }
  }

  @Nested
  class WithCostTrackingOff {

    @RegisterExtension
    final Last9TelemetryExtension otel =
        Last9TelemetryExtension.builder().processor(b -> b.costTracking(false)).build();

    @Test
    void nothingIsPricedButScopesAreStillStamped() {
      try (ConversationContext c = ConversationContext.builder("conv").start()) {
        otel.startAndEndSpan("gpt", tokens("gpt-4o", null, 1_000, 500));
      }
      assertThat(otel.span("gpt").getAttributes().get(USAGE_COST_USD)).isNull();
      assertThat(otel.span("gpt").getAttributes().get(COST_UNPRICED)).isNull();
      assertThat(otel.span("gpt").getAttributes().get(CONVERSATION_ID)).isEqualTo("conv");
    }

    /** Spring AI names its embedding operation in the singular: still the call's priced child. */
    @Test
    void anObservedCallAroundSpringAisEmbeddingSpanIsNotCountedTwice() {
      GenAiObservation.llm("wrapper")
          .openTelemetry(otel.openTelemetry())
          .run(
              () ->
                  otel.tracer()
                      .spanBuilder("embedding text-embedding-3-small")
                      .setAttribute(GenAiAttributes.OPERATION_NAME, "embedding")
                      .setAttribute(GenAiAttributes.PROVIDER_NAME, "openai")
                      .setAttribute(GenAiAttributes.REQUEST_MODEL, "text-embedding-3-small")
                      .setAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 1_000L)
                      .startSpan()
                      .end());
      assertThat(otel.span("wrapper").getAttributes().get(GenAiAttributes.COST_PRICED_BY_CHILD))
          .isTrue();
    }

    @Test
    void perCallPricingOfInstrumentedSpansLeavesNothingBehind() {
      for (int i = 0; i < 50; i++) {
        GenAiObservation.llm("wrapper")
            .openTelemetry(otel.openTelemetry())
            .pricing(Map.of("gpt-4o", ModelPricing.of(1, 1)))
            .run(() -> FakeLlm.instrumentedChat(otel.tracer(), "gpt-4o", 10, 10));
      }
      assertThat(otel.spans("chat gpt-4o")).hasSize(50);
      assertThat(OpenSpans.count(otel.processor()))
          .as("spans noted at start and never taken out")
          .isZero();
    }
  }

  /** An exporter that is down: its export throws. */
  static final class ThrowingExporter implements SpanExporter {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      calls.incrementAndGet();
      throw new IllegalStateException("collector unreachable");
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  @Nested
  class WithABrokenExporter {

    final ThrowingExporter broken = new ThrowingExporter();

    @RegisterExtension
    final Last9TelemetryExtension otel =
        Last9TelemetryExtension.builder().addSpanExporter(broken).build();

    @Test
    void aThrowingExporterNeverReachesUserCodeAndOtherSpansStillExport() {
      String answer;
      try (ConversationContext c = ConversationContext.builder("conv").start();
          WorkflowContext w =
              WorkflowContext.builder("wf_broken")
                  .type("t")
                  .openTelemetry(otel.openTelemetry())
                  .start()) {
        answer =
            GenAiObservation.llm("call")
                .openTelemetry(otel.openTelemetry())
                .get(
                    () -> {
                      FakeLlm.instrumentedChat(otel.tracer(), "gpt-4o", 1_000, 500);
                      return "answer";
                    });
      }
      assertThat(answer).isEqualTo("answer");
      assertThat(broken.calls.get()).isEqualTo(3);
      assertThat(otel.spanNames()).containsExactly("chat gpt-4o", "call", "invoke_workflow t");
      assertThat(otel.span("chat gpt-4o").getAttributes().get(USAGE_COST_USD)).isEqualTo(0.0075);
      assertThat(otel.span("invoke_workflow t").getAttributes().get(WORKFLOW_TOTAL_COST_USD))
          .isEqualTo(0.0075);
    }
  }

  // ---------------------------------------------------------------- configuration errors

  @TempDir Path dir;

  @Test
  void malformedPricingFileFailsAtBuildNamingTheFileAndTheEntry() throws IOException {
    Path file = dir.resolve("prices.json");
    Files.writeString(
        file,
        "[{\"id\": \"acme\", \"models\": [{\"id\": \"rocket-1\","
            + " \"match\": {\"equals\": \"rocket-1\"}, \"prices\": {\"input_mtok\": -1}}]}]");
    assertThatThrownBy(() -> Last9SpanProcessor.builder().addPricingFile(file).build())
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith("addPricingFile: pricing file " + file + ": ")
        .hasMessageContaining("rocket-1")
        .hasMessageContaining("input_mtok");
  }

  @Test
  void aMissingAndABrokenPricingFileFailAlikeNamingTheSettingAndTheFile() throws IOException {
    Path missing = dir.resolve("missing.json");
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "[{\"id\": \"acme\", \"models\": [}]");
    // from the builder: the library's configuration error, naming the builder method
    assertThatThrownBy(() -> Last9SpanProcessor.builder().addPricingFile(missing))
        .isInstanceOf(ConfigurationException.class)
        .hasMessage("addPricingFile: pricing file " + missing + ": does not exist");
    assertThatThrownBy(() -> CostCalculator.builder().addPricingFile(broken))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageStartingWith(
            "addPricingFile: pricing file " + broken + ": invalid JSON at line 1");
    // from configuration: the same error, naming the property
    for (Path file : List.of(missing, broken)) {
      assertThatThrownBy(
              () ->
                  Last9AutoConfigurationCustomizerProvider.fromConfig(
                      DefaultConfigProperties.createFromMap(
                          Map.of("otel.last9.genai.pricing.files", file.toString()))))
          .isInstanceOf(ConfigurationException.class)
          .hasMessageStartingWith("otel.last9.genai.pricing.files[0]: pricing file " + file + ": ")
          .hasMessageNotContaining("addPricingFile");
    }
  }

  @Test
  void aValidPricingFileComesAfterTheMapAndBeforeTheCatalog() throws IOException {
    Path file = dir.resolve("prices.json");
    Files.writeString(
        file,
        "[{\"id\": \"acme\", \"models\": ["
            + "{\"id\": \"rocket-1\", \"match\": {\"equals\": \"rocket-1\"}, \"prices\": {\"input_mtok\": 1, \"output_mtok\": 4}},"
            + "{\"id\": \"gpt-4o\", \"match\": {\"equals\": \"gpt-4o\"}, \"prices\": {\"input_mtok\": 5, \"output_mtok\": 5}}"
            + "]}]");
    Last9TelemetryExtension otel =
        Last9TelemetryExtension.builder()
            .processor(
                b -> b.addPricingFile(file).pricing(Map.of("rocket-1", ModelPricing.of(2, 2))))
            .build();
    otel.start();
    try {
      otel.startAndEndSpan("rocket", tokens("rocket-1", null, 1_000, 1_000));
      otel.startAndEndSpan("gpt", tokens("gpt-4o", null, 1_000, 1_000));
      // map wins for rocket-1: 0.002 + 0.002; the file wins over the catalog for gpt-4o: 0.005 +
      // 0.005
      assertThat(otel.span("rocket").getAttributes().get(USAGE_COST_USD)).isEqualTo(0.004);
      assertThat(otel.span("gpt").getAttributes().get(USAGE_COST_USD)).isEqualTo(0.01);
      // the file's name, not its absolute path, so the value is stable across machines
      assertThat(otel.span("gpt").getAttributes().get(COST_PRICE_SOURCE))
          .isEqualTo("file:prices.json:acme/gpt-4o");
    } finally {
      otel.close();
    }
  }

  @Test
  void modelPricingRejectsNegativeNanAndInfinitePrices() {
    List<Runnable> bad =
        new ArrayList<>(
            List.of(
                () -> ModelPricing.of(-1, 1),
                () -> ModelPricing.of(1, -0.01),
                () -> ModelPricing.of(Double.NaN, 1),
                () -> ModelPricing.of(1, Double.POSITIVE_INFINITY),
                () -> ModelPricing.builder().input(1).output(1).cacheRead(-1).build(),
                () -> ModelPricing.builder().input(1).output(1).cacheWrite(Double.NaN).build(),
                () -> ModelPricing.builder().input(Double.NEGATIVE_INFINITY).output(1).build(),
                // finite but absurd: 1e308 x any token count is infinite
                () -> ModelPricing.of(1e308, 1e308),
                () -> ModelPricing.builder().input(1).output(1).cacheRead(100_001).build()));
    for (Runnable r : bad) {
      assertThatThrownBy(r::run)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("ModelPricing")
          .hasMessageMatching("(?s).*(input|output|cacheRead|cacheWrite).*");
    }
    assertThatThrownBy(() -> ModelPricing.builder().input(1).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("output");
    assertThat(ModelPricing.of(0, 0).cost(Usage.of(1_000, 1_000)).totalUsd()).isZero();
    ModelPricing p = ModelPricing.of(2.5, 10);
    assertThat(p.cacheRead()).isEmpty();
    assertThat(p.cacheWrite()).isEmpty();
    // on its own (no catalog), a cached token is billed at the input price: 1000 x 2.5 / 1e6 =
    // 0.0025
    assertThat(
            p.cost(Usage.builder().inputTokens(1_000).cacheReadInputTokens(1_000).build())
                .totalUsd())
        .isEqualTo(0.0025);
  }

  @Test
  void costCalculatorPricesWithoutASpan() {
    CostCalculator calc =
        CostCalculator.builder().pricing(Map.of("my-finetune", ModelPricing.of(3.0, 12.0))).build();
    assertThat(calc.estimate("my-finetune", Usage.of(2_000, 1_000)).orElseThrow().cost().totalUsd())
        .isCloseTo(0.018, within(1e-15));
    assertThat(
            calc.estimate("gpt-4o-2024-08-06", Usage.of(1_000, 500))
                .orElseThrow()
                .cost()
                .totalUsd())
        .isEqualTo(0.0075);
    assertThat(calc.estimate("acme-made-up-llm-9000", Usage.of(1, 1))).isEmpty();
    // sub-micro-dollar costs are not rounded away: 1 token at 0.15 / M
    assertThat(calc.estimate("gpt-4o-mini", Usage.of(1, 0)).orElseThrow().cost().totalUsd())
        .isCloseTo(1.5e-7, within(1e-20))
        .isPositive();
    // large counts: 10M / 5M at 2.50 / 10.00 -> 25 + 50 = 75
    assertThat(
            calc.estimate("gpt-4o", Usage.of(10_000_000, 5_000_000))
                .orElseThrow()
                .cost()
                .totalUsd())
        .isEqualTo(75.0);
    // tokens reported as zero: a zero cost, not "unknown"
    assertThat(calc.estimate("gpt-4o", Usage.of(0, 0)).orElseThrow().cost().totalUsd()).isZero();
    // no count reported at all: no usage, so no cost, not a cost of 0
    assertThat(calc.estimate("gpt-4o", Usage.empty())).isEmpty();
  }

  @Test
  void spansOutsideEveryScopeAndWithoutUsageAreUntouched() {
    Last9TelemetryExtension otel = Last9TelemetryExtension.create();
    otel.start();
    try {
      Span s = otel.tracer().spanBuilder("plain").setAttribute("http.method", "GET").startSpan();
      s.end();
      assertThat(otel.span("plain").getAttributes().size()).isEqualTo(1);
    } finally {
      otel.close();
    }
  }
}
