/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.last9.genai.pricing.CostBreakdown;
import io.last9.genai.pricing.Usage;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Costs computed with the bundled genai-prices data. Every expected number is worked out by hand
 * from the prices in the data file (USD per million tokens), quoted in each test.
 */
class CatalogPriceCostTest {

  private static final PriceCatalog CATALOG = PriceCatalog.bundled();
  private static final Instant NOW = Instant.parse("2026-01-15T12:00:00Z");

  private static CostBreakdown cost(String ref, String hint, Usage usage, Instant at) {
    return CATALOG.find(ref, hint).orElseThrow().cost(usage, at).cost();
  }

  private static void assertCost(CostBreakdown cost, double input, double output, double total) {
    assertThat(cost.inputUsd()).as("input").isCloseTo(input, within(1e-12));
    assertThat(cost.outputUsd()).as("output").isCloseTo(output, within(1e-12));
    assertThat(cost.totalUsd()).as("total").isCloseTo(total, within(1e-12));
  }

  @Test
  void gpt4oPlainUsage() {
    // gpt-4o: input 2.5, output 10
    assertCost(cost("gpt-4o", null, Usage.of(1000, 500), NOW), 0.0025, 0.005, 0.0075);
  }

  @Test
  void gpt4oMiniHasItsOwnPrice() {
    // gpt-4o-mini: input 0.15, output 0.6 -> 1000 x 0.15 + 500 x 0.6 = 150 + 300 = 450 / 1e6
    assertCost(cost("gpt-4o-mini", null, Usage.of(1000, 500), NOW), 0.00015, 0.0003, 0.00045);
    assertCost(
        cost("gpt-4o-mini-2024-07-18", null, Usage.of(1000, 500), NOW), 0.00015, 0.0003, 0.00045);
  }

  @Test
  void gpt4oCachedInput() {
    // gpt-4o: input 2.5, cache_read 1.25, output 10
    // (6000 x 2.5 + 4000 x 1.25) / 1e6 = (15000 + 5000) / 1e6 = 0.02; 1000 x 10 / 1e6 = 0.01
    Usage usage =
        Usage.builder().inputTokens(10_000).cacheReadInputTokens(4_000).outputTokens(1_000).build();
    assertCost(cost("gpt-4o", null, usage, NOW), 0.02, 0.01, 0.03);
  }

  @Test
  void gpt4oHasNoCacheWritePriceSoCacheWritesCostTheInputPrice() {
    // documented deviation: missing cache_write_mtok falls back to input 2.5 (genai-prices would
    // charge 0)
    // (1000 x 2.5 + 3000 x 2.5) / 1e6 = 0.01
    Usage usage = Usage.builder().inputTokens(4_000).cacheCreationInputTokens(3_000).build();
    assertCost(cost("gpt-4o", null, usage, NOW), 0.01, 0, 0.01);
  }

  @Test
  void anthropicCacheWriteAndRead() {
    // claude-sonnet-4-5 below its 200k tier: input 3, cache_write 3.75, cache_read 0.3, output 15
    // (1000 x 3 + 2000 x 0.3 + 3000 x 3.75) / 1e6 = (3000 + 600 + 11250) / 1e6 = 0.01485
    // 500 x 15 / 1e6 = 0.0075
    Usage usage =
        Usage.builder()
            .inputTokens(6_000)
            .cacheReadInputTokens(2_000)
            .cacheCreationInputTokens(3_000)
            .outputTokens(500)
            .build();
    assertCost(cost("claude-sonnet-4-5-20250929", null, usage, NOW), 0.01485, 0.0075, 0.02235);
  }

  @Test
  void tierCliffRepricesTheWholeRequest() {
    // claude-sonnet-4-5: input base 3 -> 6, output base 15 -> 22.5, cache_read 0.3 -> 0.6, above
    // 200,000 input
    // at exactly 200,000: 200000 x 3 / 1e6 = 0.6; 1000 x 15 / 1e6 = 0.015
    assertCost(cost("claude-sonnet-4-5", null, Usage.of(200_000, 1_000), NOW), 0.6, 0.015, 0.615);
    // at 200,001 every token moves: 200001 x 6 / 1e6 = 1.200006; 1000 x 22.5 / 1e6 = 0.0225
    assertCost(
        cost("claude-sonnet-4-5", null, Usage.of(200_001, 1_000), NOW), 1.200006, 0.0225, 1.222506);
  }

