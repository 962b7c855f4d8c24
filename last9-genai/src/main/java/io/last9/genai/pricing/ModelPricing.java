/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing;

import io.last9.genai.pricing.internal.PriceSet;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Your own prices for one model: USD per million input and output tokens, and optionally a price
 * for any other {@link UsageComponent} (cache reads and writes, audio, images, web searches...),
 * each in that component's unit ({@link UsageComponent#per()}: per million tokens, per thousand
 * searches).
 *
 * <p>Cache prices. Give them when you know them:
 *
 * <pre>{@code
 * Map<String, ModelPricing> pricing = Map.of(
 *     // gpt-4o: cached input at half the input price
 *     "gpt-4o", ModelPricing.builder().input(2.50).output(10.0).cacheRead(1.25).build(),
 *     // claude-sonnet-4-5: cache reads at 0.1x, 5-minute writes at 1.25x, 1-hour writes at 2x the input price
 *     "claude-sonnet-4-5", ModelPricing.builder().input(3).output(15).cacheRead(0.30).cacheWrite(3.75)
 *         .cacheWrite1h(6.0).build());
 * }</pre>
 *
 * <p>An entry without a cache price ({@code ModelPricing.of(2.50, 10.0)}) does not bill cached
 * tokens at the full input price when the bundled catalog knows the model: a {@link CostCalculator}
 * applies the catalog's cache discount for that model to your input price (gpt-4o's catalog
 * cache-read price is half its input price, so your cached tokens cost half your input price). When
 * the catalog does not know the model, or prices no cache for it, cached tokens are billed at your
 * input price, never for free. {@link #cost(Usage)} on its own has no catalog: it bills them at the
 * input price.
 *
 * <p>Any other component without a price of its own is billed at the price of the more general
 * count it is a part of (audio input at the input price, reasoning at the output price); a count
 * that no price covers (web searches without a web-search price) is not billed and the span says
 * so. Prices must be finite, from 0 to 100,000 USD per unit; anything else is rejected when the
 * object is built.
 */
public final class ModelPricing {

  /**
   * The largest price accepted, in USD per unit: well above any real price, low enough to keep
   * costs finite.
   */
  static final double MAX_PRICE = 100_000;

  private final Map<UsageComponent, Double> prices;
  private final PriceSet priceSet;

  // The last cache discount derived for these prices from a catalog entry (see CostCalculator):
  // one per instance, replaced when the catalog's prices differ; not part of the value.
  private volatile CatalogCacheDiscount cacheDiscount;

  private ModelPricing(Map<UsageComponent, Double> prices) {
    this.prices = Collections.unmodifiableMap(new EnumMap<>(prices));
    this.priceSet = PriceSet.flat(prices, null);
  }

  /**
   * Input and output prices in USD per million tokens, with no price of their own for cached
   * tokens.
   */
  public static ModelPricing of(double inputPerMillion, double outputPerMillion) {
    return builder().input(inputPerMillion).output(outputPerMillion).build();
  }

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** USD per million input tokens. */
  public double input() {
    return prices.get(UsageComponent.INPUT_TOKENS);
  }

  /** USD per million output tokens (reasoning included, unless it has a price of its own). */
  public double output() {
    return prices.get(UsageComponent.OUTPUT_TOKENS);
  }

  /** USD per million input tokens read from the cache, when given. */
  public OptionalDouble cacheRead() {
    return price(UsageComponent.CACHE_READ_TOKENS);
  }

  /** USD per million input tokens written to the cache, when given. */
  public OptionalDouble cacheWrite() {
    return price(UsageComponent.CACHE_WRITE_TOKENS);
  }

  /** The price given for a component, in its unit ({@link UsageComponent#per()}). */
  public OptionalDouble price(UsageComponent component) {
    Double p = prices.get(component);
    return p == null ? OptionalDouble.empty() : OptionalDouble.of(p);
  }

  /** Every price given, by component. */
  public Map<UsageComponent, Double> prices() {
    return prices;
  }

  /**
   * Prices a usage with these prices alone: each component at its own price, or at the price of the
   * count it is a part of; no intermediate rounding.
   */
  public CostBreakdown cost(Usage usage) {
    return priceSet.cost(Objects.requireNonNull(usage, "usage")).cost();
  }

  /** The price set these prices form. */
  PriceSet priceSet() {
    return priceSet;
  }

  CatalogCacheDiscount cacheDiscount() {
    return cacheDiscount;
  }

  void cacheDiscount(CatalogCacheDiscount discount) {
    this.cacheDiscount = discount;
  }

  @Override
  public boolean equals(Object o) {
    return this == o || (o instanceof ModelPricing && prices.equals(((ModelPricing) o).prices));
  }

  @Override
  public int hashCode() {
    return prices.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("ModelPricing{");
    for (Map.Entry<UsageComponent, Double> e : prices.entrySet()) {
      if (sb.length() > 13) {
        sb.append(", ");
      }
      sb.append(e.getKey().priceKey()).append('=').append(e.getValue());
    }
    return sb.append(" USD}").toString();
  }

  /** Builder for {@link ModelPricing}; {@code input} and {@code output} are required. */
  public static final class Builder {
    private final Map<UsageComponent, Double> prices = new EnumMap<>(UsageComponent.class);

    private Builder() {}

    /** USD per million input tokens. */
    public Builder input(double v) {
      return price(UsageComponent.INPUT_TOKENS, v);
    }

    /** USD per million output tokens. */
    public Builder output(double v) {
      return price(UsageComponent.OUTPUT_TOKENS, v);
    }

    /** USD per million input tokens read from the cache. */
    public Builder cacheRead(double v) {
      return price(UsageComponent.CACHE_READ_TOKENS, v);
    }

    /**
     * USD per million input tokens written to the cache (the 5-minute TTL, when the provider has
     * two).
     */
    public Builder cacheWrite(double v) {
      return price(UsageComponent.CACHE_WRITE_TOKENS, v);
    }

    /**
     * USD per million input tokens written to the cache with a 1-hour TTL; needs {@link
     * #cacheWrite}.
     */
    public Builder cacheWrite1h(double v) {
      return price(UsageComponent.CACHE_WRITE_1H_TOKENS, v);
    }

    /**
     * The price of any component, in USD per {@link UsageComponent#per()} units, e.g. {@code
     * price(UsageComponent.WEB_SEARCHES, 10.0)} for $10 per thousand searches.
     */
    public Builder price(UsageComponent component, double usd) {
      prices.put(Objects.requireNonNull(component, "component"), check(usd, component));
      return this;
    }

    /**
     * Builds and validates the pricing.
     *
     * @throws IllegalArgumentException when input or output is missing, or a component is priced
     *     without a price for a count it is a part of (the message names both)
     */
    public ModelPricing build() {
      if (!prices.containsKey(UsageComponent.INPUT_TOKENS)
          || !prices.containsKey(UsageComponent.OUTPUT_TOKENS)) {
        throw new IllegalArgumentException("ModelPricing needs both an input and an output price");
      }
      try {
        return new ModelPricing(prices);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("ModelPricing: " + e.getMessage(), e);
      }
    }

    private static double check(double v, UsageComponent c) {
      if (Double.isNaN(v) || Double.isInfinite(v) || v < 0 || v > MAX_PRICE) {
        throw new IllegalArgumentException(
            "ModelPricing."
                + name(c)
                + " must be a finite price from 0 to "
                + (long) MAX_PRICE
                + " USD per "
                + c.per()
                + " units, was "
                + v);
      }
      return v;
    }

    private static String name(UsageComponent c) {
      switch (c) {
        case INPUT_TOKENS:
          return "input";
        case OUTPUT_TOKENS:
          return "output";
        case CACHE_READ_TOKENS:
          return "cacheRead";
        case CACHE_WRITE_TOKENS:
          return "cacheWrite";
        default:
          return c.priceKey();
      }
    }
  }
}
