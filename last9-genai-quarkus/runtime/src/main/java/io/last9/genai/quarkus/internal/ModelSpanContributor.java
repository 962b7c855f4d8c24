/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.quarkus.internal;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import io.last9.genai.GenAiAttributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.quarkiverse.langchain4j.runtime.listeners.ChatModelSpanContributor;
import jakarta.inject.Singleton;
import java.util.Locale;

/**
 * Completes quarkus-langchain4j's model span ({@code completion <model>}) with what the GenAI
 * conventions and the price lookup need and it does not write in every release: the operation
 * ({@code gen_ai.operation.name=chat}), so the span is known as a model call (its kind, its turn,
 * its workflow's {@code workflow.llm_calls}), and the provider ({@code gen_ai.provider.name}) in
 * the conventions' spelling, so the price is looked up under the right provider. A value already on
 * the span is kept.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
@Singleton
public class ModelSpanContributor implements ChatModelSpanContributor {

  @Override
  public void onRequest(ChatModelRequestContext requestContext, Span currentSpan) {
    ReadableSpan readable = currentSpan instanceof ReadableSpan ? (ReadableSpan) currentSpan : null;
    if (readable == null) {
      return;
    }
    if (readable.getAttribute(GenAiAttributes.OPERATION_NAME) == null) {
      currentSpan.setAttribute(GenAiAttributes.OPERATION_NAME, "chat");
    }
    if (readable.getAttribute(GenAiAttributes.PROVIDER_NAME) == null
        && readable.getAttribute(GenAiAttributes.SYSTEM) == null) {
      String provider = provider(requestContext.modelProvider());
      if (provider != null) {
        currentSpan.setAttribute(GenAiAttributes.PROVIDER_NAME, provider);
      }
    }
  }

  /** LangChain4j's provider in the conventions' spelling; null when it names none. */
  static String provider(ModelProvider provider) {
    if (provider == null) {
      return null;
    }
    switch (provider.name()) {
      case "OPEN_AI":
        return "openai";
      case "AZURE_OPEN_AI":
        return "azure.ai.openai";
      case "ANTHROPIC":
        return "anthropic";
      case "AMAZON_BEDROCK":
        return "aws.bedrock";
      case "GOOGLE_AI_GEMINI":
        return "gcp.gemini";
      case "GOOGLE_VERTEX_AI_GEMINI":
      case "GOOGLE_VERTEX_AI_ANTHROPIC":
        return "gcp.vertex_ai";
      case "MISTRAL_AI":
        return "mistral_ai";
      case "WATSONX":
        return "ibm.watsonx.ai";
      case "OTHER":
        return null;
      default:
        return provider.name().toLowerCase(Locale.ROOT);
    }
  }
}
