/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.ModelProvider;
import org.junit.jupiter.api.Test;

class ProviderNamesTest {

  @Test
  // AZURE_OPEN_AI is deprecated in LangChain4j, but models built before it still report it
  @SuppressWarnings("deprecation")
  void langChain4jProvidersMapToSemanticConventionNames() {
    assertThat(Last9LangChain4j.providerName(ModelProvider.OPEN_AI)).isEqualTo("openai");
    assertThat(Last9LangChain4j.providerName(ModelProvider.ANTHROPIC)).isEqualTo("anthropic");
    assertThat(Last9LangChain4j.providerName(ModelProvider.AZURE_OPEN_AI))
        .isEqualTo("azure.ai.openai");
    assertThat(Last9LangChain4j.providerName(ModelProvider.GOOGLE_AI_GEMINI))
        .isEqualTo("gcp.gemini");
    assertThat(Last9LangChain4j.providerName(ModelProvider.GOOGLE_VERTEX_AI_GEMINI))
        .isEqualTo("gcp.vertex_ai");
    assertThat(Last9LangChain4j.providerName(ModelProvider.AMAZON_BEDROCK))
        .isEqualTo("aws.bedrock");
    assertThat(Last9LangChain4j.providerName(ModelProvider.MISTRAL_AI)).isEqualTo("mistral_ai");
    assertThat(Last9LangChain4j.providerName(ModelProvider.OLLAMA)).isEqualTo("ollama");
    assertThat(Last9LangChain4j.providerName(ModelProvider.COHERE)).isEqualTo("cohere");
    assertThat(Last9LangChain4j.providerName(ModelProvider.GITHUB_MODELS))
        .isEqualTo("github_models");
    assertThat(Last9LangChain4j.providerName(null)).isNull();
  }
}
