/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import io.last9.genai.pricing.CostBreakdown;
import io.last9.genai.pricing.Usage;
import io.last9.genai.pricing.UsageComponent;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The prices of one genai-prices {@code ModelPrice} object (any of its price keys, each flat or
 * tiered) and the cost formula that applies them, as genai-prices computes it.
 *
 * <p>Each priced component is billed for its own units only: its count minus the units already
 * billed by the more specific priced components that are parts of it. With {@code input_mtok},
 * {@code cache_read_mtok} and {@code input_audio_mtok} and {@code cache_audio_read_mtok} priced,
 * 1,000 input tokens of which 300 are audio, 200 are cache reads and 50 are cached audio are billed
 * as 50 cached-audio, 250 audio, 150 cache-read and 550 other input tokens. A component the entry
 * has no price for is billed inside the most general priced component it is a part of (audio input
 * at {@code input_mtok} when there is no {@code input_audio_mtok}): that is how the data says a
 * modality costs the same as text. A component with a count that no price covers at all (web
 * searches without {@code web_searches_kcount}) is reported as unpriced: the cost is then short by
 * that part. An entry with no price at all ({@code "prices": {}}) is a free model: everything costs
 * exactly 0 and nothing is reported.
 *
 * <p>Each price is {@code price x units / per} ({@link UsageComponent#per()}), the price taken at
 * the tier selected by the call's total input tokens ({@link TieredPrice}). Input-side prices add
 * up to the input cost, output-side ones to the output cost; the total adds those, the prices of
 * counts that have no side (searches, seconds), and {@code requests_kcount / 1000} for the request
 * itself. No intermediate rounding.
 *
 * <p>Inconsistent counts are clamped, never billed as given: a part larger than a reported total it
 * belongs to (cached tokens above the input tokens) is lowered to that total; parts that together
 * exceed their total leave that total's own units at 0. Clamped components are reported.
 *
 * <p>{@link #of} rejects a price set genai-prices would refuse to compute with: a component priced
 * without a price for every component it is a part of ({@code cache_audio_read_mtok} without {@code
 * input_audio_mtok}), or two priced components that can overlap without a price for their overlap
 * ({@code cache_read_mtok} and {@code input_audio_mtok} without {@code cache_audio_read_mtok}).
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class PriceSet {

  private static final UsageComponent[] COMPONENTS = UsageComponent.values();

  /** Priced components, most specific first (then by usage key, as genai-prices orders them). */
  private final int[] order;

  private final TieredPrice[] prices;

  /**
   * For each priced component (same index as {@link #order}): the priced components that are parts
   * of it.
   */
  private final long[] pricedParts;

  private final long pricedMask;

  /**
   * The components whose counts pricing needs: the priced ones, and those no price covers (to
   * report them).
   */
  private final long neededMask;

  /** USD per thousand requests, or NaN when the entry has no per-request fee. */
  private final double requestsKcount;

  private PriceSet(int[] order, TieredPrice[] prices, long pricedMask, double requestsKcount) {
    this.order = order;
    this.prices = prices;
    this.pricedMask = pricedMask;
    this.requestsKcount = requestsKcount;
    this.pricedParts = new long[order.length];
    for (int k = 0; k < order.length; k++) {
      pricedParts[k] = UsageUnits.descendants(order[k]) & pricedMask;
    }
    long needed = pricedMask;
    boolean free =
        pricedMask == 0
            && Double.isNaN(requestsKcount); // "prices": {}: a free model, nothing unpriced
    for (int c = 0; c < COMPONENTS.length && !free; c++) {
      if ((pricedMask & ((1L << c) | UsageUnits.ancestors(c))) == 0) { // no price covers c
        needed |= 1L << c;
      }
    }
    this.neededMask = needed;
  }

  /** Bits of the components whose counts {@link #cost} reads. */
  public long neededComponents() {
    return neededMask;
  }

  /**
   * Builds and checks a price set.
   *
   * @param prices the price of each priced component
   * @param requestsKcount USD per thousand requests, or null
   * @throws IllegalArgumentException when genai-prices would refuse to price with it (the message
   *     names the keys)
   */
  static PriceSet of(Map<UsageComponent, TieredPrice> prices, Double requestsKcount) {
    long mask = 0;
    for (UsageComponent c : prices.keySet()) {
      mask |= 1L << c.ordinal();
    }
    checkCoverage(mask);
    // most specific first, then by usage key (an insertion sort: a handful of keys, and no
    // comparator to link on the first priced call of a cold JVM)
    int[] order = new int[prices.size()];
    int n = 0;
    for (UsageComponent c : prices.keySet()) {
      int o = c.ordinal();
      int j = n++;
      while (j > 0 && comesBefore(o, order[j - 1])) {
        order[j] = order[j - 1];
        j--;
      }
      order[j] = o;
    }
    TieredPrice[] p = new TieredPrice[order.length];
    for (int k = 0; k < order.length; k++) {
      p[k] = prices.get(COMPONENTS[order[k]]);
    }
    return new PriceSet(order, p, mask, requestsKcount == null ? Double.NaN : requestsKcount);
  }

  private static boolean comesBefore(int a, int b) {
    int da = UsageUnits.dimensionCount(a);
    int db = UsageUnits.dimensionCount(b);
    return da != db ? da > db : COMPONENTS[a].usageKey().compareTo(COMPONENTS[b].usageKey()) < 0;
  }

  private static void checkCoverage(long mask) {
    for (long m = mask; m != 0; m &= m - 1) {
      int c = Long.numberOfTrailingZeros(m);
      long missing = UsageUnits.ancestors(c) & ~mask;
      if (missing != 0) {
        throw new IllegalArgumentException(
            COMPONENTS[c].priceKey()
                + " needs a price for "
                + keys(missing)
                + " too (the counts it is a part of)");
      }
    }
    for (long m = mask; m != 0; m &= m - 1) {
      int a = Long.numberOfTrailingZeros(m);
      for (long n = m & (m - 1); n != 0; n &= n - 1) {
        int b = Long.numberOfTrailingZeros(n);
        if (!UsageUnits.compatible(a, b)) {
          continue;
        }
        int join = UsageUnits.join(a, b);
        if (join < 0 || (mask & (1L << join)) == 0) {
          throw new IllegalArgumentException(
              COMPONENTS[a].priceKey()
                  + " and "
                  + COMPONENTS[b].priceKey()
                  + " can count the same tokens, so they need a price for their overlap"
                  + (join < 0 ? "" : " (" + COMPONENTS[join].priceKey() + ")"));
        }
      }
    }
  }

  /**
   * A price set of flat prices, each in its component's unit ({@link UsageComponent#per()}).
   *
   * @param requestsKcount USD per thousand requests, or null
   * @throws IllegalArgumentException as {@link #of}
   */
  public static PriceSet flat(Map<UsageComponent, Double> prices, Double requestsKcount) {
    Map<UsageComponent, TieredPrice> tiered = new EnumMap<>(UsageComponent.class);
    for (Map.Entry<UsageComponent, Double> e : prices.entrySet()) {
      tiered.put(e.getKey(), TieredPrice.flat(e.getValue()));
    }
    return of(tiered, requestsKcount);
  }

  /** True when the set prices this component itself. */
  public boolean prices(UsageComponent c) {
    return (pricedMask & (1L << c.ordinal())) != 0;
  }

  /**
   * The price of a component at the tier for {@code totalInputTokens}; NaN when the set does not
   * price it.
   */
  public double priceOf(UsageComponent c, long totalInputTokens) {
    for (int k = 0; k < order.length; k++) {
      if (order[k] == c.ordinal()) {
        return prices[k].priceAt(totalInputTokens);
      }
    }
    return Double.NaN;
  }

  /** Prices one call's usage. */
  public PricedUsage cost(Usage usage) {
    long totalInput = usage.inputTokens();
    long[] own = new long[order.length];
    long clamped = 0;
    double in = 0;
    double out = 0;
    double other = 0;
    for (int k = 0; k < order.length; k++) {
      int c = order[k];
      long count = usage.get(COMPONENTS[c]);
      for (long m = UsageUnits.ancestors(c); m != 0 && count > 0; m &= m - 1) {
        long total = usage.get(COMPONENTS[Long.numberOfTrailingZeros(m)]);
        if (total > 0 && count > total) {
          count = total;
          clamped |= 1L << c;
        }
      }
      long billedByParts = 0;
      for (int j = 0; j < k; j++) {
        if ((pricedParts[k] & (1L << order[j])) != 0) {
          billedByParts += own[j];
          if (billedByParts < 0) {
            billedByParts = Long.MAX_VALUE; // parts of absurd counts: never wrap around
          }
        }
      }
      long units = count - billedByParts;
      if (units < 0) {
        units = 0;
        clamped |= 1L << c;
      }
      own[k] = units;
      if (units == 0) {
        continue;
      }
      double usd = prices[k].priceAt(totalInput) * units / COMPONENTS[c].per();
      switch (UsageUnits.direction(c)) {
        case UsageUnits.INPUT:
          in += usd;
          break;
        case UsageUnits.OUTPUT:
          out += usd;
          break;
        default:
          other += usd;
          break;
      }
    }
    double requests = Double.isNaN(requestsKcount) ? 0 : requestsKcount / 1_000d;
    return new PricedUsage(
        new CostBreakdown(in, out, in + out + other + requests),
        unpriced(usage),
        clamped,
        unreported(usage, totalInput));
  }

  /**
   * Cache reads, when the usage does not report them (not even as 0) while this set bills cached
   * input below its input price: any cached tokens were billed at the input price, so the cost is
   * an upper bound. Nothing when there is no input, or no cheaper cache-read price.
   */
  private long unreported(Usage usage, long totalInput) {
    if (totalInput == 0
        || usage.isReported(UsageComponent.CACHE_READ_TOKENS)
        || !prices(UsageComponent.CACHE_READ_TOKENS)) {
      return 0;
    }
    double cacheRead = priceOf(UsageComponent.CACHE_READ_TOKENS, totalInput);
    double input = priceOf(UsageComponent.INPUT_TOKENS, totalInput);
    return cacheRead < input ? 1L << UsageComponent.CACHE_READ_TOKENS.ordinal() : 0;
  }

  /**
   * Components with a count that neither their own price nor the price of a component they are part
   * of covers.
   */
  private long unpriced(Usage usage) {
    long unpriced = 0;
    for (long m = neededMask & ~pricedMask; m != 0; m &= m - 1) {
      int c = Long.numberOfTrailingZeros(m);
      if (usage.get(COMPONENTS[c]) > 0) {
        unpriced |= 1L << c;
      }
    }
    return unpriced;
  }

  private static String keys(long mask) {
    StringJoiner j = new StringJoiner(", ");
    for (long m = mask; m != 0; m &= m - 1) {
      j.add(COMPONENTS[Long.numberOfTrailingZeros(m)].priceKey());
    }
    return j.toString();
  }

  /** The prices by component, to derive another set from this one. */
  Map<UsageComponent, TieredPrice> toMap() {
    Map<UsageComponent, TieredPrice> m = new EnumMap<>(UsageComponent.class);
    for (int k = 0; k < order.length; k++) {
      m.put(COMPONENTS[order[k]], prices[k]);
    }
    return m;
  }

  /** USD per thousand requests, or null. */
  Double requestsKcount() {
    return Double.isNaN(requestsKcount) ? null : requestsKcount;
  }

  @Override
  public String toString() {
    StringJoiner j = new StringJoiner(", ", "PriceSet{", "}");
    for (int k = 0; k < order.length; k++) {
      j.add(COMPONENTS[order[k]].priceKey() + "=" + prices[k]);
    }
    if (!Double.isNaN(requestsKcount)) {
      j.add(UsageUnits.REQUESTS_PRICE_KEY + "=" + requestsKcount);
    }
    return j.toString();
  }
}
