/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing;

import static io.last9.genai.GenAiAttributes.COST_PRICE_SOURCE;
import static io.last9.genai.GenAiAttributes.COST_UNPRICED_REASON;
import static io.last9.genai.GenAiAttributes.PROVIDER_NAME;
import static io.last9.genai.GenAiAttributes.USAGE_COST_USD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.last9.genai.pricing.internal.CalculatorAccess;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.api.common.Attributes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which of the caller's own prices applies to a span that names a provider: a pricing-map entry
 * names no provider and applies to its model for every provider; a pricing-file entry listed under
 * a provider genai-prices knows applies to that provider's spans, one listed under a provider id of
 * one's own (the README's {@code acme}) to every provider's, after the span's own provider's.
 */
class UserPricesByProviderTest {

  private static final Instant AT = Instant.parse("2026-03-01T00:00:00Z");

  @TempDir Path dir;

  /** A file of one's own models under a provider id of one's choosing (as the README shows). */
  private Path acmeFile() throws IOException {
    return Files.writeString(
        dir.resolve("prices.json"),
        "[{\"id\": \"acme\", \"name\": \"Acme AI\", \"provider_match\": {\"contains\": \"acme\"},"
            + " \"models\": [{\"id\": \"rocket-1\","
            + " \"match\": {\"or\": [{\"equals\": \"rocket-1\"}, {\"starts_with\": \"rocket-1-\"}]},"
            + " \"prices\": {\"input_mtok\": 1.5, \"output_mtok\": 6}}]}]");
  }

  /** The estimate's total, or null when nothing priced it. */
  private static Double cost(Optional<CostEstimate> e) {
    return e.map(c -> c.cost().totalUsd()).orElse(null);
  }

  @Test
  void aFileEntryPricesItsModelWhateverProviderTheSpanNamesWhenTheFileDoesNotListIt()
      throws IOException {
    CostCalculator calc = CostCalculator.builder().addPricingFile(acmeFile()).build();
    // 1,000,000 x 1.5 + 1,000,000 x 6 per million = 7.5
    for (String provider : new String[] {"openai", "anthropic", "ollama", "my-gateway", null}) {
      Optional<CostEstimate> e =
          calc.estimate("rocket-1-2026-01-01", provider, Usage.of(1_000_000, 1_000_000), AT);
      assertThat(cost(e)).as("provider %s", provider).isCloseTo(7.5, within(1e-12));
      assertThat(e.orElseThrow().source()).isEqualTo("file:prices.json:acme/rocket-1");
    }
    // the file's own provider, by id or by its provider_match
    assertThat(cost(calc.estimate("rocket-1", "acme", Usage.of(1_000_000, 0), AT))).isEqualTo(1.5);
    assertThat(cost(calc.estimate("rocket-1", "acme-eu", Usage.of(1_000_000, 0), AT)))
        .isEqualTo(1.5);
  }

  @Test
  void anEntryOfTheSpansOwnProviderWinsOverAnotherProvidersEntryInAnEarlierFile()
      throws IOException {
    Path openaiFile =
        Files.writeString(
            dir.resolve("openai-prices.json"),
            "[{\"id\": \"openai\", \"models\": [{\"id\": \"rocket-1\","
                + " \"match\": {\"equals\": \"rocket-1\"},"
                + " \"prices\": {\"input_mtok\": 3, \"output_mtok\": 12}}]}]");
    CostCalculator calc =
        CostCalculator.builder().addPricingFile(acmeFile()).addPricingFile(openaiFile).build();
    Optional<CostEstimate> openai = calc.estimate("rocket-1", "openai", Usage.of(1_000_000, 0), AT);
    assertThat(cost(openai)).isEqualTo(3.0);
    assertThat(openai.orElseThrow().source()).isEqualTo("file:openai-prices.json:openai/rocket-1");
    // a provider neither file lists: by model, in the order the files were added
    Optional<CostEstimate> other =
        calc.estimate("rocket-1", "anthropic", Usage.of(1_000_000, 0), AT);
    assertThat(cost(other)).isEqualTo(1.5);
    assertThat(other.orElseThrow().source()).isEqualTo("file:prices.json:acme/rocket-1");
  }

  @Test
  void anEntryUnderAProviderGenaiPricesKnowsPricesThatProvidersSpansOnly() throws IOException {
    // a file with an entry under "openai" and one under a provider of one's own naming
    Path file =
        Files.writeString(
            dir.resolve("two.json"),
            "[{\"id\": \"openai\", \"models\": [{\"id\": \"gpt-x\", \"match\": {\"equals\": \"gpt-x\"},"
                + " \"prices\": {\"input_mtok\": 1, \"output_mtok\": 1}}]},"
                + " {\"id\": \"acme\", \"models\": [{\"id\": \"rocket-1\","
                + " \"match\": {\"equals\": \"rocket-1\"},"
                + " \"prices\": {\"input_mtok\": 1.5, \"output_mtok\": 6}}]}]");
    CostCalculator calc = CostCalculator.builder().addPricingFile(file).build();
    assertThat(cost(calc.estimate("gpt-x", "openai", Usage.of(1_000_000, 0), AT))).isEqualTo(1.0);
    assertThat(cost(calc.estimate("gpt-x", "azure.ai.openai", Usage.of(1_000_000, 0), AT)))
        .as("azure is another provider, whatever the model is called")
        .isNull();
    assertThat(calc.estimate("gpt-x", "ollama", Usage.of(1_000, 0), AT)).isEmpty();
    assertThat(CalculatorAccess.get().unpricedReason(calc, "ollama"))
        .isEqualTo(CalculatorAccess.UNKNOWN_PROVIDER);
    // the entry of one's own provider applies to every provider, the file's openai included
    for (String provider : new String[] {"openai", "acme", "ollama"}) {
      assertThat(cost(calc.estimate("rocket-1", provider, Usage.of(1_000_000, 0), AT)))
          .as(provider)
          .isEqualTo(1.5);
    }
    // without a provider, any entry by its model, as genai-prices resolves
    assertThat(cost(calc.estimate("gpt-x", null, Usage.of(1_000_000, 0), AT))).isEqualTo(1.0);
  }

