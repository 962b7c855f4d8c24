/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import static io.last9.genai.pricing.UsageComponent.CACHE_AUDIO_READ_TOKENS;
import static io.last9.genai.pricing.UsageComponent.CACHE_READ_TOKENS;
import static io.last9.genai.pricing.UsageComponent.CACHE_WRITE_TOKENS;
import static io.last9.genai.pricing.UsageComponent.INPUT_AUDIO_TOKENS;
import static io.last9.genai.pricing.UsageComponent.INPUT_TOKENS;
import static io.last9.genai.pricing.UsageComponent.INPUT_TOOL_TOKENS;
import static io.last9.genai.pricing.UsageComponent.OUTPUT_REASONING_TOKENS;
import static io.last9.genai.pricing.UsageComponent.OUTPUT_TOKENS;
import static io.last9.genai.pricing.UsageComponent.WEB_SEARCHES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.last9.genai.pricing.CostBreakdown;
import io.last9.genai.pricing.Usage;
import io.last9.genai.pricing.UsageComponent;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The cost formula of one price entry: each priced component billed for its own units only, a
 * component without a price billed inside the most general priced one it is part of, counts no
 * price covers reported, inconsistent counts clamped, prices taken at the tier of the call's input,
 * and price sets genai-prices would refuse rejected.
 */
class PriceSetTest {

  private static final Offset<Double> EXACT = within(1e-15);

  private static long bit(UsageComponent c) {
    return 1L << c.ordinal();
  }

  /**
   * The worked example of the class description. Prices are powers of ten (USD per million), so the
   * input cost spells out the units billed at each: 550 at 1, 150 at 10, 250 at 100, 50 at 1000.
   */
  @Test
  void eachPricedComponentIsBilledForItsOwnUnitsOnly() {
    PriceSet set =
        PriceSet.flat(
            Map.of(
                INPUT_TOKENS, 1.0,
                CACHE_READ_TOKENS, 10.0,
                INPUT_AUDIO_TOKENS, 100.0,
                CACHE_AUDIO_READ_TOKENS, 1_000.0),
            null);
    Usage usage =
        Usage.builder()
            .inputTokens(1_000)
            .inputAudioTokens(300)
            .cacheReadInputTokens(200)
            .cacheReadAudioTokens(50)
            .build();
    PricedUsage priced = set.cost(usage);
    double expected = (550 * 1 + 150 * 10 + 250 * 100 + 50 * 1_000) / 1e6;
    assertThat(priced.cost().inputUsd()).isCloseTo(expected, EXACT);
    assertThat(priced.cost().outputUsd()).isZero();
    assertThat(priced.cost().totalUsd()).isCloseTo(expected, EXACT);
    assertThat(priced.unpricedMask()).isZero();
    assertThat(priced.clampedMask()).isZero();
  }

  @Test
  void aComponentWithoutAPriceIsBilledInsideTheMostGeneralPricedOne() {
    PriceSet set = PriceSet.flat(Map.of(INPUT_TOKENS, 2.0, OUTPUT_TOKENS, 8.0), null);
    Usage usage =
        Usage.builder()
            .inputTokens(1_000)
            .inputAudioTokens(300)
            .outputTokens(100)
            .reasoningOutputTokens(40)
            .build();
    PricedUsage priced = set.cost(usage);
    // audio costs what text costs: all 1,000 input tokens at 2; reasoning inside output at 8
    assertThat(priced.cost().inputUsd()).isCloseTo(1_000 * 2 / 1e6, EXACT);
    assertThat(priced.cost().outputUsd()).isCloseTo(100 * 8 / 1e6, EXACT);
    assertThat(priced.unpricedMask()).isZero();
    assertThat(set.neededComponents() & bit(INPUT_AUDIO_TOKENS))
        .as("a count its ancestor's price covers is not read")
        .isZero();
  }

  @Test
  void aCountNoPriceCoversIsReportedAndLeftOutOfTheCost() {
    PriceSet set = PriceSet.flat(Map.of(INPUT_TOKENS, 2.0, OUTPUT_TOKENS, 8.0), null);
    assertThat(set.neededComponents() & bit(WEB_SEARCHES)).isNotZero();
    PricedUsage priced =
        set.cost(Usage.builder().inputTokens(1_000).outputTokens(100).webSearches(4).build());
    assertThat(priced.unpricedMask()).isEqualTo(bit(WEB_SEARCHES));
    assertThat(priced.cost().totalUsd()).isCloseTo((1_000 * 2 + 100 * 8) / 1e6, EXACT);
    assertThat(set.cost(Usage.of(1_000, 100)).unpricedMask())
        .as("no searches, nothing missing")
        .isZero();
  }

