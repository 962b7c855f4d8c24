package io.last9.genai.internal.pricing;

import java.util.Map;

/**
 * Maps OpenTelemetry {@code gen_ai.provider.name} values to genai-prices provider ids where they differ
 * ({@code aws.bedrock} is {@code aws}, {@code gcp.vertex_ai} is {@code google}, ...). Other names are returned as
 * given.
 */
final class ProviderAliases {

  private static final Map<String, String> OTEL_TO_GENAI_PRICES = Map.of(
      "aws.bedrock", "aws",
      "azure.ai.openai", "azure",
      "azure.ai.inference", "azure",
      "gcp.vertex_ai", "google",
      "gcp.gemini", "google",
      "gcp.gen_ai", "google",
      "mistral_ai", "mistral",
      "x_ai", "x-ai");

  private ProviderAliases() {}

  /**
   * The genai-prices provider id for a provider name.
   *
   * @param lowerCaseName a trimmed, lower-cased provider name, e.g. an OpenTelemetry {@code gen_ai.provider.name}
   */
  static String toProviderId(String lowerCaseName) {
    return OTEL_TO_GENAI_PRICES.getOrDefault(lowerCaseName, lowerCaseName);
  }
}