  @Test
  void genaiPricesOwnDataLoadedAsAFileNeverPricesAProviderItDoesNotList() throws IOException {
    // a copy of genai-prices' data: every provider is one genai-prices knows
    Path file =
        Files.writeString(
            dir.resolve("data.json"),
            "[{\"id\": \"groq\", \"models\": [{\"id\": \"llama-x\", \"match\": {\"equals\": \"llama-x\"},"
                + " \"prices\": {\"input_mtok\": 0.05, \"output_mtok\": 0.08}}]}]");
    CostCalculator calc =
        CostCalculator.builder().addPricingFile(file).bundledCatalog(false).build();
    assertThat(calc.estimate("llama-x", "ollama", Usage.of(1_000, 0), AT)).isEmpty();
    assertThat(CalculatorAccess.get().unpricedReason(calc, "ollama"))
        .isEqualTo(CalculatorAccess.UNKNOWN_PROVIDER);
    assertThat(cost(calc.estimate("llama-x", "groq", Usage.of(1_000_000, 0), AT))).isEqualTo(0.05);
  }

  @Test
  void aFileOfOtherModelsLeavesTheCatalogBindingOnItsProvider() throws IOException {
    CostCalculator calc = CostCalculator.builder().addPricingFile(acmeFile()).build();
    // gpt-4o is not in the file: the catalog prices it for openai and not for an unknown provider
    assertThat(cost(calc.estimate("gpt-4o", "openai", Usage.of(1_000, 1_000), AT)))
        .isEqualTo(0.0125);
    assertThat(calc.estimate("gpt-4o", "ollama", Usage.of(1_000, 1_000), AT)).isEmpty();
    assertThat(CalculatorAccess.get().unpricedReason(calc, "ollama"))
        .isEqualTo(CalculatorAccess.UNKNOWN_PROVIDER);
  }

  @Test
  void aPricingMapEntryAppliesToItsModelForEveryProviderAndWinsOverFiles() throws IOException {
    CostCalculator calc =
        CostCalculator.builder()
            .addPricingFile(acmeFile())
            .pricing(Map.of("rocket-1", ModelPricing.of(2, 2), "my-llm", ModelPricing.of(1, 1)))
            .build();
    for (String provider : new String[] {"openai", "acme", "ollama", null}) {
      Optional<CostEstimate> e = calc.estimate("rocket-1", provider, Usage.of(1_000_000, 0), AT);
      assertThat(cost(e)).as("provider %s", provider).isEqualTo(2.0);
      assertThat(e.orElseThrow().source()).isEqualTo("custom:rocket-1");
      assertThat(cost(calc.estimate("my-llm", provider, Usage.of(1_000_000, 0), AT)))
          .isEqualTo(1.0);
    }
  }

  @Test
  void onASpanTheFileEntryPricesAnOpenAiCallAndCountsInTheMetric() throws IOException {
    Path file = acmeFile();
    Last9TelemetryExtension otel =
        Last9TelemetryExtension.builder().processor(b -> b.addPricingFile(file)).build();
    otel.start();
    try {
      otel.startAndEndSpan(
          "chat rocket-1",
          Attributes.builder()
              .putAll(CostTest.tokens("rocket-1", "rocket-1-2026-01-01", 2_000, 500))
              .put(PROVIDER_NAME, "openai")
              .build());
      otel.startAndEndSpan(
          "chat gpt-4o",
          Attributes.builder()
              .putAll(CostTest.tokens("gpt-4o", null, 1_000, 1_000))
              .put(PROVIDER_NAME, "ollama")
              .build());
      Attributes rocket = otel.span("chat rocket-1").getAttributes();
      // 2,000 x 1.5 + 500 x 6 per million = 0.006
      assertThat(rocket.get(USAGE_COST_USD)).isCloseTo(0.006, within(1e-15));
      assertThat(rocket.get(COST_PRICE_SOURCE)).isEqualTo("file:prices.json:acme/rocket-1");
      assertThat(otel.costMetricSum()).isCloseTo(0.006, within(1e-15));
      assertThat(otel.span("chat gpt-4o").getAttributes().get(COST_UNPRICED_REASON))
          .isEqualTo("unknown_provider");
    } finally {
      otel.close();
    }
  }
}