  @Test
  void anEntryWithNoPriceAtAllIsAFreeModel() {
    PriceSet free = PriceSet.flat(Map.of(), null);
    assertThat(free.neededComponents()).isZero();
    PricedUsage priced =
        free.cost(Usage.builder().inputTokens(1_000).outputTokens(10).webSearches(4).build());
    assertThat(priced.cost()).isEqualTo(new CostBreakdown(0, 0, 0));
    assertThat(priced.unpricedMask()).isZero();
    assertThat(priced.unreportedMask()).isZero();
  }

  @Test
  void eachSideAddsUpAndTheTotalAddsCountsWithNoSideAndTheRequestFee() {
    PriceSet set =
        PriceSet.flat(Map.of(INPUT_TOKENS, 2.0, OUTPUT_TOKENS, 8.0, WEB_SEARCHES, 10.0), 5.0);
    CostBreakdown cost =
        set.cost(Usage.builder().inputTokens(1_000).outputTokens(500).webSearches(3).build())
            .cost();
    assertThat(cost.inputUsd()).isCloseTo(0.002, EXACT);
    assertThat(cost.outputUsd()).isCloseTo(0.004, EXACT);
    // 3 searches at 10 per thousand, and 5 per thousand requests for this one
    assertThat(cost.totalUsd()).isCloseTo(0.002 + 0.004 + 0.03 + 0.005, EXACT);
    assertThat(set.cost(Usage.of(0, 0)).cost().totalUsd())
        .as("the request fee alone")
        .isCloseTo(0.005, EXACT);
  }

  @Test
  void everyPriceIsTakenAtTheTierOfTheCallsTotalInput() {
    PriceSet set =
        PriceSet.of(
            Map.of(
                INPUT_TOKENS, TieredPrice.tiered(1, new long[] {1_000}, new double[] {2}),
                OUTPUT_TOKENS, TieredPrice.tiered(4, new long[] {1_000}, new double[] {8})),
            null);
    assertThat(set.priceOf(OUTPUT_TOKENS, 1_000)).as("at the start: the base").isEqualTo(4);
    assertThat(set.priceOf(OUTPUT_TOKENS, 1_001)).isEqualTo(8);
    assertThat(set.priceOf(CACHE_READ_TOKENS, 1_001)).as("not priced").isNaN();
    // 1,500 input tokens select the tier for the output price too
    CostBreakdown cost = set.cost(Usage.of(1_500, 100)).cost();
    assertThat(cost.inputUsd()).isCloseTo(1_500 * 2 / 1e6, EXACT);
    assertThat(cost.outputUsd()).isCloseTo(100 * 8 / 1e6, EXACT);
  }

  @Test
  void aPartAboveItsTotalIsLoweredToTheTotal() {
    PriceSet set = PriceSet.flat(Map.of(INPUT_TOKENS, 1.0, CACHE_READ_TOKENS, 10.0), null);
    PricedUsage priced =
        set.cost(Usage.builder().inputTokens(100).cacheReadInputTokens(300).build());
    // the 100 input tokens are all cache reads
    assertThat(priced.cost().inputUsd()).isCloseTo(100 * 10 / 1e6, EXACT);
    assertThat(priced.clampedMask()).isEqualTo(bit(CACHE_READ_TOKENS));
  }

  @Test
  void partsThatTogetherExceedTheirTotalLeaveItsOwnUnitsAtZero() {
    PriceSet set =
        PriceSet.flat(
            Map.of(INPUT_TOKENS, 1.0, CACHE_READ_TOKENS, 10.0, CACHE_WRITE_TOKENS, 100.0), null);
    PricedUsage priced =
        set.cost(
            Usage.builder()
                .inputTokens(100)
                .cacheReadInputTokens(80)
                .cacheCreationInputTokens(80)
                .build());
    assertThat(priced.cost().inputUsd()).isCloseTo((80 * 10 + 80 * 100) / 1e6, EXACT);
    assertThat(priced.clampedMask()).isEqualTo(bit(INPUT_TOKENS));
  }

  @Test
  void absurdCountsNeverWrapAroundIntoUnitsToBill() {
    // three parts of the input that cannot overlap, each as large as the input itself: what they
    // bill together is past Long.MAX_VALUE, and the input's own units must stay at none
    PriceSet set =
        PriceSet.flat(
            Map.of(
                INPUT_TOKENS, 100_000.0,
                CACHE_READ_TOKENS, 1e-6,
                CACHE_WRITE_TOKENS, 1e-6,
                INPUT_TOOL_TOKENS, 1e-6),
            null);
    long max = Long.MAX_VALUE;
    CostBreakdown cost =
        set.cost(
                Usage.builder()
                    .inputTokens(max)
                    .cacheReadInputTokens(max)
                    .cacheCreationInputTokens(max)
                    .count(INPUT_TOOL_TOKENS, max)
                    .build())
            .cost();
    // a wrapped-around sum would leave 2 input tokens to bill at 100,000 per million: 0.2 more
    assertThat(cost.inputUsd()).isCloseTo(3 * (max * 1e-6) / 1e6, within(1e-9));
  }

