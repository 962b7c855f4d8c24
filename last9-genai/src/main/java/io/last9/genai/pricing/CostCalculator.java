/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing;

import io.last9.genai.Last9SpanProcessor;
import io.last9.genai.pricing.internal.CalculatorAccess;
import io.last9.genai.pricing.internal.CatalogPrice;
import io.last9.genai.pricing.internal.PriceCatalog;
import io.last9.genai.pricing.internal.PriceSet;
import io.last9.genai.pricing.internal.PriceUpdater;
import io.last9.genai.pricing.internal.PricedUsage;
import io.last9.genai.pricing.internal.PricingFile;
import io.last9.genai.pricing.internal.PricingTable;
import io.last9.genai.pricing.internal.UsageReader;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Prices usage in USD, without any span. {@link Last9SpanProcessor} uses one to price spans; call
 * it directly to check a number.
 *
 * <p>Where prices come from, first match wins:
 *
 * <ol>
 *   <li>per-call pricing ({@code GenAiObservation...pricing(map)}), by model, for any provider;
 *   <li>the caller's own pricing map ({@link Builder#pricing}), by model, for any provider;
 *   <li>pricing files the caller loads (in the genai-prices format, whose entries are listed under
 *       providers): first the entry of the span's own provider, in the files that list that
 *       provider (by id or {@code provider_match}); then, by the model alone, an entry listed under
 *       a provider of the caller's own naming (an id genai-prices does not use, such as {@code
 *       acme}), which prices its model whatever provider the client reports. An entry under a
 *       provider genai-prices knows ({@code openai}) prices only that provider's spans. A span with
 *       no provider finds any entry by the model alone. In each step the files are tried in the
 *       order added;
 *   <li>the catalog, on by default: the bundled genai-prices data (<a
 *       href="https://github.com/pydantic/genai-prices">genai-prices</a>, MIT), or the newer data
 *       the optional price updater fetched.
 * </ol>
 *
 * <p>In each source the response model is tried first, then the request model.
 *
 * <p>The provider ({@code gen_ai.provider.name}, or the deprecated {@code gen_ai.system}) selects a
 * catalog's provider. A provider that the catalog does not know gets no price from it: another
 * provider's price for the same model name would be a guess. Such a call is unpriced unless the
 * caller's own prices (a map, or a file) know the model.
 *
 * <pre>{@code
 * CostCalculator calc = CostCalculator.builder()
 *     .pricing(Map.of("my-finetune", ModelPricing.of(3.0, 12.0)))
 *     .build();
 * calc.estimate("gpt-4o-2024-08-06", Usage.of(1000, 500)).get().cost().totalUsd(); // 0.0075
 * }</pre>
 *
 * <p>A calculator with price updates ({@link Builder#priceUpdates}) runs a background thread:
 * {@link #close()} stops it ({@link Last9SpanProcessor#shutdown()} does so for the calculator it
 * built).
 */
public final class CostCalculator implements AutoCloseable {

  private static final String UNKNOWN_MODEL = CalculatorAccess.UNKNOWN_MODEL;
  private static final String UNKNOWN_PROVIDER = CalculatorAccess.UNKNOWN_PROVIDER;

  static {
    CalculatorAccess.install(
        new CalculatorAccess() {
          @Override
          public CostEstimate estimate(
              CostCalculator calculator,
              String responseModel,
              String requestModel,
              String provider,
              UsageReader usage,
              Instant at,
              PricingTable callPricing) {
            return calculator.estimate(
                responseModel, requestModel, provider, usage, at, callPricing);
          }

          @Override
          public String unpricedReason(CostCalculator calculator, String provider) {
            return calculator.unpricedReason(provider);
          }

          @Override
          public PriceUpdater priceUpdater(CostCalculator calculator) {
            return calculator.updater;
          }

          @Override
          public void logDefaultPriceData() {
            getDefault().logPriceData(null);
          }
        });
  }

  private static final Logger logger = Logger.getLogger(CalculatorAccess.LOGGER_NAME);

  private static final UsageComponent[] CACHE_COMPONENTS = {
    UsageComponent.CACHE_READ_TOKENS,
    UsageComponent.CACHE_WRITE_TOKENS,
    UsageComponent.CACHE_WRITE_5M_TOKENS,
    UsageComponent.CACHE_WRITE_1H_TOKENS
  };
  private static final long CACHE_MASK = mask(CACHE_COMPONENTS);

  /** The caller's pricing map; null when there is none. */
  private final PricingTable pricing;

  private final List<PriceCatalog> files;

  /**
   * Each file's providers of the caller's own naming (ids genai-prices does not use), in file
   * order; files with none are left out. Their entries price their models whatever provider a span
   * names.
   */
  private final List<PriceCatalog> ownProviders;

  /**
   * The bundled catalog, or the newer one the updater swapped in; null when there is no catalog
   * (bundled catalog off, no price updates). Holds null while price updates that supply the catalog
   * have installed nothing yet.
   */
  private final AtomicReference<PriceCatalog> catalog;

  private final PriceUpdater updater;

  private CostCalculator(Builder b, boolean announce) {
    // null, not an empty table, without a pricing map: nothing then loads the table's classes
    this.pricing = b.pricing.isEmpty() ? null : PricingTable.of(b.pricing);
    this.files = List.copyOf(b.files);
    List<PriceCatalog> own = new ArrayList<>();
    for (PriceCatalog file : files) {
      PriceCatalog ownOnly = file.withoutProvidersOf(PriceCatalog.bundled());
      if (ownOnly.modelCount() > 0) {
        own.add(ownOnly);
      }
    }
    this.ownProviders = List.copyOf(own);
    this.catalog =
        b.bundledCatalog || b.priceUpdates != null
            ? new AtomicReference<>(b.bundledCatalog ? PriceCatalog.bundled() : null)
            : null;
    if (announce) {
      logPriceData(b.priceUpdates);
    }
    this.updater = b.priceUpdates != null ? PriceUpdater.start(catalog, b.priceUpdates) : null;
  }

  /** A calculator over the bundled catalog only. */
  public static CostCalculator getDefault() {
    return DefaultHolder.INSTANCE;
  }

  /**
   * One line at start-up saying which price data is in force, from what is already loaded (nothing
   * is read for it). At {@code CONFIG}, the level for configuration, because a first INFO record
   * costs a cold JVM about as much CPU as the rest of the library together ({@code
   * java.util.logging}'s console formatter loads the JDK's date, time-zone, locale and regex
   * machinery), and quiet start-ups are what CLIs, batch jobs and serverless functions need.
   */
  private void logPriceData(PriceUpdates updates) {
    if (!logger.isLoggable(Level.CONFIG)) {
      return;
    }
    StringBuilder line = new StringBuilder("last9-genai: prices: ");
    PriceCatalog current = catalog == null ? null : catalog.get();
    if (current != null) {
      line.append("bundled genai-prices data of ")
          .append(current.dataDate())
          .append(" (")
          .append(models(current.modelCount()))
          .append(")");
    } else if (updates != null) {
      line.append("no catalog until the first price update (the bundled catalog is off)");
    } else {
      line.append("no catalog (the bundled catalog is off)");
    }
    for (PriceCatalog file : files) {
      line.append(", ")
          .append(file.priceSource())
          .append(" (")
          .append(models(file.modelCount()))
          .append(")");
    }
    if (pricing != null && !pricing.isEmpty()) {
      line.append(", your prices for ").append(models(pricing.entries().size()));
    }
    if (updates != null) {
      line.append("; price updates from ")
          .append(updates.url())
          .append(" every ")
          .append(updates.interval());
    }
    logger.config(line.toString());
  }

  private static String models(int count) {
    return count + (count == 1 ? " model" : " models");
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
   * <p>A usage that reports no count at all ({@link Usage#empty()}: a usage object with every field
   * missing) is no usage and is not priced: the result is empty, never a cost of 0. Counts reported
   * as 0 ({@code Usage.of(0, 0)}) cost 0. A usage that does not report its cache reads is priced
   * with all its input at the input price; when the entry bills cached input for less, the estimate
   * says the cost is an upper bound ({@link CostEstimate#isUpperBound()}).
   *
   * @param model the model name as the API reported it (dated and prefixed spellings resolve)
   * @param provider the {@code gen_ai.provider.name} value, or {@code null}
   * @param usage the normalised usage
   * @param at the time of the call, for prices that changed over time
   * @return the cost, or empty when no source knows the model (for that provider) or the usage
   *     reports no count at all
   */
  public Optional<CostEstimate> estimate(String model, String provider, Usage usage, Instant at) {
    java.util.Objects.requireNonNull(usage, "usage");
    if (!usage.isReported()) {
      return Optional.empty();
    }
    return Optional.ofNullable(estimate(model, null, provider, components -> usage, at, null));
  }

  /** Stops the price updater, if this calculator has one. */
  @Override
  public void close() {
    if (updater != null) {
      updater.close();
    }
  }

  /**
   * Prices a call named by its response and request models (response first), with optional per-call
   * pricing that comes before every other source. Returns {@code null} when no source knows either
   * model.
   */
  private CostEstimate estimate(
      String responseModel,
      String requestModel,
      String provider,
      UsageReader usage,
      Instant at,
      PricingTable callPricing) {
    PriceCatalog current =
        catalog == null ? null : catalog.get(); // one catalog for the whole call, even mid-swap
    CostEstimate e =
        fromTable(callPricing, "call", responseModel, requestModel, provider, usage, at, current);
    if (e != null) {
      return e;
    }
    e = fromTable(pricing, "custom", responseModel, requestModel, provider, usage, at, current);
    if (e != null) {
      return e;
    }
    e = fromFiles(responseModel, requestModel, provider, usage, at);
    if (e != null) {
      return e;
    }
    return current == null
        ? null
        : fromCatalog(current, responseModel, requestModel, provider, usage, at);
  }

  /**
   * Why {@link #estimate} found no price: {@code unknown_provider} when a provider is named and no
   * catalog knows it, else {@code unknown_model}.
   */
  private String unpricedReason(String provider) {
    if (provider == null || provider.isBlank()) {
      return UNKNOWN_MODEL;
    }
    PriceCatalog current = catalog == null ? null : catalog.get();
    if (current == null && files.isEmpty()) {
      return UNKNOWN_MODEL;
    }
    if (current != null && current.knowsProvider(provider)) {
      return UNKNOWN_MODEL;
    }
    for (PriceCatalog file : files) {
      if (file.knowsProvider(provider)) {
        return UNKNOWN_MODEL;
      }
    }
    return UNKNOWN_PROVIDER;
  }

  /**
   * Prices with the caller's pricing files, as {@link #findInFiles} finds the entry; null when no
   * file knows the model.
   */
  private CostEstimate fromFiles(
      String responseModel, String requestModel, String provider, UsageReader usage, Instant at) {
    FileMatch m = findInFiles(responseModel, requestModel, provider);
    return m == null ? null : fromPrice(m.file(), m.price(), usage, at);
  }

  /**
   * The entry of the caller's pricing files. A span without a provider: by the model alone, the
   * files in order. A span that names one: first that provider's entries, in the files that list it
   * (by id, alias or {@code provider_match}); then, by the model alone, the entries listed under
   * providers of the caller's own naming (ids genai-prices does not use, such as {@code acme}),
   * which stand for no real provider and so apply to every one. An entry listed under a provider
   * genai-prices knows ({@code openai}) prices that provider's spans only, so a copy of
   * genai-prices' own data loaded as a file never prices a provider it does not list.
   */
  private FileMatch findInFiles(String responseModel, String requestModel, String provider) {
    if (files.isEmpty()) {
      return null;
    }
    boolean named = provider != null && !provider.isBlank();
    for (PriceCatalog file : files) {
      // a provider the file does not list finds nothing here (resolved once per provider, cached)
      CatalogPrice p = find(file, responseModel, requestModel, named ? provider : null);
      if (p != null) {
        return new FileMatch(file, p);
      }
    }
    if (named) {
      for (PriceCatalog own : ownProviders) {
        CatalogPrice p = find(own, responseModel, requestModel, null);
        if (p != null) {
          return new FileMatch(own, p);
        }
      }
    }
    return null;
  }

  /** An entry of a pricing file, and the file. */
  private record FileMatch(PriceCatalog file, CatalogPrice price) {}

  private CostEstimate fromTable(
      PricingTable table,
      String source,
      String responseModel,
      String requestModel,
      String provider,
      UsageReader reader,
      Instant at,
      PriceCatalog current) {
    if (table == null || table.isEmpty()) {
      return null;
    }
    PricingTable.Match m = table.find(responseModel);
    if (m == null && requestModel != null && !requestModel.equals(responseModel)) {
      m = table.find(requestModel);
    }
    if (m == null) {
      return null;
    }
    PriceSet prices = m.pricing().priceSet();
    Usage usage = reader.read(prices.neededComponents() | CACHE_MASK);
    if (needsCatalogCacheDiscount(prices, usage)) {
      prices =
          withCatalogCacheDiscount(
              m.pricing(), prices, responseModel, requestModel, provider, usage, at, current);
    }
    return estimate(prices.cost(usage), m.name(), source + ":" + m.name());
  }

  /**
   * True when the caller's prices lack a cache price for a cache count the usage has, or lack a
   * cache-read price while the usage does not report its cache reads (to tell whether the cost is
   * an upper bound, the catalog's discount must be known).
   */
  private static boolean needsCatalogCacheDiscount(PriceSet prices, Usage usage) {
    for (UsageComponent c : CACHE_COMPONENTS) {
      if (usage.get(c) > 0 && !prices.prices(c)) {
        return true;
      }
    }
    return !usage.isReported(UsageComponent.CACHE_READ_TOKENS)
        && usage.inputTokens() > 0
        && !prices.prices(UsageComponent.CACHE_READ_TOKENS);
  }

  /**
   * The caller's prices plus, for each cache count they give no price for, the caller's input price
   * scaled by the catalog's ratio of that cache price to its input price for the same model; the
   * caller's prices unchanged when no catalog knows the model or its cache prices.
   */
  private PriceSet withCatalogCacheDiscount(
      ModelPricing own,
      PriceSet prices,
      String responseModel,
      String requestModel,
      String provider,
      Usage usage,
      Instant at,
      PriceCatalog current) {
    FileMatch inFile = findInFiles(responseModel, requestModel, provider);
    CatalogPrice reference = inFile == null ? null : inFile.price();
    if (reference == null && current != null) {
      reference = find(current, responseModel, requestModel, provider);
    }
    if (reference == null) {
      return prices;
    }
    PriceSet catalogPrices = reference.priceAt(at);
    long totalInput = usage.inputTokens();
    double catalogInput = catalogPrices.priceOf(UsageComponent.INPUT_TOKENS, totalInput);
    if (!(catalogInput > 0)) {
      return prices;
    }
    double read = catalogPrices.priceOf(UsageComponent.CACHE_READ_TOKENS, totalInput);
    double write = catalogPrices.priceOf(UsageComponent.CACHE_WRITE_TOKENS, totalInput);
    double write5m = catalogPrices.priceOf(UsageComponent.CACHE_WRITE_5M_TOKENS, totalInput);
    double write1h = catalogPrices.priceOf(UsageComponent.CACHE_WRITE_1H_TOKENS, totalInput);
    // The derived set depends on these five prices and the caller's alone: reuse the last one
    // rather than build a price set (an EnumMap and its arrays) on every priced span.
    CatalogCacheDiscount last = own.cacheDiscount();
    if (last != null && last.isFor(catalogInput, read, write, write5m, write1h)) {
      return last.derived();
    }
    PriceSet derived = derive(own, prices, catalogInput, read, write, write5m, write1h);
    own.cacheDiscount(
        new CatalogCacheDiscount(catalogInput, read, write, write5m, write1h, derived));
    return derived;
  }

  private static PriceSet derive(
      ModelPricing own,
      PriceSet prices,
      double catalogInput,
      double read,
      double write,
      double write5m,
      double write1h) {
    Map<UsageComponent, Double> derived = new EnumMap<>(own.prices());
    boolean changed = addScaled(derived, UsageComponent.CACHE_READ_TOKENS, own, read, catalogInput);
    changed |= addScaled(derived, UsageComponent.CACHE_WRITE_TOKENS, own, write, catalogInput);
    changed |= addScaled(derived, UsageComponent.CACHE_WRITE_5M_TOKENS, own, write5m, catalogInput);
    changed |= addScaled(derived, UsageComponent.CACHE_WRITE_1H_TOKENS, own, write1h, catalogInput);
    if (!changed) {
      return prices;
    }
    try {
      return PriceSet.flat(derived, null);
    } catch (IllegalArgumentException e) {
      return prices; // the caller's other prices and the catalog's cache prices do not fit together
    }
  }

  /** The caller's input price scaled by the catalog's ratio, when the caller gives no price. */
  private static boolean addScaled(
      Map<UsageComponent, Double> derived,
      UsageComponent c,
      ModelPricing own,
      double catalogCache,
      double catalogInput) {
    if (derived.containsKey(c) || Double.isNaN(catalogCache)) {
      return false;
    }
    derived.put(c, own.input() * catalogCache / catalogInput);
    return true;
  }

  private static CatalogPrice find(
      PriceCatalog catalog, String responseModel, String requestModel, String provider) {
    Optional<CatalogPrice> p =
        responseModel == null ? Optional.empty() : catalog.find(responseModel, provider);
    if (p.isEmpty() && requestModel != null && !requestModel.equals(responseModel)) {
      p = catalog.find(requestModel, provider);
    }
    return p.orElse(null);
  }

  private static CostEstimate fromCatalog(
      PriceCatalog catalog,
      String responseModel,
      String requestModel,
      String provider,
      UsageReader reader,
      Instant at) {
    CatalogPrice price = find(catalog, responseModel, requestModel, provider);
    return price == null ? null : fromPrice(catalog, price, reader, at);
  }

  private static CostEstimate fromPrice(
      PriceCatalog catalog, CatalogPrice price, UsageReader reader, Instant at) {
    PriceSet prices = price.priceAt(at);
    return estimate(
        prices.cost(reader.read(prices.neededComponents())),
        price.modelId(),
        catalog.priceSourceOf(price));
  }

  private static CostEstimate estimate(PricedUsage priced, String model, String source) {
    return new CostEstimate(
        priced.cost(),
        model,
        source,
        components(priced.unpricedMask()),
        components(priced.clampedMask()),
        components(priced.unreportedMask()));
  }

  private static final UsageComponent[] COMPONENTS = UsageComponent.values();

  /**
   * The default calculator, built on first use. It logs no start-up line of its own: a processor at
   * the default pricing says which price data is in force when it is built, though it makes this
   * calculator only when it prices its first span.
   */
  private static final class DefaultHolder {
    static final CostCalculator INSTANCE = new CostCalculator(new Builder(), false);
  }

  private static long mask(UsageComponent... components) {
    long m = 0;
    for (UsageComponent c : components) {
      m |= 1L << c.ordinal();
    }
    return m;
  }

  /**
   * One immutable set per component: an estimate's sets are nearly always empty or one component
   * (the cache reads a span did not report, on every span of an instrumentation that reports none),
   * and {@link CostEstimate} keeps an immutable set as it is instead of copying it.
   */
  private static final List<Set<UsageComponent>> SINGLE_COMPONENTS = singleComponents();

  private static List<Set<UsageComponent>> singleComponents() {
    List<Set<UsageComponent>> sets = new ArrayList<>(COMPONENTS.length);
    for (UsageComponent c : COMPONENTS) {
      sets.add(Set.of(c));
    }
    return List.copyOf(sets);
  }

  private static Set<UsageComponent> components(long mask) {
    if (mask == 0) {
      return Set.of();
    }
    if ((mask & (mask - 1)) == 0) {
      return SINGLE_COMPONENTS.get(Long.numberOfTrailingZeros(mask));
    }
    UsageComponent[] several = new UsageComponent[Long.bitCount(mask)];
    int i = 0;
    for (long m = mask; m != 0; m &= m - 1) {
      several[i++] = COMPONENTS[Long.numberOfTrailingZeros(m)];
    }
    return Set.of(several);
  }

  /** Builder for {@link CostCalculator}. */
  public static final class Builder {
    private Map<String, ModelPricing> pricing = Map.of();
    private final List<PriceCatalog> files = new ArrayList<>();
    private boolean bundledCatalog = true;
    private PriceUpdates priceUpdates;

    private Builder() {}

    /**
     * The caller's own prices, by model name, for whatever provider the span names; they take
     * precedence over every file and the catalog.
     */
    public Builder pricing(Map<String, ModelPricing> pricing) {
      this.pricing = pricing == null ? Map.of() : pricing;
      return this;
    }

    /**
     * Loads a pricing file in the genai-prices format (a {@code data.json} or {@code
     * data_slim.json} of genai-prices, or your own); files are consulted in the order they are
     * added, after the pricing map and before the catalog. An entry listed under the span's
     * provider comes first; an entry under a provider id of your own (one genai-prices does not
     * use) prices its model for any provider, after those (see the class description). Costs it
     * prices have the price source {@code file:<file name>:<provider>/<model>}.
     *
     * @throws ConfigurationException when the file is missing, cannot be read or does not parse;
     *     the message names this method, the file and (when it does not parse) the entry: {@code
     *     addPricingFile: pricing file /etc/p.json: does not exist}
     */
    public Builder addPricingFile(Path file) {
      files.add(PricingFile.loadFor("addPricingFile", file));
      return this;
    }

    /**
     * Whether the bundled genai-prices catalog is consulted last (default true). Off, with {@link
     * #priceUpdates} on, the fetched data is the catalog.
     */
    public Builder bundledCatalog(boolean enabled) {
      this.bundledCatalog = enabled;
      return this;
    }

    /**
     * Keeps the catalog current: fetches newer genai-prices data at start-up and then periodically,
     * in the background (off by default). With the bundled catalog off, the fetched data is the
     * catalog. See {@link PriceUpdates}.
     */
    public Builder priceUpdates(PriceUpdates updates) {
      this.priceUpdates = updates;
      return this;
    }

    /** Builds the calculator; with price updates, starts the updater's thread. */
    public CostCalculator build() {
      return new CostCalculator(this, true);
    }
  }
}
