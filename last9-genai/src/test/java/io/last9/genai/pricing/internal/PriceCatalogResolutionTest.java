/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Model-name resolution against the bundled genai-prices data; expected ids were read from the data
 * file.
 */
class PriceCatalogResolutionTest {

  private static final PriceCatalog CATALOG = PriceCatalog.bundled();

  private static CatalogPrice find(String ref, String hint) {
    Optional<CatalogPrice> found = CATALOG.find(ref, hint);
    assertThat(found).as("%s (hint %s)", ref, hint).isPresent();
    return found.get();
  }

  @Test
  void bundledCatalogLoadsEveryModel() {
    // genai-prices' full data: 1,309 paid models (its data_slim.json) and 157 free ones
    assertThat(CATALOG.modelCount()).isEqualTo(1466);
    assertThat(CATALOG.priceSource()).isEqualTo("genai-prices");
    assertThat(CATALOG.sourceName()).isEqualTo("classpath:/io/last9/genai/pricing/compact/");
    assertThat(PriceCatalog.bundled()).isSameAs(CATALOG);
  }

  @Test
  void theBundledDataIsDatedByItsGenAiPricesCommit() throws IOException {
    assertThat(CATALOG.dataDate()).isEqualTo(PriceCatalog.BUNDLED_DATA_DATE);
    assertThat(CATALOG.priceSourceOf(find("gpt-4o", "openai")))
        .isEqualTo("genai-prices:openai/gpt-4o@" + PriceCatalog.BUNDLED_DATA_DATE);
    // the file carries no date: the one in the code must be the one the data was made from
    String readme = Files.readString(Path.of("src/main/pricing/README.md"));
    assertThat(readme)
        .contains("Current data: genai-prices commit")
        .contains("(" + PriceCatalog.BUNDLED_DATA_DATE + "), 36 providers, 1,466 models");
  }

  @Test
  void exactModelName() {
    CatalogPrice price = find("gpt-4o", null);
    assertThat(price.providerId()).isEqualTo("openai");
    assertThat(price.modelId()).isEqualTo("gpt-4o");
  }

  @Test
  void matchingIsCaseInsensitiveAndTrimmed() {
    assertThat(find("  GPT-4o ", null).modelId()).isEqualTo("gpt-4o");
    assertThat(find("gpt-4o", "  OpenAI ").providerId()).isEqualTo("openai");
  }

  @Test
  void datedSnapshotResolvesToItsModel() {
    assertThat(find("gpt-4o-2024-08-06", null).modelId()).isEqualTo("gpt-4o");
  }

  @Test
  void unknownDateSuffixIsStrippedToTheBaseModel() {
    // No entry lists these dates: the date is stripped, and only the date.
    assertThat(find("gpt-4o-2099-01-01", null).modelId()).isEqualTo("gpt-4o");
    assertThat(find("gpt-4o-mini-2099-01-01", null).modelId()).isEqualTo("gpt-4o-mini");
    assertThat(find("gpt-4o-20990101", null).modelId()).isEqualTo("gpt-4o");
  }

  @Test
  void miniIsNeverTakenForItsBigSibling() {
    assertThat(find("gpt-4o-mini", null).modelId()).isEqualTo("gpt-4o-mini");
    assertThat(find("gpt-4o-mini-2024-07-18", null).modelId()).isEqualTo("gpt-4o-mini");
    assertThat(find("gpt-4o-mini", "openai").modelId()).isEqualTo("gpt-4o-mini");
  }

  @Test
  void providerPrefixIsUsedAsHint() {
    CatalogPrice price = find("openai/gpt-4o", null);
    assertThat(price.providerId()).isEqualTo("openai");
    assertThat(price.modelId()).isEqualTo("gpt-4o");
    CatalogPrice claude = find("anthropic/claude-3-5-sonnet-latest", null);
    assertThat(claude.providerId()).isEqualTo("anthropic");
    assertThat(claude.modelId()).isEqualTo("claude-3-5-sonnet");
  }

  @Test
  void openRouterIdsKeepTheirVendorPrefix() {
    CatalogPrice price = find("openai/gpt-4o", "openrouter");
    assertThat(price.providerId()).isEqualTo("openrouter");
    assertThat(price.modelId()).isEqualTo("openai/gpt-4o");
  }

