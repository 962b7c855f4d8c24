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
 * <p>The prices of a model of the bundled catalog are decoded when the model is first priced, not
 * when its provider is loaded: the first priced call of a cold JVM then decodes one model's prices,
 * not the hundred or so of its provider.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class CatalogPrice {

  private final String providerId;
  private final String modelId;

  /** Decodes {@link #encoded} on first use; null when the prices were given. */
  private final CompactCatalog source;

  /** The model's place in {@link #source}: its provider's, and its prices as the chunk has them. */
  private final int sourceIndex;

  private final byte[] encoded;

  /** Null until decoded; two threads may both decode, and store equal lists. */
  private volatile List<ConditionalPrice> prices;

  CatalogPrice(String providerId, String modelId, List<ConditionalPrice> prices) {
    this(providerId, modelId, null, -1, null, checked(prices));
  }

  private CatalogPrice(
      String providerId,
      String modelId,
      CompactCatalog source,
      int sourceIndex,
      byte[] encoded,
      List<ConditionalPrice> prices) {
    this.providerId = Objects.requireNonNull(providerId, "providerId");
    this.modelId = Objects.requireNonNull(modelId, "modelId");
    this.source = source;
    this.sourceIndex = sourceIndex;
    this.encoded = encoded;
    this.prices = prices;
  }

  /**
   * A model whose prices are decoded when first needed, by {@link CompactCatalog#decodePrices}
   * (which may be called more than once).
   *
   * @param sourceIndex the model's provider's place in the source's index
   * @param encoded the model's prices as its provider's chunk has them
   */
  static CatalogPrice encoded(
      String providerId, String modelId, CompactCatalog source, int sourceIndex, byte[] encoded) {
    return new CatalogPrice(
        providerId,
        modelId,
        Objects.requireNonNull(source, "source"),
        sourceIndex,
        Objects.requireNonNull(encoded, "encoded"),
        null);
  }

  private static List<ConditionalPrice> checked(List<ConditionalPrice> prices) {
    if (prices.isEmpty()) {
      throw new IllegalArgumentException("a model needs at least one price");
    }
    return List.copyOf(prices);
  }

  private List<ConditionalPrice> prices() {
    List<ConditionalPrice> p = prices;
    if (p == null) {
      p = checked(source.decodePrices(encoded, sourceIndex, modelId));
      prices = p;
    }
    return p;
  }

  /**
   * Whether the prices are in memory (always, but for a model of the bundled catalog not priced
   * yet).
   */
  boolean isDecoded() {
    return prices != null;
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
    return prices();
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
    List<ConditionalPrice> all = prices();
    for (int i = all.size() - 1; i >= 0; i--) {
      ConditionalPrice p = all.get(i);
      if (p.isActiveAt(at)) {
        return p.prices();
      }
    }
    return all.get(0).prices();
  }

  @Override
  public String toString() {
    return "CatalogPrice{" + providerId + '/' + modelId + '}';
  }
}
