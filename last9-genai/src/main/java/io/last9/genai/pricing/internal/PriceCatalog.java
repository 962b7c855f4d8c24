/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A catalog of LLM prices in the pydantic/genai-prices {@code data_slim.json} format, with
 * model-name resolution. Immutable and thread-safe; resolutions (misses included) are cached, at
 * most 10,000 per provider hint and 64 hints; model names longer than {@value
 * #MAX_MODEL_NAME_LENGTH} characters and provider names longer than {@value
 * #MAX_PROVIDER_NAME_LENGTH} are never priced, so the caches are bounded in bytes too.
 *
 * <p>Resolution of {@link #find(String, String)}, case-insensitive throughout:
 *
 * <ol>
 *   <li>The provider hint, an OpenTelemetry {@code gen_ai.provider.name} or a genai-prices id, is
 *       mapped by {@link ProviderAliases} and looked up by exact id, else by the providers' {@code
 *       provider_match}. A hint that names no provider of the catalog finds nothing: another
 *       provider's price would be a guess.
 *   <li>A reference {@code prefix/rest} whose prefix names a provider uses that provider when no
 *       hint is given, and {@code rest} becomes one of the spellings tried (the full reference is
 *       always tried first, since OpenRouter ids look like {@code vendor/model}). A spelling that
 *       provider lists exactly ({@code equals}) wins; else a provider that lists the whole
 *       reference exactly ({@code google/gemini-2.0-flash-exp:free}, OpenRouter's free model); else
 *       the prefixed provider's other rules.
 *   <li>The spellings of {@link ModelRefSpellings} are tried in order until one matches. With a
 *       provider: its own models in file order (first match wins), then the models of its {@code
 *       fallback_model_providers}. Without one: the models of the first provider whose {@code
 *       model_match} accepts the spelling (and its fallbacks), then every provider's models in file
 *       order.
 * </ol>
 *
 * <p>A resolved hint is binding: when nothing matches within that provider and its fallbacks, the
 * result is empty. A provider taken from a reference prefix is only a guess: when nothing matches
 * there, resolution continues as if there were no provider.
 *
 * <p>The genai-prices format carries no version or date, so a catalog's {@linkplain #dataTime()
 * data time} comes from outside the file: for the bundled data, the date of the genai-prices commit
 * it was derived from; for fetched data, what the server said ({@code Last-Modified}) or the time
 * of the fetch. Its date ends every {@code price_source} the catalog gives ({@code
 * genai-prices:openai/gpt-4o@2026-08-21}), so a span says how current its price was.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class PriceCatalog {

  /**
   * Classpath location of the bundled genai-prices data as JSON; {@link #bundled()} reads the
   * compact form the build makes of it.
   */
  static final String BUNDLED_RESOURCE = "/io/last9/genai/pricing/genai-prices.json";

  /**
   * The date of the genai-prices commit the bundled data was derived from (the file itself carries
   * none); updated with the data, as {@code src/main/pricing/README.md} says.
   */
  public static final LocalDate BUNDLED_DATA_DATE = LocalDate.of(2026, 8, 21);

  /**
   * Model references longer than this are never priced (and never cached): genai-prices model ids
   * are at most 100 characters, and a cache keyed by arbitrary lengths would be bounded in entries
   * but not in bytes.
   */
  public static final int MAX_MODEL_NAME_LENGTH = 256;

  /** Provider names longer than this are unknown providers. */
  public static final int MAX_PROVIDER_NAME_LENGTH = 64;

  private static final int MAX_CACHED_RESOLUTIONS = 10_000;
  private static final int MAX_CACHED_HINTS = 64;

  private final String sourceName;
  private final String priceSource;
  private final Instant dataTime;

  /** {@code "@" + the UTC date of dataTime}, or "" without one: the end of every price source. */
  private final String dataDateSuffix;

  /** Reads the providers on first need; null when they were given. */
  private final CompactCatalog reader;

  /** Null until a catalog with a reader is first used. */
  private volatile Providers providers;

  /**
   * Resolutions by model reference, one map per provider hint ({@code ""} for none). Plain
   * concurrent maps rather than an LRU cache: a repeat lookup is one {@code get} with no allocation
   * and no maintenance task (Caffeine's read buffer and eviction task cost 5-40x a HashMap lookup,
   * see docs/PERFORMANCE.md M7). Bounded: a map that reaches its bound is cleared (names seen again
   * are re-resolved), so a flood of distinct names cannot grow it.
   */
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, Optional<CatalogPrice>>>
      resolutions = new ConcurrentHashMap<>();

  private PriceCatalog(
      String sourceName, String priceSource, Instant dataTime, List<CatalogProvider> providers) {
    this(sourceName, priceSource, dataTime, null, new Providers(providers));
  }

  private PriceCatalog(
      String sourceName,
      String priceSource,
      Instant dataTime,
      CompactCatalog reader,
      Providers providers) {
    this.sourceName = sourceName;
    this.priceSource = priceSource;
    this.dataTime = dataTime;
    this.dataDateSuffix = dataTime == null ? "" : "@" + utcDate(dataTime);
    this.reader = reader;
    this.providers = providers;
  }

  /** The providers, read on the first call for a catalog that has a reader. */
  private Providers index() {
    Providers p = providers;
    if (p != null) {
      return p;
    }
    synchronized (this) {
      p = providers;
      if (p == null) {
        p = new Providers(reader.readIndex());
        providers = p;
      }
      return p;
    }
  }

  /** A catalog's providers, by file order and by id. */
  private static final class Providers {
    final List<CatalogProvider> list;
    final Map<String, CatalogProvider> byId;
    final int modelCount;

    Providers(List<CatalogProvider> providers) {
      this.list = List.copyOf(providers);
      Map<String, CatalogProvider> ids = new LinkedHashMap<>();
      int models = 0;
      for (CatalogProvider provider : list) {
        ids.putIfAbsent(provider.id().toLowerCase(Locale.ROOT), provider);
        models += provider.modelCount();
      }
      this.byId = Map.copyOf(ids);
      this.modelCount = models;
    }
  }

  /**
   * The catalog bundled with the library: the genai-prices data of {@value #BUNDLED_RESOURCE}, read
   * from the compact form the build makes of it. Its small index is read when it is first used;
   * each provider's prices when a lookup first needs them.
   */
  public static PriceCatalog bundled() {
    return BundledHolder.INSTANCE;
  }

  /**
   * Parses pricing data in the genai-prices format, with no data time (a user's file). The stream
   * is read but not closed.
   *
   * @param sourceName how error messages name the data, e.g. a file path or a URL
   * @param priceSource what the {@code gen_ai.l9.cost.price_source} of the costs it prices starts
   *     with, a short and stable name such as {@code file:prices.json} or {@code genai-prices}
   * @throws IllegalArgumentException when the data is malformed; the message names the source and
   *     the entry
   */
  public static PriceCatalog parse(InputStream in, String sourceName, String priceSource) {
    return parse(in, sourceName, priceSource, null);
  }

  /**
   * Parses pricing data in the genai-prices format. The stream is read but not closed.
   *
   * @param sourceName how error messages name the data, e.g. a file path or a URL
   * @param priceSource what the {@code gen_ai.l9.cost.price_source} of the costs it prices starts
   *     with, a short and stable name such as {@code genai-prices}
   * @param dataTime how current the data is, or null when unknown; its UTC date ends every price
   *     source
   * @throws IllegalArgumentException when the data is malformed; the message names the source and
   *     the entry
   */
  public static PriceCatalog parse(
      InputStream in, String sourceName, String priceSource, Instant dataTime) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(sourceName, "sourceName");
    Objects.requireNonNull(priceSource, "priceSource");
    return new PriceCatalog(sourceName, priceSource, dataTime, CatalogParser.parse(in, sourceName));
  }

  /**
   * A catalog of genai-prices data in the compact form of {@link CompactCatalog}: its index is read
   * when the catalog is first used (a lookup, a provider check, its model count), each provider's
   * models when a lookup first needs them. Building a calculator or a processor therefore reads no
   * price data: a cold JVM pays for it with its first priced call, and an application under the
   * Java agent does not pay for it before {@code main}.
   *
   * @param open opens a file of the compact form by name, giving null when there is none; null for
   *     the library's own resources
   * @param sourceName how error messages name the data (the file names follow it)
   * @param dataTime how current the data is
   */
  static PriceCatalog compact(
      Function<String, InputStream> open, String sourceName, Instant dataTime) {
    return new PriceCatalog(
        sourceName, "genai-prices", dataTime, new CompactCatalog(open, sourceName), null);
  }

  /** The providers, in file order. */
  List<CatalogProvider> providers() {
    return index().list;
  }

  /**
   * Finds the price entry of a model.
   *
   * @param modelRef the model name as used in the request or reported in the response, e.g. {@code
   *     gpt-4o-2024-08-06}
   * @param providerHint an OpenTelemetry {@code gen_ai.provider.name} or genai-prices provider id,
   *     or null
   * @return the entry, or empty when the reference is null or blank or nothing matches
   */
  public Optional<CatalogPrice> find(String modelRef, String providerHint) {
    if (modelRef == null
        || modelRef.length() > MAX_MODEL_NAME_LENGTH
        || (providerHint != null && providerHint.length() > MAX_PROVIDER_NAME_LENGTH)) {
      return Optional.empty();
    }
    String hint = providerHint == null || providerHint.isBlank() ? "" : providerHint;
    ConcurrentHashMap<String, Optional<CatalogPrice>> byRef = resolutions.get(hint);
    if (byRef != null) {
      Optional<CatalogPrice> cached = byRef.get(modelRef);
      if (cached != null) {
        return cached;
      }
    } else {
      if (resolutions.size() >= MAX_CACHED_HINTS) {
        resolutions.clear();
      }
      ConcurrentHashMap<String, Optional<CatalogPrice>> fresh = new ConcurrentHashMap<>();
      byRef = resolutions.putIfAbsent(hint, fresh);
      if (byRef == null) {
        byRef = fresh;
      }
    }
    Optional<CatalogPrice> resolved = resolve(modelRef, hint.isEmpty() ? null : hint);
    if (byRef.size() >= MAX_CACHED_RESOLUTIONS) {
      byRef.clear();
    }
    byRef.put(modelRef, resolved);
    return resolved;
  }

  /** How this catalog's data was named when loaded: a file path, a URL, or the bundled resource. */
  public String sourceName() {
    return sourceName;
  }

  /**
   * The start of the {@code price_source} of its costs: {@code genai-prices}, {@code
   * file:prices.json}, ...
   */
  public String priceSource() {
    return priceSource;
  }

  /**
   * Whether a provider name (a {@code gen_ai.provider.name} value, a cloud spelling, a genai-prices
   * id) names one of this catalog's providers.
   */
  public boolean knowsProvider(String providerName) {
    return providerName != null
        && providerName.length() <= MAX_PROVIDER_NAME_LENGTH
        && providerNamed(providerName.trim().toLowerCase(Locale.ROOT)) != null;
  }

  /**
   * This catalog's providers whose id is not a provider id of {@code reference} (after the alias
   * mapping of {@link ProviderAliases}): the providers a caller named on their own ({@code acme},
   * say), as opposed to entries listed under a provider that genai-prices knows ({@code openai}).
   * Same source names; an empty catalog when there is none.
   */
  public PriceCatalog withoutProvidersOf(PriceCatalog reference) {
    List<CatalogProvider> all = index().list;
    Map<String, CatalogProvider> referenceIds = reference.index().byId;
    List<CatalogProvider> own = new ArrayList<>();
    for (CatalogProvider provider : all) {
      String id = ProviderAliases.toProviderId(provider.id().toLowerCase(Locale.ROOT));
      if (!referenceIds.containsKey(id)) {
        own.add(provider);
      }
    }
    return own.size() == all.size()
        ? this
        : new PriceCatalog(sourceName, priceSource, dataTime, own);
  }

  /** The number of model entries, over all providers. */
  public int modelCount() {
    return index().modelCount;
  }

  /**
   * How current the data is: the bundled data's genai-prices commit date, a fetched file's {@code
   * Last-Modified} or fetch time; null for a user's file.
   */
  public Instant dataTime() {
    return dataTime;
  }

  /** The UTC date of {@link #dataTime()}, or null. */
  public LocalDate dataDate() {
    return dataTime == null ? null : utcDate(dataTime);
  }

  /**
   * The {@code gen_ai.l9.cost.price_source} of a cost this catalog priced: {@code <price
   * source>:<provider>/<model>}, then {@code @<data date>} when the catalog has a data time ({@code
   * genai-prices:openai/gpt-4o@2026-08-21}, {@code file:prices.json:acme/rocket-1}).
   */
  public String priceSourceOf(CatalogPrice price) {
    return priceSource + ":" + price.providerId() + "/" + price.modelId() + dataDateSuffix;
  }

  /**
   * The models ({@code provider/model}, as the file spells them) of this catalog that {@code other}
   * does not have, compared ignoring case, in file order: what replacing this catalog by {@code
   * other} would leave unpriced.
   */
  public List<String> modelsMissingFrom(PriceCatalog other) {
    Set<String> theirs = new HashSet<>(other.modelCount() * 2);
    for (CatalogProvider provider : other.providers()) {
      for (CatalogModel model : provider.models()) {
        theirs.add(key(provider.id(), model.price().modelId()));
      }
    }
    List<String> missing = new ArrayList<>();
    for (CatalogProvider provider : providers()) {
      for (CatalogModel model : provider.models()) {
        if (!theirs.contains(key(provider.id(), model.price().modelId()))) {
          missing.add(provider.id() + "/" + model.price().modelId());
        }
      }
    }
    return missing;
  }

  private static String key(String providerId, String modelId) {
    return (providerId + "/" + modelId).toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "PriceCatalog{"
        + sourceName
        + ", "
        + providers().size()
        + " providers, "
        + modelCount()
        + " models}";
  }

  private Optional<CatalogPrice> resolve(String modelRef, String providerHint) {
    String ref = modelRef.trim().toLowerCase(Locale.ROOT);
    if (ref.isEmpty()) {
      return Optional.empty();
    }
    CatalogProvider hinted = null;
    if (providerHint != null) {
      hinted = providerNamed(providerHint.trim().toLowerCase(Locale.ROOT));
      if (hinted == null) {
        // a provider the catalog does not know is never replaced by another provider's prices
        return Optional.empty();
      }
    }
    CatalogProvider prefixed = null;
    String withoutPrefix = null;
    int slash = ref.indexOf('/');
    if (slash > 0 && slash < ref.length() - 1) {
      prefixed = providerNamed(ref.substring(0, slash));
      if (prefixed != null) {
        withoutPrefix = ref.substring(slash + 1);
      }
    }
    List<String> spellings = ModelRefSpellings.of(ref, withoutPrefix);
    if (hinted != null) {
      return Optional.ofNullable(findInProvider(hinted, spellings));
    }
    if (prefixed != null) {
      // a prefix is a guess: a name the prefixed provider lists exactly wins, then a provider
      // listing the whole
      // reference exactly (google/gemini-2.0-flash-exp:free is OpenRouter's free model, not
      // Google's paid one),
      // and only then the prefixed provider's looser rules
      for (int i = 1; i < spellings.size(); i++) {
        CatalogPrice exact = prefixed.findExact(spellings.get(i));
        if (exact != null) {
          return Optional.of(exact);
        }
      }
      for (CatalogProvider provider : providers()) {
        CatalogPrice exact = provider.mayHaveExact(ref) ? provider.findExact(ref) : null;
        if (exact != null) {
          return Optional.of(exact);
        }
      }
      CatalogPrice found = findInProvider(prefixed, spellings);
      if (found != null) {
        return Optional.of(found);
      }
    }
    return Optional.ofNullable(findWithoutProvider(spellings));
  }

  /**
   * The provider a hint or reference prefix names: by exact id after alias mapping, else by
   * provider_match.
   */
  private CatalogProvider providerNamed(String lowerCaseName) {
    if (lowerCaseName.isEmpty()) {
      return null;
    }
    String id = ProviderAliases.toProviderId(lowerCaseName);
    Providers all = index();
    CatalogProvider provider = all.byId.get(id);
    if (provider != null) {
      return provider;
    }
    for (CatalogProvider candidate : all.list) {
      if (candidate.answersTo(id)) {
        return candidate;
      }
    }
    return null;
  }

  private CatalogPrice findInProvider(CatalogProvider provider, List<String> spellings) {
    for (String spelling : spellings) {
      CatalogPrice found = findInProviderAndFallbacks(provider, spelling);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private CatalogPrice findWithoutProvider(List<String> spellings) {
    List<CatalogProvider> all = providers();
    for (String spelling : spellings) {
      for (CatalogProvider provider : all) {
        if (provider.claimsModel(spelling)) {
          CatalogPrice found = findInProviderAndFallbacks(provider, spelling);
          if (found != null) {
            return found;
          }
          break;
        }
      }
      for (CatalogProvider provider : all) {
        // the filter of a provider not loaded yet spares reading the models of every provider
        CatalogPrice found =
            provider.mayHaveOwnModel(spelling) ? provider.findOwnModel(spelling) : null;
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  private CatalogPrice findInProviderAndFallbacks(CatalogProvider provider, String spelling) {
    CatalogPrice found = provider.findOwnModel(spelling);
    if (found != null) {
      return found;
    }
    for (String fallbackId : provider.fallbackProviderIds()) {
      CatalogProvider fallback = index().byId.get(fallbackId);
      if (fallback != null) {
        found = fallback.findOwnModel(spelling);
        if (found != null) {
          return found;
        }
      }
    }
    return null;
  }

  /**
   * Lazy holder of the bundled catalog, the compact form the build made of the bundled JSON: its
   * index (a few kilobytes: provider names and rules) is read when the catalog is first used, each
   * provider's models when a lookup first needs them.
   */
  private static final class BundledHolder {
    static final PriceCatalog INSTANCE =
        compact(
            null,
            "classpath:" + CompactCatalog.DIRECTORY,
            Instant.ofEpochSecond(BUNDLED_DATA_DATE.toEpochDay() * SECONDS_PER_DAY));
  }

  private static final long SECONDS_PER_DAY = 86_400L;

  /**
   * The UTC date of an instant, by day arithmetic: {@code LocalDate.ofInstant} would load the JDK's
   * time-zone rules, and this runs while a cold JVM builds its first processor.
   */
  private static LocalDate utcDate(Instant at) {
    return LocalDate.ofEpochDay(Math.floorDiv(at.getEpochSecond(), SECONDS_PER_DAY));
  }
}