  @Test
  void anthropicDatedAndVertexSpellings() {
    for (String ref :
        new String[] {
          "claude-sonnet-4-5-20250929", "claude-sonnet-4-5@20250929", "claude-sonnet-4-5"
        }) {
      CatalogPrice price = find(ref, null);
      assertThat(price.providerId()).as(ref).isEqualTo("anthropic");
      assertThat(price.modelId()).as(ref).isEqualTo("claude-sonnet-4-5");
    }
    assertThat(find("claude-sonnet-4-5-20250929", "anthropic").modelId())
        .isEqualTo("claude-sonnet-4-5");
  }

  @Test
  void bedrockIdsResolveToTheAwsEntries() {
    CatalogPrice regional = find("anthropic.claude-3-5-sonnet-20240620-v1:0", "aws.bedrock");
    assertThat(regional.providerId()).isEqualTo("aws");
    assertThat(regional.modelId()).isEqualTo("regional.anthropic.claude-3-5-sonnet-20240620-v1:0");

    CatalogPrice crossRegion = find("us.anthropic.claude-sonnet-4-5-20250929-v1:0", "aws.bedrock");
    assertThat(crossRegion.providerId()).isEqualTo("aws");
    assertThat(crossRegion.modelId())
        .isEqualTo("regional.anthropic.claude-sonnet-4-5-20250929-v1:0");

    CatalogPrice global = find("global.anthropic.claude-sonnet-4-5-20250929-v1:0", "aws.bedrock");
    assertThat(global.modelId()).isEqualTo("global.anthropic.claude-sonnet-4-5-20250929-v1:0");
  }

  @Test
  void azureHintFallsBackToOpenAiModels() {
    CatalogPrice gpt4o = find("gpt-4o", "azure.ai.openai");
    assertThat(gpt4o.providerId()).isEqualTo("openai");
    assertThat(gpt4o.modelId()).isEqualTo("gpt-4o");
    // azure's own entry wins when it has one
    assertThat(find("o1", "azure.ai.openai").providerId()).isEqualTo("azure");
    assertThat(find("gpt-4o", "azure.ai.inference").modelId()).isEqualTo("gpt-4o");
  }

  @Test
  void otelProviderNamesAreMapped() {
    assertThat(find("grok-3", "x_ai").providerId()).isEqualTo("x-ai");
    assertThat(find("gemini-2.5-pro", "gcp.vertex_ai").providerId()).isEqualTo("google");
    assertThat(find("gemini-2.5-pro", "gcp.gemini").providerId()).isEqualTo("google");
    // provider_match: "xai" is x-ai's provider_match
    assertThat(find("grok-3", "xai").providerId()).isEqualTo("x-ai");
  }

  @Test
  void vertexHintUsesGoogleEntriesThenItsAnthropicFallback() {
    // google's own "claude-4-sonnet" entry contains-matches "claude-sonnet-4" and comes first
    assertThat(find("claude-sonnet-4-5@20250929", "gcp.vertex_ai").modelId())
        .isEqualTo("claude-4-sonnet");
    // google has no haiku-4-5 entry: found through fallback_model_providers ["anthropic"]
    CatalogPrice haiku = find("claude-haiku-4-5@20251001", "gcp.vertex_ai");
    assertThat(haiku.providerId()).isEqualTo("anthropic");
    assertThat(haiku.modelId()).isEqualTo("claude-haiku-4-5");
  }