  @Test
  void unreportedCacheReadsMakeTheCostAnUpperBoundOnlyWhereTheyWouldCostLess() {
    PriceSet cheaperCache =
        PriceSet.flat(Map.of(INPUT_TOKENS, 2.0, CACHE_READ_TOKENS, 0.5, OUTPUT_TOKENS, 8.0), null);
    assertThat(cheaperCache.cost(Usage.of(1_000, 10)).unreportedMask())
        .isEqualTo(bit(CACHE_READ_TOKENS));
    Usage reportedNone =
        Usage.builder().inputTokens(1_000).cacheReadInputTokens(0).outputTokens(10).build();
    assertThat(cheaperCache.cost(reportedNone).unreportedMask()).as("reported as 0").isZero();
    assertThat(cheaperCache.cost(Usage.of(0, 10)).unreportedMask()).as("no input").isZero();

    PriceSet sameCache = PriceSet.flat(Map.of(INPUT_TOKENS, 2.0, CACHE_READ_TOKENS, 2.0), null);
    assertThat(sameCache.cost(Usage.of(1_000, 0)).unreportedMask()).isZero();
    PriceSet noCachePrice = PriceSet.flat(Map.of(INPUT_TOKENS, 2.0), null);
    assertThat(noCachePrice.cost(Usage.of(1_000, 0)).unreportedMask()).isZero();
  }

  @Test
  void aPartPricedWithoutTheCountsItIsPartOfIsRejected() {
    assertThatThrownBy(() -> PriceSet.flat(Map.of(OUTPUT_REASONING_TOKENS, 1.0), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("output_reasoning_mtok needs a price for output_mtok");
    assertThatThrownBy(
            () ->
                PriceSet.flat(
                    Map.of(INPUT_TOKENS, 1.0, CACHE_READ_TOKENS, 1.0, CACHE_AUDIO_READ_TOKENS, 1.0),
                    null))
        .hasMessageContaining("cache_audio_read_mtok needs a price for input_audio_mtok");
  }

  @Test
  void twoPartsThatCanOverlapNeedAPriceForTheirOverlap() {
    assertThatThrownBy(
            () ->
                PriceSet.flat(
                    Map.of(INPUT_TOKENS, 1.0, CACHE_READ_TOKENS, 1.0, INPUT_AUDIO_TOKENS, 1.0),
                    null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cache_read_mtok and input_audio_mtok can count the same tokens")
        .hasMessageContaining("(cache_audio_read_mtok)");
    // parts that cannot overlap (cache reads and cache writes) need nothing more
    assertThat(
            PriceSet.flat(
                    Map.of(INPUT_TOKENS, 1.0, CACHE_READ_TOKENS, 1.0, CACHE_WRITE_TOKENS, 1.0),
                    null)
                .prices(CACHE_WRITE_TOKENS))
        .isTrue();
  }

  @Test
  void pricesAreListedMostSpecificFirstAndASetRebuildsFromItsParts() {
    PriceSet set =
        PriceSet.flat(
            Map.of(
                INPUT_TOKENS, 1.0, CACHE_READ_TOKENS, 0.5, OUTPUT_TOKENS, 4.0, WEB_SEARCHES, 10.0),
            2.0);
    assertThat(set)
        .hasToString(
            "PriceSet{cache_read_mtok=0.5, input_mtok=1.0, output_mtok=4.0,"
                + " web_searches_kcount=10.0, requests_kcount=2.0}");
    assertThat(set.prices(CACHE_READ_TOKENS)).isTrue();
    assertThat(set.prices(CACHE_WRITE_TOKENS)).isFalse();

    PriceSet rebuilt = PriceSet.of(set.toMap(), set.requestsKcount());
    Usage usage =
        Usage.builder()
            .inputTokens(2_000)
            .cacheReadInputTokens(500)
            .outputTokens(300)
            .webSearches(2)
            .build();
    assertThat(rebuilt.cost(usage)).isEqualTo(set.cost(usage));
    assertThat(PriceSet.flat(Map.of(INPUT_TOKENS, 1.0), null).requestsKcount()).isNull();
  }
}
