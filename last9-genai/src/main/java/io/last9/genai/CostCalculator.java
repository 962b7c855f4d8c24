package io.last9.genai;

import io.last9.genai.internal.pricing.PricingTable;
import io.last9.genai.internal.pricing.CatalogPrice;
import io.last9.genai.internal.pricing.PriceCatalog;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Prices token usage in USD (CONTRACT section 5), without any span. {@link Last9SpanProcessor} uses one to price
 * spans; call it directly to check a number.
 *
 * <p>Where prices come from, first match wins: the caller's own pricing map; pricing files the caller loads (in
 * the genai-prices format); the bundled catalog, built from <a href="https://github.com/pydantic/genai-prices">
 * genai-prices</a> (MIT), on by default. The response model is tried first, then the request model.
 *
 * <pre>{@code
 * CostCalculator calc = CostCalculator.builder()
 *     .pricing(Map.of("my-finetune", ModelPricing.of(3.0, 12.0)))
 *     .build();
 * calc.estimate("gpt-4o-2024-08-06", Usage.of(1000, 500)).get().cost().totalUsd(); // 0.0075
 * }</pre>
 */
public final class CostCalculator {

  private static final CostCalculator DEFAULT = builder().build();

  private final PricingTable pricing;
  private final List<PriceCatalog> files;
  private final PriceCatalog bundled;

  private CostCalculator(Builder b) {
    this.pricing = PricingTable.of(b.pricing);
    this.files = List.copyOf(b.files);
    this.bundled = b.bundledCatalog ? PriceCatalog.bundled() : null;
  }

  /** A calculator over the bundled catalog only. */
  public static CostCalculator getDefault() {
    return DEFAULT;
  }

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Prices {@code usage} of {@code model} at the current time, with no provider hint. */
  public Optional<CostEstimate> estimate(String model, Usage usage) {
    return estimate(model, null, usage, Instant.now());
  }

  /**
   * Prices {@code usage} of {@code model}.
   *
   * @param model the model name as the API reported it (dated and prefixed spellings resolve)
   * @param provider the {@code gen_ai.provider.name} value, or {@code null}
   * @param usage the normalised usage
   * @param at the time of the call, for prices that changed over time
   * @return the cost, or empty when no source knows the model
   */
  public Optional<CostEstimate> estimate(String model, String provider, Usage usage, Instant at) {
    return Optional.ofNullable(estimate(model, null, provider, usage, at, null));
  }

  /**
   * Prices a call named by its response and request models (response first), with optional per-call pricing that
   * comes before every other source. Returns {@code null} when no source knows either model.
   */
  CostEstimate estimate(String responseModel, String requestModel, String provider, Usage usage, Instant at,
      PricingTable callPricing) {
    CostEstimate e = fromTable(callPricing, "call", responseModel, requestModel, usage);
    if (e != null) {
      return e;
    }
    e = fromTable(pricing, "custom", responseModel, requestModel, usage);
    if (e != null) {
      return e;
    }
    for (PriceCatalog file : files) {
      e = fromCatalog(file, "file:" + file.sourceName(), responseModel, requestModel, provider, usage, at);
      if (e != null) {
        return e;
      }
    }
    if (bundled != null) {
      return fromCatalog(bundled, "genai-prices", responseModel, requestModel, provider, usage, at);
    }
    return null;
  }

  private static CostEstimate fromTable(PricingTable table, String source, String responseModel,
      String requestModel, Usage usage) {
    if (table == null || table.isEmpty()) {
      return null;
    }
    PricingTable.Match m = table.find(responseModel);
    if (m == null && requestModel != null && !requestModel.equals(responseModel)) {
      m = table.find(requestModel);
    }
    return m == null ? null : new CostEstimate(m.pricing().cost(usage), m.name(), source + ":" + m.name());
  }

  private static CostEstimate fromCatalog(PriceCatalog catalog, String source, String responseModel,
      String requestModel, String provider, Usage usage, Instant at) {
    Optional<CatalogPrice> p = responseModel == null ? Optional.empty() : catalog.find(responseModel, provider);
    if (p.isEmpty() && requestModel != null && !requestModel.equals(responseModel)) {
      p = catalog.find(requestModel, provider);
    }
    if (p.isEmpty()) {
      return null;
    }
    CatalogPrice price = p.get();
    return new CostEstimate(price.cost(usage, at), price.modelId(),
        source + ":" + price.providerId() + "/" + price.modelId());
  }

  /** Builder for {@link CostCalculator}. */
  public static final class Builder {
    private Map<String, ModelPricing> pricing = Map.of();
    private final List<PriceCatalog> files = new ArrayList<>();
    private boolean bundledCatalog = true;

    private Builder() {}

    /** The caller's own prices, by model name; they take precedence over every file and the catalog. */
    public Builder pricing(Map<String, ModelPricing> pricing) {
      this.pricing = pricing == null ? Map.of() : pricing;
      return this;
    }

    /**
     * Loads a pricing file in the genai-prices format ({@code data_slim.json}); files are consulted in the order
     * they are added, after the pricing map and before the bundled catalog.
     *
     * @throws IllegalArgumentException when the file does not parse; the message names the file and the entry
     * @throws java.io.UncheckedIOException when the file cannot be read; the message names the file
     */
    public Builder addPricingFile(Path file) {
      files.add(PriceCatalog.load(file));
      return this;
    }

    /** Whether the bundled genai-prices catalog is consulted last (default true). */
    public Builder bundledCatalog(boolean enabled) {
      this.bundledCatalog = enabled;
      return this;
    }

    /** Builds the calculator. */
    public CostCalculator build() {
      return new CostCalculator(this);
    }
  }
}
