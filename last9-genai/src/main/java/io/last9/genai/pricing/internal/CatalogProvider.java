/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One provider of a pricing file: its id, the optional clauses recognising its model names ({@code
 * model_match}) and its own name ({@code provider_match}), the providers whose models it also
 * serves ({@code fallback_model_providers}) and its models in file order.
 */
final class CatalogProvider {

  private final String id;
  private final MatchClause modelMatch;
  private final MatchClause providerMatch;
  private final List<String> fallbackProviderIds;
  private final List<CatalogModel> models;

  /**
   * For each text some model matches by {@code equals} alone: the index of the first such model.
   */
  private final Map<String, Integer> firstEqualsMatch;

  /**
   * Indexes, ascending, of the models whose clause needs more than a string lookup (starts_with,
   * regex...).
   */
  private final int[] ruleModels;

  /**
   * Builds a provider.
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
    this.id = Objects.requireNonNull(id, "id");
    this.modelMatch = modelMatch;
    this.providerMatch = providerMatch;
    this.fallbackProviderIds = List.copyOf(fallbackProviderIds);
    this.models = List.copyOf(models);
    // Most model clauses (about 1,700 of 2,000 in genai-prices) are equals or an "or" of equals:
    // index them, so a
    // name never seen before costs one map lookup plus a scan of the remaining rule-based models,
    // not a scan of all.
    Map<String, Integer> equalsIndex = new HashMap<>();
    int[] rules = new int[this.models.size()];
    int ruleCount = 0;
    for (int i = 0; i < this.models.size(); i++) {
      List<String> values = equalsValues(this.models.get(i).match());
      if (values == null) {
        rules[ruleCount++] = i;
      } else {
        for (String v : values) {
          equalsIndex.putIfAbsent(v, i);
        }
      }
    }
    this.firstEqualsMatch = Map.copyOf(equalsIndex);
    this.ruleModels = java.util.Arrays.copyOf(rules, ruleCount);
  }

  /** The texts a clause accepts when it is made of equals only (alone or in an "or"); else null. */
  private static List<String> equalsValues(MatchClause clause) {
    if (clause instanceof EqualsClause e) {
      return List.of(e.value());
    }
    if (clause instanceof AnyOfClause any) {
      List<String> values = new java.util.ArrayList<>();
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

  String id() {
    return id;
  }

  List<String> fallbackProviderIds() {
    return fallbackProviderIds;
  }

  int modelCount() {
    return models.size();
  }

  /** The models, in file order. */
  List<CatalogModel> models() {
    return models;
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

  /** The model whose {@code equals} clause names exactly this reference; else null. */
  CatalogPrice findExact(String lowerCaseRef) {
    Integer byEquals = firstEqualsMatch.get(lowerCaseRef);
    return byEquals == null ? null : models.get(byEquals).price();
  }

  /**
   * The first of this provider's own models, in file order, whose match accepts the reference; else
   * null.
   */
  CatalogPrice findOwnModel(String lowerCaseRef) {
    Integer byEquals = firstEqualsMatch.get(lowerCaseRef);
    int limit = byEquals == null ? Integer.MAX_VALUE : byEquals;
    // a rule-based model before the first equals match wins: file order decides, as in genai-prices
    for (int i : ruleModels) {
      if (i > limit) {
        break;
      }
      CatalogModel model = models.get(i);
      if (model.match().matches(lowerCaseRef)) {
        return model.price();
      }
    }
    return byEquals == null ? null : models.get(byEquals).price();
  }
}