  @Test
  void tierIsChosenByTotalInputIncludingCachedTokens() {
    // 200,001 total input of which 100,000 cache reads: tier prices input 6, cache_read 0.6
    // (100001 x 6 + 100000 x 0.6) / 1e6 = (600006 + 60000) / 1e6 = 0.660006
    Usage usage = Usage.builder().inputTokens(200_001).cacheReadInputTokens(100_000).build();
    assertCost(cost("claude-sonnet-4-5", null, usage, NOW), 0.660006, 0, 0.660006);
  }

  @Test
  void datedPriceChangesOnItsStartDate() {
    // claude-sonnet-5: input 2 / output 10, from 2026-09-01 input 3 / output 15
    Usage usage = Usage.of(1_000, 1_000);
    assertCost(
        cost("claude-sonnet-5", null, usage, Instant.parse("2026-08-31T23:59:59Z")),
        0.002,
        0.01,
        0.012);
    assertCost(
        cost("claude-sonnet-5", null, usage, Instant.parse("2026-09-01T00:00:00Z")),
        0.003,
        0.015,
        0.018);
  }

  @Test
  void timeOfDayPrice() {
    // deepseek-chat: 0.135 / 0.55 always, 0.27 / 1.1 between 00:30:00Z and 16:30:00Z
    Usage usage = Usage.of(1_000_000, 1_000_000);
    assertCost(
        cost("deepseek-chat", null, usage, Instant.parse("2026-01-15T12:00:00Z")), 0.27, 1.1, 1.37);
    assertCost(
        cost("deepseek-chat", null, usage, Instant.parse("2026-01-15T00:30:00Z")), 0.27, 1.1, 1.37);
    assertCost(
        cost("deepseek-chat", null, usage, Instant.parse("2026-01-15T16:30:00Z")),
        0.135,
        0.55,
        0.685);
    assertCost(
        cost("deepseek-chat", null, usage, Instant.parse("2026-01-15T00:29:59Z")),
        0.135,
        0.55,
        0.685);
  }

  @Test
  void reasoningIsBilledAsOutput() {
    // o1: input 15, output 60; 2000 output of which 1500 reasoning, all at 60
    Usage usage =
        Usage.builder().inputTokens(1_000).outputTokens(2_000).reasoningOutputTokens(1_500).build();
    assertCost(cost("o1", null, usage, NOW), 0.015, 0.12, 0.135);
  }

  @Test
  void separateReasoningPrice() {
    // perplexity sonar-deep-research: input 2, output 8, output_reasoning 3
    // (500 x 8 + 1500 x 3) / 1e6 = (4000 + 4500) / 1e6 = 0.0085
    Usage usage =
        Usage.builder().inputTokens(1_000).outputTokens(2_000).reasoningOutputTokens(1_500).build();
    assertCost(cost("sonar-deep-research", "perplexity", usage, NOW), 0.002, 0.0085, 0.0105);
  }

  @Test
  void perRequestFeeIsAddedToTheTotal() {
    // perplexity sonar: input 1, output 1, requests_kcount 12 -> 12 / 1000 = 0.012 per request
    assertCost(cost("sonar", "perplexity", Usage.of(1_000, 1_000), NOW), 0.001, 0.001, 0.014);
  }

  @Test
  void providerPrefixedReference() {
    assertCost(cost("openai/gpt-4o", null, Usage.of(1000, 500), NOW), 0.0025, 0.005, 0.0075);
  }

  @Test
  void bedrockCrossRegionPrice() {
    // aws regional.anthropic.claude-sonnet-4-5-20250929-v1:0: input 3.3, output 16.5
    Usage usage = Usage.of(1_000, 1_000);
    assertCost(
        cost("us.anthropic.claude-sonnet-4-5-20250929-v1:0", "aws.bedrock", usage, NOW),
        0.0033,
        0.0165,
        0.0198);
  }

  @Test
  void embeddingHasInputOnly() {
    // text-embedding-3-small: input 0.02, no output price
    assertCost(
        cost("text-embedding-3-small", "openai", Usage.of(1_000, 10), NOW), 0.00002, 0, 0.00002);
  }

  @Test
  void emptyUsageCostsNothing() {
    assertCost(cost("gpt-4o", null, Usage.empty(), NOW), 0, 0, 0);
  }
}
