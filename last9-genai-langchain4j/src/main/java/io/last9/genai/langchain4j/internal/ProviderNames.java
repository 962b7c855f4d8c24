/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.langchain4j.internal;

import dev.langchain4j.model.ModelProvider;
import java.util.Locale;

/**
 * Maps LangChain4j's {@link ModelProvider} to the semantic-convention {@code gen_ai.provider.name}
 * values.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class ProviderNames {

  private ProviderNames() {}

  /** The semantic-convention provider name, or {@code null} when the provider is unknown. */
  public static String of(ModelProvider provider) {
    if (provider == null) {
      return null;
    }
    switch (provider.name()) {
      case "OPEN_AI":
        return "openai";
      case "ANTHROPIC":
        return "anthropic";
      case "AZURE_OPEN_AI":
        return "azure.ai.openai";
      case "GOOGLE_AI_GEMINI":
        return "gcp.gemini";
      case "GOOGLE_VERTEX_AI_GEMINI":
        return "gcp.vertex_ai";
      case "AMAZON_BEDROCK":
        return "aws.bedrock";
      case "MISTRAL_AI":
        return "mistral_ai";
      case "OLLAMA":
        return "ollama";
      default:
        // switch on the name, not the constant: constants added in later LangChain4j versions still
        // map
        return provider.name().toLowerCase(Locale.ROOT);
    }
  }
}
