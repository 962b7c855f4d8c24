/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import java.util.Map;

/**
 * Maps the provider names found on spans to genai-prices provider ids where they differ: every
 * value of the OpenTelemetry semantic conventions' {@code gen_ai.provider.name} list and of its
 * deprecated {@code gen_ai.system} list ({@code aws.bedrock} is {@code aws}, {@code az.ai.openai}
 * and {@code azure.ai.openai} are {@code azure}, {@code gcp.vertex_ai} is {@code google}, {@code
 * x_ai} is {@code x-ai}, ...), and the spellings that client libraries use for the clouds and
 * gateways (Spring AI's {@code azure-openai}, {@code bedrock_converse}, {@code vertex_ai}, {@code
 * google_genai}; LangChain4j's names). Other names are returned as given and then matched against
 * the catalog's provider ids and {@code provider_match} clauses. {@code ibm.watsonx.ai} has no
 * genai-prices provider, so spans that name it are not priced by the catalog.
 */
final class ProviderAliases {

  private static final Map<String, String> ALIASES =
      Map.ofEntries(
          // semantic conventions, current and deprecated
          Map.entry("aws.bedrock", "aws"),
          Map.entry("azure.ai.openai", "azure"),
          Map.entry("azure.ai.inference", "azure"),
          Map.entry("az.ai.openai", "azure"),
          Map.entry("az.ai.inference", "azure"),
          Map.entry("gcp.vertex_ai", "google"),
          Map.entry("gcp.gemini", "google"),
          Map.entry("gcp.gen_ai", "google"),
          Map.entry("vertex_ai", "google"),
          Map.entry("gemini", "google"),
          Map.entry("mistral_ai", "mistral"),
          Map.entry("x_ai", "x-ai"),
          Map.entry("xai", "x-ai"),
          // cloud and client-library spellings
          Map.entry("bedrock", "aws"),
          Map.entry("bedrock_converse", "aws"),
          Map.entry("amazon_bedrock", "aws"),
          Map.entry("amazon-bedrock", "aws"),
          Map.entry("azure_openai", "azure"),
          Map.entry("azure-openai", "azure"),
          Map.entry("azure.openai", "azure"),
          Map.entry("azure_ai", "azure"),
          Map.entry("vertexai", "google"),
          Map.entry("vertex", "google"),
          Map.entry("google_genai", "google"),
          Map.entry("google-genai", "google"),
          Map.entry("google_ai_studio", "google"),
          Map.entry("googleai", "google"),
          Map.entry("mistralai", "mistral"),
          Map.entry("together_ai", "together"),
          Map.entry("together-ai", "together"),
          Map.entry("togetherai", "together"),
          Map.entry("fireworks_ai", "fireworks"),
          Map.entry("fireworks-ai", "fireworks"),
          Map.entry("moonshot", "moonshotai"),
          Map.entry("zhipu", "zhipuai"),
          Map.entry("z.ai", "zai"),
          Map.entry("grok", "x-ai"));

  private ProviderAliases() {}

  /**
   * The genai-prices provider id for a provider name.
   *
   * @param lowerCaseName a trimmed, lower-cased provider name, e.g. an OpenTelemetry {@code
   *     gen_ai.provider.name}
   */
  static String toProviderId(String lowerCaseName) {
    return ALIASES.getOrDefault(lowerCaseName, lowerCaseName);
  }
}
