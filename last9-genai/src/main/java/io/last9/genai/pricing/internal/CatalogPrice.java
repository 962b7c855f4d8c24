/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import io.last9.genai.pricing.Usage;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The prices of one model of one provider in a {@link PriceCatalog}, as found by {@link
 * PriceCatalog#find}. Immutable and thread-safe.
 *
 * <p>When the model has several conditional prices, they are tried from last to first and the first
 * one in force at the requested instant wins; when none is in force the first one is used
 * (genai-prices semantics). See {@link PriceSet} for the cost formula.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class CatalogPrice {

  private final String providerId;
  private final String modelId;
  private final List<ConditionalPrice> prices;

  CatalogPrice(String providerId, String modelId, List<ConditionalPrice> prices) {
    this.providerId = Objects.requireNonNull(providerId, "providerId");
    this.modelId = Objects.requireNonNull(modelId, "modelId");
    if (prices.isEmpty()) {
      throw new IllegalArgumentException("a model needs at least one price");
    }
    this.prices = List.copyOf(prices);
  }

  /** The genai-prices provider id, e.g. {@code openai}, {@code aws}. */
  public String providerId() {
    return providerId;
  }

  /** The genai-prices model id, e.g. {@code gpt-4o}, as spelled in the file. */
  public String modelId() {
    return modelId;
  }

  /** The conditional prices, in file order. */
  List<ConditionalPrice> conditionalPrices() {
    return prices;
  }

  /**
   * Prices a usage with the prices in force at an instant.
   *
   * @param usage the normalised token usage of one request
   * @param at when the request was made (selects dated and time-of-day prices)
   */
  public PricedUsage cost(Usage usage, Instant at) {
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(at, "at");
    return priceAt(at).cost(usage);
  }

  /** The price set in force at an instant. */
  public PriceSet priceAt(Instant at) {
    for (int i = prices.size() - 1; i >= 0; i--) {
      ConditionalPrice p = prices.get(i);
      if (p.isActiveAt(at)) {
        return p.prices();
      }
    }
    return prices.get(0).prices();
  }

  @Override
  public String toString() {
    return "CatalogPrice{" + providerId + '/' + modelId + '}';
  }
}