  @Test
  void everySemanticConventionProviderNameAndCloudSpellingMapsToItsCatalogProvider() {
    java.util.Map<String, String> expected = new java.util.LinkedHashMap<>();
    // gen_ai.provider.name well-known values
    expected.put("anthropic", "anthropic");
    expected.put("aws.bedrock", "aws");
    expected.put("azure.ai.inference", "azure");
    expected.put("azure.ai.openai", "azure");
    expected.put("cohere", "cohere");
    expected.put("deepseek", "deepseek");
    expected.put("gcp.gemini", "google");
    expected.put("gcp.gen_ai", "google");
    expected.put("gcp.vertex_ai", "google");
    expected.put("groq", "groq");
    expected.put("mistral_ai", "mistral");
    expected.put("openai", "openai");
    expected.put("perplexity", "perplexity");
    expected.put("x_ai", "x-ai");
    // the deprecated gen_ai.system values
    expected.put("az.ai.inference", "azure");
    expected.put("az.ai.openai", "azure");
    expected.put("vertex_ai", "google");
    expected.put("gemini", "google");
    expected.put("xai", "x-ai");
    // cloud and client-library spellings
    expected.put("bedrock", "aws");
    expected.put("bedrock_converse", "aws");
    expected.put("azure-openai", "azure");
    expected.put("vertexai", "google");
    expected.put("google_genai", "google");
    expected.put("together_ai", "together");
    expected.put("fireworks_ai", "fireworks");
    expected.put("OpenAI", "openai");
    for (var e : expected.entrySet()) {
      assertThat(CATALOG.knowsProvider(e.getKey())).as(e.getKey()).isTrue();
      assertThat(ProviderAliases.toProviderId(e.getKey().toLowerCase(java.util.Locale.ROOT)))
          .as(e.getKey())
          .satisfiesAnyOf(
              id -> assertThat(id).isEqualTo(e.getValue()),
              id -> assertThat(CATALOG.knowsProvider(id)).isTrue());
    }
    // Azure lists no gpt-4o of its own: its fallback_model_providers (openai, anthropic) give the
    // price
    assertThat(find("gpt-4o", "az.ai.openai").providerId()).isEqualTo("openai");
    assertThat(find("us.anthropic.claude-sonnet-4-5-20250929-v1:0", "aws.bedrock").providerId())
        .isEqualTo("aws");
    assertThat(find("gemini-2.5-flash", "gcp.gen_ai").providerId()).isEqualTo("google");
  }

  @Test
  void anUnknownProviderIsNeverReplacedByAnotherProvidersPrice() {
    // gpt-4o is OpenAI's (and Azure's) model, but a span that names a provider the catalog does not
    // know gets no
    // price: the same name on another provider is a guess
    assertThat(CATALOG.find("gpt-4o", "some-unknown-provider")).isEmpty();
    assertThat(CATALOG.find("gpt-4o", "ibm.watsonx.ai")).isEmpty();
    assertThat(CATALOG.knowsProvider("some-unknown-provider")).isFalse();
    assertThat(CATALOG.knowsProvider("ibm.watsonx.ai")).isFalse();
  }

  @Test
  void knownHintIsBinding() {
    assertThat(CATALOG.find("gpt-4o", "cohere")).isEmpty();
  }

  @Test
  void embeddingResolution() {
    assertThat(find("text-embedding-3-small", "openai").providerId()).isEqualTo("openai");
    // No provider's model_match claims it, so the file-order scan finds azure's identical entry
    // first.
    CatalogPrice unhinted = find("text-embedding-3-small", null);
    assertThat(unhinted.providerId()).isEqualTo("azure");
    assertThat(unhinted.modelId()).isEqualTo("text-embedding-3-small");
  }

  @Test
  void unknownNullAndBlankReferencesAreEmpty() {
    assertThat(CATALOG.find("no-such-model-xyz", null)).isEmpty();
    assertThat(CATALOG.find("no-such-model-xyz", "openai")).isEmpty();
    assertThat(CATALOG.find(null, null)).isEmpty();
    assertThat(CATALOG.find("   ", null)).isEmpty();
    assertThat(CATALOG.find("", "openai")).isEmpty();
  }

  @Test
  void repeatedLookupsReturnTheCachedResult() {
    Optional<CatalogPrice> first = CATALOG.find("gpt-4o-2024-11-20", null);
    assertThat(CATALOG.find("gpt-4o-2024-11-20", null)).isSameAs(first);
    Optional<CatalogPrice> hinted = CATALOG.find("gpt-4o", "azure.ai.openai");
    assertThat(CATALOG.find("gpt-4o", "azure.ai.openai")).isSameAs(hinted);
    Optional<CatalogPrice> miss = CATALOG.find("no-such-model-abc", null);
    assertThat(CATALOG.find("no-such-model-abc", null)).isSameAs(miss).isEmpty();
    assertThat(first.get()).isSameAs(CATALOG.find("gpt-4o", null).get());
  }
}
