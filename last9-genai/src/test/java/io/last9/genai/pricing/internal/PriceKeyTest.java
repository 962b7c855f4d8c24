/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.last9.genai.pricing.CostBreakdown;
import io.last9.genai.pricing.Usage;
import io.last9.genai.pricing.UsageComponent;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every price key of the genai-prices format, priced from a pricing file, alone and with a tier;
 * and what a file may not contain.
 */
class PriceKeyTest {

  private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");

  static PriceCatalog parse(String json) {
    return PriceCatalog.parse(
        new ByteArrayInputStream(json.replace('\'', '"').getBytes(StandardCharsets.UTF_8)),
        "test.json",
        "file:test.json");
  }

  private static String model(String prices) {
    return "[{'id': 'acme', 'models': [{'id': 'm', 'match': {'equals': 'm'}, 'prices': "
        + prices
        + "}]}]";
  }

  /**
   * The components {@code c} is a part of (their prices are required with it), most general first.
   */
  private static List<UsageComponent> ancestors(UsageComponent c) {
    List<UsageComponent> list = new ArrayList<>();
    for (long m = UsageUnits.ancestors(c.ordinal()); m != 0; m &= m - 1) {
      list.add(UsageComponent.values()[Long.numberOfTrailingZeros(m)]);
    }
    return list;
  }

  /**
   * Each key priced on its own ({@code c} and the counts it is a part of, which genai-prices
   * requires) with a tier: base 2, 4 above 1,000 input tokens; its parts' prices are 1 and their
   * counts equal {@code c}'s, so only {@code c} is billed: {@code count x price / per}. Input
   * tokens always get a price (0 when they are not one of the parts), so the tier can be selected
   * by them.
   */
  @ParameterizedTest
  @EnumSource(UsageComponent.class)
  void everyPriceKeyAloneAndAboveItsTier(UsageComponent c) {
    StringBuilder prices =
        new StringBuilder(
            "{'" + c.priceKey() + "': {'base': 2, 'tiers': [{'start': 1000, " + "'price': 4}]}");
    List<UsageComponent> parts = ancestors(c);
    for (UsageComponent a : parts) {
      prices.append(", '").append(a.priceKey()).append("': 1");
    }
    boolean inputIsAPart =
        parts.contains(UsageComponent.INPUT_TOKENS) || c == UsageComponent.INPUT_TOKENS;
    if (!inputIsAPart) {
      prices.append(", 'input_mtok': 0");
    }
    CatalogPrice price = parse(model(prices.append('}').toString())).find("m", null).orElseThrow();

    // below the tier: 500 units at the base price 2 -> 500 x 2 / per
    Usage.Builder below = Usage.builder().count(c, 500);
    parts.forEach(a -> below.count(a, 500));
    PricedUsage low = price.cost(below.build(), AT);
    assertThat(low.cost().totalUsd())
        .as(c.priceKey())
        .isCloseTo(500.0 * 2 / c.per(), within(1e-15));
    assertThat(low.unpricedMask()).isZero();
    assertThat(low.clampedMask()).isZero();

    // above it (1,500 input tokens): 1,500 units at 4 when c is an input count, else 500 units at 4
    // with 1,500
    // input tokens at 0
    Usage.Builder above = Usage.builder();
    long count = inputIsAPart ? 1_500 : 500;
    above.count(c, count);
    parts.forEach(a -> above.count(a, count));
    if (!inputIsAPart) {
      above.inputTokens(1_500);
    }
    CostBreakdown high = price.cost(above.build(), AT).cost();
    assertThat(high.totalUsd()).as(c.priceKey()).isCloseTo(count * 4.0 / c.per(), within(1e-15));
  }

  @Test
  void aDatedChangeOfANewPriceKey() {
    // web searches 10 per 1,000 until 2026-05-31, 25 per 1,000 from 2026-06-01; input 1 throughout
    CatalogPrice price =
        parse(
                model(
                    "[{'prices': {'input_mtok': 1, 'web_searches_kcount': 10}},"
                        + " {'constraint': {'start_date': '2026-06-01'}, 'prices': {'input_mtok': 1, 'web_searches_kcount': 25}}]"))
            .find("m", null)
            .orElseThrow();
    Usage usage = Usage.builder().inputTokens(1_000).webSearches(4).build();
    // before: 1000 x 1 / 1e6 = 0.001; 4 x 10 / 1000 = 0.04; total 0.041
    assertThat(price.cost(usage, Instant.parse("2026-05-31T23:59:59Z")).cost().totalUsd())
        .isCloseTo(0.041, within(1e-15));
    // from the date: 0.001 + 4 x 25 / 1000 = 0.101
    assertThat(price.cost(usage, Instant.parse("2026-06-01T00:00:00Z")).cost().totalUsd())
        .isCloseTo(0.101, within(1e-15));
  }

  @Test
  void pricesThatWouldMakeCostsMeaninglessAreRejectedAtLoad() {
    assertThatThrownBy(() -> parse(model("{'input_mtok': 1e308, 'output_mtok': 1}")))
        .hasMessageContaining("test.json")
        .hasMessageContaining("model 'm'")
        .hasMessageContaining("input_mtok")
        .hasMessageContaining("at most 100000");
    assertThatThrownBy(
            () ->
                parse(
                    model("{'input_mtok': {'base': 1, 'tiers': [{'start': 10, 'price': 1e300}]}}")))
        .hasMessageContaining("input_mtok.tiers[0].price");
    // a part without the total it is a part of, and two overlapping parts without their overlap
    assertThatThrownBy(() -> parse(model("{'input_audio_mtok': 1}")))
        .hasMessageContaining("input_audio_mtok needs a price for input_mtok");
    assertThatThrownBy(
            () -> parse(model("{'input_mtok': 1, 'cache_read_mtok': 1, 'input_audio_mtok': 1}")))
        .hasMessageContaining("cache_audio_read_mtok");
  }

  @Test
  void duplicatesAreRejectedNamingTheFileAndTheEntry() {
    assertThatThrownBy(
            () ->
                parse(
                    "[{'id': 'acme', 'models': [{'id': 'm', 'match': {'equals': 'm'},"
                        + " 'prices': {'input_mtok': 1, 'input_mtok': 2}}]}]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "pricing file test.json: provider 'acme' model 'm': Duplicate field 'input_mtok'");
    assertThatThrownBy(
            () ->
                parse(
                    "[{'id': 'acme', 'models': ["
                        + "{'id': 'm', 'match': {'equals': 'm'}, 'prices': {'input_mtok': 1}},"
                        + "{'id': 'm', 'match': {'equals': 'm2'}, 'prices': {'input_mtok': 2}}]}]"))
        .hasMessageContaining("provider 'acme' model 'm': appears more than once");
    assertThatThrownBy(() -> parse("[{'id': 'acme', 'models': []}, {'id': 'ACME', 'models': []}]"))
        .hasMessageContaining("provider 'ACME': appears more than once");
  }

  @Test
  void anUnknownPriceKeyIsValidatedAndIgnored() {
    CatalogPrice price =
        parse(model("{'input_mtok': 1, 'output_hologram_mtok': 5}")).find("m", null).orElseThrow();
    // 1000 x 1 / 1e6
    assertThat(price.cost(Usage.of(1_000, 0), AT).cost().totalUsd())
        .isCloseTo(0.001, within(1e-15));
    assertThatThrownBy(() -> parse(model("{'input_mtok': 1, 'output_hologram_mtok': 'five'}")))
        .hasMessageContaining("output_hologram_mtok");
  }
}
