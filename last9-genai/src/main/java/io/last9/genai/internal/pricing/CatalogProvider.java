package io.last9.genai.internal.pricing;

import java.util.List;
import java.util.Objects;

/**
 * One provider of a pricing file: its id, the optional clauses recognising its model names ({@code model_match})
 * and its own name ({@code provider_match}), the providers whose models it also serves
 * ({@code fallback_model_providers}) and its models in file order.
 */
final class CatalogProvider {

  private final String id;
  private final MatchClause modelMatch;
  private final MatchClause providerMatch;
  private final List<String> fallbackProviderIds;
  private final List<CatalogModel> models;

  /**
   * Builds a provider.
   *
   * @param id the provider id, already lower-cased
   * @param modelMatch null when the file gives none
   * @param providerMatch null when the file gives none
   * @param fallbackProviderIds lower-cased ids, possibly empty
   */
  CatalogProvider(String id, MatchClause modelMatch, MatchClause providerMatch, List<String> fallbackProviderIds,
      List<CatalogModel> models) {
    this.id = Objects.requireNonNull(id, "id");
    this.modelMatch = modelMatch;
    this.providerMatch = providerMatch;
    this.fallbackProviderIds = List.copyOf(fallbackProviderIds);
    this.models = List.copyOf(models);
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

  /** Returns true when the provider's {@code model_match} accepts the lower-cased model reference. */
  boolean claimsModel(String lowerCaseRef) {
    return modelMatch != null && modelMatch.matches(lowerCaseRef);
  }

  /** Returns true when the provider's {@code provider_match} accepts the lower-cased provider name. */
  boolean answersTo(String lowerCaseName) {
    return providerMatch != null && providerMatch.matches(lowerCaseName);
  }

  /** The first of this provider's own models, in file order, whose match accepts the reference; else null. */
  CatalogPrice findOwnModel(String lowerCaseRef) {
    for (CatalogModel model : models) {
      if (model.match().matches(lowerCaseRef)) {
        return model.price();
      }
    }
    return null;
  }
}
