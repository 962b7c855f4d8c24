/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One provider of a pricing file: its id, the optional clauses recognising its model names ({@code
 * model_match}) and its own name ({@code provider_match}), the providers whose models it also
 * serves ({@code fallback_model_providers}) and its models in file order.
 *
 * <p>A provider read from a pricing file holds its models from the start. A provider of the bundled
 * catalog ({@link #lazy}) loads them on first need: until then it answers from a small filter (the
 * hashes of the names its models match exactly, and the clauses of its other models) whether a name
 * could be one of its models at all, so looking a name up in another provider's models never loads
 * this one's.
 */
final class CatalogProvider {

  private final String id;
  private final MatchClause modelMatch;
  private final MatchClause providerMatch;
  private final List<String> fallbackProviderIds;
  private final int modelCount;

  /** Reads a lazy provider's filter and models on first need; null for an eager one. */
  private final CompactCatalog source;

  /** The provider's place in {@link #source}'s index. */
  private final int sourceIndex;

  /** The models, with their indexes; null until a lazy provider has loaded them. */
  private volatile Models models;

  private CatalogProvider(
      String id,
      MatchClause modelMatch,
      MatchClause providerMatch,
      List<String> fallbackProviderIds,
      int modelCount,
      CompactCatalog source,
      int sourceIndex,
      Models models) {
    this.id = Objects.requireNonNull(id, "id");
    this.modelMatch = modelMatch;
    this.providerMatch = providerMatch;
    this.fallbackProviderIds = List.copyOf(fallbackProviderIds);
    this.modelCount = modelCount;
    this.source = source;
    this.sourceIndex = sourceIndex;
    this.models = models;
  }

  /**
   * Builds a provider that holds its models.
   *
   * @param id the provider id, already lower-cased
   * @param modelMatch null when the file gives none
   * @param providerMatch null when the file gives none
   * @param fallbackProviderIds lower-cased ids, possibly empty
   */
  CatalogProvider(
      String id,
      MatchClause modelMatch,
      MatchClause providerMatch,
      List<String> fallbackProviderIds,
      List<CatalogModel> models) {
    this(
        id,
        modelMatch,
        providerMatch,
        fallbackProviderIds,
        models.size(),
        null,
        -1,
        new Models(models));
  }

  /**
   * Builds a provider whose models are loaded on first need.
   *
   * @param modelCount how many models the source gives
   * @param source reads the provider's filter (see {@link Filter}) when a search of every provider
   *     first needs it, and its models, in file order, at most once (unless that throws)
   * @param sourceIndex the provider's place in the source's index
   */
  static CatalogProvider lazy(
      String id,
      MatchClause modelMatch,
      MatchClause providerMatch,
      List<String> fallbackProviderIds,
      int modelCount,
      CompactCatalog source,
      int sourceIndex) {
    return new CatalogProvider(
        id,
        modelMatch,
        providerMatch,
        fallbackProviderIds,
        modelCount,
        Objects.requireNonNull(source, "source"),
        sourceIndex,
        null);
  }

  String id() {
    return id;
  }

  MatchClause modelMatch() {
    return modelMatch;
  }

  MatchClause providerMatch() {
    return providerMatch;
  }

  List<String> fallbackProviderIds() {
    return fallbackProviderIds;
  }

  int modelCount() {
    return modelCount;
  }

  /** The models, in file order (loads a lazy provider's). */
  List<CatalogModel> models() {
    return loaded().list;
  }

  /** Whether the models are in memory (always, but for a lazy provider not used yet). */
  boolean isLoaded() {
    return models != null;
  }

  /**
   * Every text the models match by {@code equals} alone (alone or in an "or" of equals), in model
   * order.
   */
  List<String> equalsTexts() {
    List<String> texts = new ArrayList<>();
    for (CatalogModel model : models()) {
      List<String> values = equalsValues(model.match());
      if (values != null) {
        texts.addAll(values);
      }
    }
    return texts;
  }

  /** The clauses of the models that need more than a string lookup, in model order. */
  List<MatchClause> ruleClauses() {
    Models m = loaded();
    List<MatchClause> clauses = new ArrayList<>(m.ruleModels.length);
    for (int i : m.ruleModels) {
      clauses.add(m.list.get(i).match());
    }
    return clauses;
  }

  /**
   * Returns true when the provider's {@code model_match} accepts the lower-cased model reference.
   */
  boolean claimsModel(String lowerCaseRef) {
    return modelMatch != null && modelMatch.matches(lowerCaseRef);
  }

  /**
   * Returns true when the provider's {@code provider_match} accepts the lower-cased provider name.
   */
  boolean answersTo(String lowerCaseName) {
    return providerMatch != null && providerMatch.matches(lowerCaseName);
  }

  /**
   * False when {@link #findExact} certainly finds nothing for the reference, without loading the
   * models (true may be a hash collision).
   */
  boolean mayHaveExact(String lowerCaseRef) {
    return models != null || source.filter(sourceIndex).mayEqual(lowerCaseRef);
  }

  /**
   * False when {@link #findOwnModel} certainly finds nothing for the reference, without loading the
   * models.
   */
  boolean mayHaveOwnModel(String lowerCaseRef) {
    if (models != null) {
      return true;
    }
    Filter f = source.filter(sourceIndex);
    return f.mayEqual(lowerCaseRef) || f.mayMatchRule(lowerCaseRef);
  }

  /** The model whose {@code equals} clause names exactly this reference; else null. */
  CatalogPrice findExact(String lowerCaseRef) {
    Models m = loaded();
    Integer byEquals = m.firstEqualsMatch.get(lowerCaseRef);
    return byEquals == null ? null : m.list.get(byEquals).price();
  }

  /**
   * The first of this provider's own models, in file order, whose match accepts the reference; else
   * null.
   */
  CatalogPrice findOwnModel(String lowerCaseRef) {
    Models m = loaded();
    Integer byEquals = m.firstEqualsMatch.get(lowerCaseRef);
    int limit = byEquals == null ? Integer.MAX_VALUE : byEquals;
    // a rule-based model before the first equals match wins: file order decides, as in genai-prices
    for (int i : m.ruleModels) {
      if (i > limit) {
        break;
      }
      CatalogModel model = m.list.get(i);
      if (model.match().matches(lowerCaseRef)) {
        return model.price();
      }
    }
    return byEquals == null ? null : m.list.get(byEquals).price();
  }

  private Models loaded() {
    Models m = models;
    if (m != null) {
      return m;
    }
    synchronized (this) {
      m = models;
      if (m == null) {
        List<CatalogModel> list = source.readModels(sourceIndex, id);
        if (list.size() != modelCount) {
          throw new IllegalStateException(
              "price data of provider '"
                  + id
                  + "' has "
                  + list.size()
                  + " models, its index says "
                  + modelCount);
        }
        m = new Models(list);
        models = m;
      }
      return m;
    }
  }

  /** The texts a clause accepts when it is made of equals only (alone or in an "or"); else null. */
  private static List<String> equalsValues(MatchClause clause) {
    if (clause instanceof EqualsClause e) {
      return List.of(e.value());
    }
    if (clause instanceof AnyOfClause any) {
      List<String> values = new ArrayList<>();
      for (MatchClause c : any.clauses()) {
        List<String> inner = equalsValues(c);
        if (inner == null) {
          return null;
        }
        values.addAll(inner);
      }
      return values;
    }
    return null;
  }

  /**
   * What a lazy provider knows of its models before loading them: the sorted {@link
   * String#hashCode()}s of every text they match by {@code equals} alone, and the clauses of the
   * other models.
   */
  static final class Filter {
    private final int[] equalsHashes;
    private final MatchClause[] ruleClauses;

    Filter(int[] equalsHashes, MatchClause[] ruleClauses) {
      this.equalsHashes = equalsHashes.clone();
      Arrays.sort(this.equalsHashes);
      this.ruleClauses = ruleClauses.clone();
    }

    /** False when no model can match the reference by equals (true may be a hash collision). */
    boolean mayEqual(String lowerCaseRef) {
      return Arrays.binarySearch(equalsHashes, lowerCaseRef.hashCode()) >= 0;
    }

    boolean mayMatchRule(String lowerCaseRef) {
      for (MatchClause clause : ruleClauses) {
        if (clause.matches(lowerCaseRef)) {
          return true;
        }
      }
      return false;
    }
  }

  /** A provider's models and their indexes. */
  private static final class Models {
    final List<CatalogModel> list;

    /**
     * For each text some model matches by {@code equals} alone: the index of the first such model.
     */
    final Map<String, Integer> firstEqualsMatch;

    /**
     * Indexes, ascending, of the models whose clause needs more than a string lookup (starts_with,
     * regex...).
     */
    final int[] ruleModels;

    Models(List<CatalogModel> models) {
      this.list = List.copyOf(models);
      // Most model clauses (about 1,700 of 2,000 in genai-prices) are equals or an "or" of equals:
      // index them, so a name never seen before costs one map lookup plus a scan of the remaining
      // rule-based models, not a scan of all.
      Map<String, Integer> equalsIndex = new HashMap<>();
      int[] rules = new int[list.size()];
      int ruleCount = 0;
      for (int i = 0; i < list.size(); i++) {
        List<String> values = equalsValues(list.get(i).match());
        if (values == null) {
          rules[ruleCount++] = i;
        } else {
          for (String v : values) {
            equalsIndex.putIfAbsent(v, i);
          }
        }
      }
      this.firstEqualsMatch = Map.copyOf(equalsIndex);
      this.ruleModels = Arrays.copyOf(rules, ruleCount);
    }
  }
}
