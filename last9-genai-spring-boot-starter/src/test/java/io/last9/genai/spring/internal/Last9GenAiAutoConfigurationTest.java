/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import static io.last9.genai.spring.internal.StartupFailures.invalidProperty;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.last9.genai.GenAiAttributes;
import io.last9.genai.Last9SpanProcessor;
import io.last9.genai.content.RedactionRules;
import io.last9.genai.internal.HostTelemetry;
import io.last9.genai.internal.setup.ProcessorSettings;
import io.last9.genai.internal.setup.Settings;
import io.last9.genai.pricing.CostCalculator;
import io.last9.genai.pricing.CostMetricSink;
import io.last9.genai.pricing.ModelPricing;
import io.last9.genai.pricing.Usage;
import io.last9.genai.testing.FakeOpenAI;
import io.last9.genai.testing.FakeReply;
import io.last9.genai.turns.InMemoryTurnStore;
import io.last9.genai.turns.TurnStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class Last9GenAiAutoConfigurationTest {

  private final ApplicationContextRunner runner =
      new ApplicationContextRunner()
          .withConfiguration(AutoConfigurations.of(Last9GenAiAutoConfiguration.class));

  /** Runs one span, set up by {@code span}, through {@code processor}; returns what it exported. */
  private static SpanData through(
      Last9SpanProcessor processor, java.util.function.UnaryOperator<SpanBuilder> span) {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    try (SdkTracerProvider tracing =
        SdkTracerProvider.builder()
            .addSpanProcessor(processor)
            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
            .build()) {
      span.apply(tracing.get("test").spanBuilder("chat gpt-4o")).startSpan().end();
      // read before the provider closes: shutting the exporter down forgets what it held
      return exporter.getFinishedSpanItems().get(0);
    }
  }

  /** A span with captured content through {@code processor}. */
  private static SpanData contentThrough(Last9SpanProcessor processor) {
    return through(
        processor,
        b ->
            b.setAttribute(
                GenAiAttributes.INPUT_MESSAGES,
                "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"I am bob@example.com\"}]}]"));
  }

  @Test
  void contentSettingsAreOffByDefault() {
    runner.run(
        context -> {
          SpanData span = contentThrough(context.getBean(Last9SpanProcessor.class));
          assertThat(span.getAttributes().get(GenAiAttributes.INPUT_MESSAGES))
              .contains("bob@example.com");
          assertThat(span.getAttributes().get(GenAiAttributes.PROMPT)).isNull();
        });
  }

  @Test
  void contentPropertiesEnableRedactionRulesAndTheRemovedKeys() {
    runner
        .withPropertyValues(
            "last9.genai.content.legacy-keys=true",
            "last9.genai.content.redact.emails=true",
            "last9.genai.content.redact.hash-key=replicas")
        .run(
            context -> {
              SpanData span = contentThrough(context.getBean(Last9SpanProcessor.class));
              String token =
                  RedactionRules.builder()
                      .emails(true)
                      .hashKey("replicas")
                      .build()
                      .redact(null, "bob@example.com");
              assertThat(span.getAttributes().get(GenAiAttributes.INPUT_MESSAGES))
                  .doesNotContain("bob@example.com")
                  .contains(token);
              assertThat(span.getAttributes().get(GenAiAttributes.PROMPT))
                  .isEqualTo("I am " + token);
            });
  }

  @Test
  void aNegativePriceFailsStartUpNamingTheProperty() {
    runner
        .withPropertyValues(
            "last9.genai.pricing.models.gpt-4o.input=-1",
            "last9.genai.pricing.models.gpt-4o.output=10")
        .run(
            context ->
                invalidProperty(context)
                    .hasMessageContaining("last9.genai.pricing.models[gpt-4o].input")
                    .hasMessageContaining("-1"));
  }

  @Test
  void aModelWithoutAnOutputPriceFailsStartUpNamingTheProperty() {
    runner
        .withPropertyValues("last9.genai.pricing.models.my-model.input=1")
        .run(
            context ->
                invalidProperty(context)
                    .hasMessageContaining("last9.genai.pricing.models[my-model].output"));
  }

  @Test
  void anUnreadablePricingFileFailsStartUpNamingTheProperty(@TempDir Path dir) {
    runner
        .withPropertyValues("last9.genai.pricing.files[0]=file:" + dir.resolve("missing.json"))
        .run(
            context ->
                invalidProperty(context)
                    .hasMessageContaining("last9.genai.pricing.files[0]")
                    .hasMessageContaining("missing.json"));
  }

  @Test
  void aMalformedPricingFileFailsStartUpNamingThePropertyAndTheFile(@TempDir Path dir)
      throws IOException {
    Path file =
        Files.writeString(
            dir.resolve("prices.json"), "[{\"id\": \"acme\", \"models\": [{\"id\": 42");
    runner
        .withPropertyValues("last9.genai.pricing.files=file:" + file)
        .run(
            context ->
                invalidProperty(context)
                    .hasMessageContaining("last9.genai.pricing.files[0]")
                    .hasMessageContaining("pricing file " + file + ": invalid JSON")
                    .hasMessageNotContaining("addPricingFile"));
  }

  @Test
  void anUnknownBaggageKeyFailsStartUpNamingTheProperty() {
    runner
        .withPropertyValues("last9.genai.baggage.keys=gen_ai.conversation.id,session.secret")
        .run(context -> invalidProperty(context).hasMessageContaining("last9.genai.baggage.keys"));
  }

  @Test
  void nonPositiveTurnBoundsFailStartUpNamingTheProperty() {
    runner
        .withPropertyValues("last9.genai.turns.max-conversations=0")
        .run(
            context ->
                invalidProperty(context)
                    .hasMessageContaining("last9.genai.turns.max-conversations"));
  }

  @Test
  void configuredPricesAreUsed() {
    runner
        .withPropertyValues(
            "last9.genai.pricing.models.my-model.input=1.5",
            "last9.genai.pricing.models.my-model.output=3",
            "last9.genai.pricing.models.my-model.cache-read=0.5",
            "last9.genai.pricing.bundled=false")
        .run(
            context -> {
              Last9SpanProcessor p = context.getBean(Last9SpanProcessor.class);
              assertThat(
                      p.costCalculator()
                          .estimate(
                              "my-model", io.last9.genai.pricing.Usage.of(1_000_000, 1_000_000)))
                  .hasValueSatisfying(e -> assertThat(e.cost().totalUsd()).isEqualTo(4.5));
              // the bundled catalog is off: a model only it knows is not priced
              assertThat(
                      p.costCalculator().estimate("gpt-4o", io.last9.genai.pricing.Usage.of(1, 1)))
                  .isEmpty();
            });
  }

  @Test
  void aOneHourCacheWritePriceIsUsed() {
    runner
        .withPropertyValues(
            "last9.genai.pricing.bundled=false",
            "last9.genai.pricing.models.my-claude.input=3",
            "last9.genai.pricing.models.my-claude.output=15",
            "last9.genai.pricing.models.my-claude.cache-write=3.75",
            "last9.genai.pricing.models.my-claude.cache-write-1h=6")
        .run(
            context -> {
              Usage usage =
                  Usage.builder()
                      .inputTokens(2_000_000)
                      .cacheCreationInputTokens(1_500_000)
                      .cacheWrite1hInputTokens(1_000_000)
                      .outputTokens(1_000_000)
                      .build();
              // uncached 0.5M x 3 = 1.5; 5-minute writes 0.5M x 3.75 = 1.875; 1-hour writes 1M x 6
              // = 6; output 1M x 15
              // = 15: 24.375 (at the 5-minute price the 1-hour writes would cost 3.75, the total
              // 22.125)
              assertThat(
                      context
                          .getBean(Last9SpanProcessor.class)
                          .costCalculator()
                          .estimate("my-claude", usage))
                  .hasValueSatisfying(
                      e -> assertThat(e.cost().totalUsd()).isCloseTo(24.375, within(1e-12)));
            });
  }

  @Test
  void aOneHourCacheWritePriceWithoutTheFiveMinuteOneFailsStartUpNamingTheProperty() {
    runner
        .withPropertyValues(
            "last9.genai.pricing.models.my-claude.input=3",
            "last9.genai.pricing.models.my-claude.output=15",
            "last9.genai.pricing.models.my-claude.cache-write-1h=6")
        .run(
            context ->
                invalidProperty(context)
                    .hasMessageContaining("last9.genai.pricing.models[my-claude].cache-write-1h")
                    .hasMessageContaining("cache-write"));
  }

  @Test
  void anAbsurdPriceFailsStartUpNamingTheProperty() {
    runner
        .withPropertyValues(
            "last9.genai.pricing.models.m.input=1",
            "last9.genai.pricing.models.m.output=1",
            "last9.genai.pricing.models.m.cache-read=1e9")
        .run(
            context ->
                invalidProperty(context)
                    .hasMessageContaining("last9.genai.pricing.models[m].cache-read")
                    .hasMessageContaining("100000"));
  }

  @Test
  void priceUpdatesFetchTheConfiguredFileAndStopWithTheContext() {
    // any loopback HTTP server would do: the kit's serves the genai-prices file on every path.
    // With the bundled catalog off, the fetched file is the catalog (over the bundled catalog, a
    // one-model file would be refused: it lacks the catalog's other models).
    try (FakeOpenAI server = FakeOpenAI.start()) {
      server.respondWith(
          request ->
              FakeReply.json(
                  200,
                  "[{\"id\": \"acme\", \"models\": [{\"id\": \"acme-1\","
                      + " \"match\": {\"equals\": \"acme-1\"}, \"prices\": {\"input_mtok\": 7, \"output_mtok\": 9}}]}]"));
      runner
          .withPropertyValues(
              "last9.genai.pricing.bundled=false",
              "last9.genai.pricing.updates.enabled=true",
              "last9.genai.pricing.updates.url=" + server.baseUrl() + "/prices.json",
              "last9.genai.pricing.updates.interval=1h",
              "last9.genai.pricing.updates.timeout=5s")
          .run(
              context -> {
                CostCalculator calculator =
                    context.getBean(Last9SpanProcessor.class).costCalculator();
                // 1000 x 7 + 1000 x 9 = 16,000 per million: 0.016, once the fetched file is in
                // force
                assertThat(awaitEstimate(calculator, "acme-1", Usage.of(1_000, 1_000)))
                    .isCloseTo(0.016, within(1e-12));
              });
      assertThat(server.requests())
          .hasSize(1)
          .allSatisfy(r -> assertThat(r.path()).isEqualTo("/v1/prices.json"));
    }
  }

  @Test
  void wrongPriceUpdateSettingsFailStartUpNamingTheProperty() {
    ApplicationContextRunner on =
        runner.withPropertyValues("last9.genai.pricing.updates.enabled=true");
    on.withPropertyValues("last9.genai.pricing.updates.url=file:///etc/passwd")
        .run(
            context ->
                invalidProperty(context)
                    .hasMessageContaining("last9.genai.pricing.updates.url")
                    .hasMessageContaining("http or https"));
    on.withPropertyValues("last9.genai.pricing.updates.url=http://a b")
        .run(
            context ->
                invalidProperty(context).hasMessageContaining("last9.genai.pricing.updates.url"));
    on.withPropertyValues("last9.genai.pricing.updates.interval=100ms")
        .run(
            context ->
                invalidProperty(context)
                    .hasMessageContaining("last9.genai.pricing.updates.interval"));
    on.withPropertyValues("last9.genai.pricing.updates.timeout=0s")
        .run(
            context ->
                invalidProperty(context)
                    .hasMessageContaining("last9.genai.pricing.updates.timeout"));
  }

  @Test
  void allowDowngradeIsOffByDefaultAndReadFromTheEnvironment() {
    runner.run(
        context ->
            assertThat(ProcessorSettings.priceUpdates(settings(context)).allowDowngrade())
                .isFalse());
    runner
        .withPropertyValues("last9.genai.pricing.updates.allow-downgrade=true")
        .run(
            context ->
                assertThat(ProcessorSettings.priceUpdates(settings(context)).allowDowngrade())
                    .isTrue());
  }

  private static Settings settings(AssertableApplicationContext context) {
    return ProcessorFactory.settings(context.getEnvironment(), context);
  }

  private static double awaitEstimate(CostCalculator calculator, String model, Usage usage)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline) {
      var estimate = calculator.estimate(model, usage);
      if (estimate.isPresent()) {
        return estimate.get().cost().totalUsd();
      }
      Thread.sleep(20);
    }
    throw new AssertionError(model + " was not priced within 10 s");
  }

  @Test
  void everyBeanBacksOffForTheApplicationsOwn() {
    TurnStore store = InMemoryTurnStore.create();
    Last9SpanProcessor own = Last9SpanProcessor.create();
    CostMetricSink sink = (usd, attributes) -> {};
    runner
        .withBean(TurnStore.class, () -> store)
        .withBean(Last9SpanProcessor.class, () -> own)
        .withBean(CostMetricSink.class, () -> sink)
        .run(
            context -> {
              assertThat(context)
                  .hasSingleBean(Last9SpanProcessor.class)
                  .hasSingleBean(TurnStore.class);
              assertThat(context.getBean(Last9SpanProcessor.class)).isSameAs(own);
              assertThat(context.getBean(TurnStore.class)).isSameAs(store);
              assertThat(context.getBean(CostMetricSink.class)).isSameAs(sink);
            });
  }

  /** Two priced calls of gpt-4o at 2.50 / 10.00: 1,000 x 2.50 + 750 x 10.00 per million each. */
  private static void twoPricedCalls(Last9SpanProcessor processor) {
    try (SdkTracerProvider tracing =
        SdkTracerProvider.builder().addSpanProcessor(processor).build()) {
      for (int i = 0; i < 2; i++) {
        tracing
            .get("test")
            .spanBuilder("chat gpt-4o")
            .setAttribute(GenAiAttributes.OPERATION_NAME, "chat")
            .setAttribute(GenAiAttributes.PROVIDER_NAME, "openai")
            .setAttribute(GenAiAttributes.REQUEST_MODEL, "gpt-4o")
            .setAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 1_000L)
            .setAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, 750L)
            .startSpan()
            .end();
      }
    }
  }

  private static double costMetric(MeterRegistry registry) {
    return registry.find("gen_ai.client.cost").counters().stream()
        .mapToDouble(Counter::count)
        .sum();
  }

  /** The cost {@code processor} puts on one priced chat span. */
  private static Double costOfOneCall(Last9SpanProcessor processor) {
    return through(
            processor,
            b ->
                b.setAttribute(GenAiAttributes.OPERATION_NAME, "chat")
                    .setAttribute(GenAiAttributes.PROVIDER_NAME, "openai")
                    .setAttribute(GenAiAttributes.REQUEST_MODEL, "gpt-4o")
                    .setAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 1_000L)
                    .setAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, 750L))
        .getAttributes()
        .get(GenAiAttributes.USAGE_COST_USD);
  }

  @Test
  void costIsOnByDefaultAndSwitchedOffByTheSharedNameItsFormerSpellingOrTheOtelOne() {
    runner.run(
        context ->
            assertThat(costOfOneCall(context.getBean(Last9SpanProcessor.class))).isPositive());
    for (String off :
        List.of(
            "last9.genai.cost.enabled=false",
            "last9.genai.cost-tracking=false",
            "otel.last9.genai.cost.enabled=false")) {
      runner
          .withPropertyValues(off)
          .run(
              context ->
                  assertThat(costOfOneCall(context.getBean(Last9SpanProcessor.class)))
                      .as(off)
                      .isNull());
    }
    // the Spring prefix wins over the otel one, and the new name over the former spelling
    runner
        .withPropertyValues(
            "last9.genai.cost.enabled=true",
            "otel.last9.genai.cost.enabled=false",
            "last9.genai.cost-tracking=false")
        .run(
            context ->
                assertThat(costOfOneCall(context.getBean(Last9SpanProcessor.class))).isPositive());
  }

  @Test
  void modelPricesReadTheYamlMapWhoseModelNamesHaveDots() {
    runner
        .withPropertyValues(
            "last9.genai.pricing.models.[my-model.v2].input=1.5",
            "last9.genai.pricing.models.[my-model.v2].output=3",
            "last9.genai.pricing.bundled=false")
        .run(
            context -> {
              Last9SpanProcessor p = context.getBean(Last9SpanProcessor.class);
              assertThat(
                      p.costCalculator()
                          .estimate(
                              "my-model.v2", io.last9.genai.pricing.Usage.of(1_000_000, 1_000_000)))
                  .hasValueSatisfying(e -> assertThat(e.cost().totalUsd()).isEqualTo(4.5));
              assertThat(
                      p.costCalculator()
                          .estimate("my-model", io.last9.genai.pricing.Usage.of(1, 1)))
                  .isEmpty();
            });
  }

  @Test
  void theApplicationsOwnProcessorRecordsTheCostMetricWhereTheStartersWould() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Last9SpanProcessor own =
        Last9SpanProcessor.builder().pricing(Map.of("gpt-4o", ModelPricing.of(2.50, 10.0))).build();
    runner
        .withBean(MeterRegistry.class, () -> registry)
        .withBean(Last9SpanProcessor.class, () -> own)
        .run(
            context -> {
              assertThat(context.getBean(Last9SpanProcessor.class)).isSameAs(own);
              twoPricedCalls(own);
              // 2 x (0.0025 + 0.0075) = 0.02, in Micrometer's registry as with the starter's own
              assertThat(costMetric(registry)).isCloseTo(0.02, within(1e-12));
            });
  }

  @Test
  void theStartersOwnProcessorRecordsTheCostMetricInMicrometer() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    runner
        .withBean(MeterRegistry.class, () -> registry)
        .withPropertyValues(
            "last9.genai.pricing.models.gpt-4o.input=2.50",
            "last9.genai.pricing.models.gpt-4o.output=10")
        .run(
            context -> {
              twoPricedCalls(context.getBean(Last9SpanProcessor.class));
              assertThat(costMetric(registry)).isCloseTo(0.02, within(1e-12));
            });
  }

  @Test
  void anApplicationProcessorWithItsOwnSinkKeepsIt() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    List<Double> recorded = new CopyOnWriteArrayList<>();
    Last9SpanProcessor own =
        Last9SpanProcessor.builder()
            .pricing(Map.of("gpt-4o", ModelPricing.of(2.50, 10.0)))
            .costMetricSink((usd, attributes) -> recorded.add(usd))
            .build();
    runner
        .withBean(MeterRegistry.class, () -> registry)
        .withBean(Last9SpanProcessor.class, () -> own)
        .run(
            context -> {
              twoPricedCalls(own);
              assertThat(recorded).hasSize(2);
              assertThat(costMetric(registry)).isZero();
            });
  }

  @Test
  void aConfiguredModelIsPricedWhateverProviderTheSpanNames() {
    runner
        .withPropertyValues(
            "last9.genai.pricing.models.rocket-1.input=1.5",
            "last9.genai.pricing.models.rocket-1.output=6")
        .run(
            context -> {
              CostCalculator calculator =
                  context.getBean(Last9SpanProcessor.class).costCalculator();
              for (String provider : List.of("openai", "anthropic", "ollama")) {
                assertThat(
                        calculator.estimate(
                            "rocket-1", provider, Usage.of(1_000_000, 1_000_000), Instant.now()))
                    .as(provider)
                    .hasValueSatisfying(e -> assertThat(e.cost().totalUsd()).isEqualTo(7.5));
              }
            });
  }

  @Test
  void aTurnStoreBeanNumbersTheProcessorsTurns() {
    TurnStore store = InMemoryTurnStore.create();
    runner
        .withBean(TurnStore.class, () -> store)
        .run(
            context ->
                assertThat(context.getBean(Last9SpanProcessor.class).turnStore()).isSameAs(store));
  }

  @Test
  void theApplicationsOpenTelemetryIsTheLibrarysWhileTheContextRuns() {
    OpenTelemetry app = OpenTelemetry.noop();
    runner
        .withBean(OpenTelemetry.class, () -> app)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(HostTelemetry.preferred()).isSameAs(app);
            });
    assertThat(HostTelemetry.preferred()).isNull();
  }

  @Test
  void theStarterCanBeSwitchedOff() {
    runner
        .withPropertyValues("last9.genai.enabled=false")
        .run(context -> assertThat(context).doesNotHaveBean(Last9SpanProcessor.class));
  }
}
