/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

import io.last9.genai.GenAiAttributes;
import io.last9.genai.GenAiSpanKind;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;

/**
 * Gives a GenAI span that another instrumentation made (OpenTelemetry's GenAI instrumentation,
 * Spring AI) the {@code gen_ai.l9.span.kind} this library's own spans carry, so a backend can group
 * every span by kind whoever made it. The kind comes from {@code gen_ai.operation.name} and, for
 * Spring AI's framework spans, from {@code spring.ai.kind}; a kind the span already has is kept.
 * Runs when the span ends: Spring AI writes its attributes only then.
 */
public final class SpanClassifier {

  /**
   * Spring AI's own classification ({@code chat_client}, {@code advisor}, {@code tool_call}, {@code
   * vector_store}), on its framework spans; Spring AI 1.1's tool span says {@code tool_call} here
   * and only {@code framework} in {@code gen_ai.operation.name}.
   */
  private static final AttributeKey<String> SPRING_AI_KIND =
      AttributeKey.stringKey("spring.ai.kind");

  private SpanClassifier() {}

  /**
   * Writes the span's kind when it has none and its operation names one; returns its kind (the one
   * it had or the one written), or {@code null} for a span of no known kind. {@code operation} is
   * the span's {@code gen_ai.operation.name}, read by the caller, which needs it again: a span
   * without one leaves with no lookup here.
   */
  public static GenAiSpanKind classify(ReadWriteSpan span, String operation) {
    if (operation == null) {
      return null;
    }
    String written = span.getAttribute(GenAiAttributes.L9_SPAN_KIND);
    if (written != null) {
      return GenAiSpanKind.ofValue(written);
    }
    GenAiSpanKind kind = ofOperation(operation);
    if (kind == null && "framework".equals(operation)) {
      kind = ofSpringAiKind(span.getAttribute(SPRING_AI_KIND));
    }
    if (kind != null) {
      span.setAttribute(GenAiAttributes.L9_SPAN_KIND, kind.value());
    }
    return kind;
  }

  /**
   * The kind of a span by its {@code gen_ai.operation.name}: the semantic conventions' operation
   * names, and the singular {@code embedding} Spring AI writes; null for any other or none. The one
   * table of operation names: pricing and turns ask it too.
   */
  public static GenAiSpanKind ofOperation(String operation) {
    if (operation == null) {
      return null;
    }
    switch (operation) {
      case "chat":
      case "text_completion":
      case "generate_content":
        return GenAiSpanKind.LLM;
      case "embeddings":
      case "embedding":
        return GenAiSpanKind.EMBEDDING;
      case "execute_tool":
        return GenAiSpanKind.TOOL;
      case "invoke_agent":
      case "create_agent":
        return GenAiSpanKind.AGENT;
      case "invoke_workflow":
        return GenAiSpanKind.WORKFLOW;
      default:
        return null;
    }
  }

  /**
   * True for a model inference span ({@code chat}, {@code text_completion}, {@code
   * generate_content}).
   */
  public static boolean isInferenceSpan(ReadableSpan span) {
    return ofOperation(span.getAttribute(GenAiAttributes.OPERATION_NAME)) == GenAiSpanKind.LLM;
  }

  /** True for a span that represents a call to a model: an inference or an embeddings call. */
  public static boolean isGenAiCall(ReadableSpan span) {
    GenAiSpanKind kind = ofOperation(span.getAttribute(GenAiAttributes.OPERATION_NAME));
    return kind == GenAiSpanKind.LLM || kind == GenAiSpanKind.EMBEDDING;
  }

  /**
   * Spring AI's framework spans: a tool call is a tool, a vector store query a retrieval, and the
   * chat client and its advisors the chain of steps around the model call.
   */
  private static GenAiSpanKind ofSpringAiKind(String springAiKind) {
    if (springAiKind == null) {
      return null;
    }
    switch (springAiKind) {
      case "tool_call":
        return GenAiSpanKind.TOOL;
      case "vector_store":
        return GenAiSpanKind.RETRIEVER;
      case "chat_client":
      case "advisor":
        return GenAiSpanKind.CHAIN;
      default:
        return null;
    }
  }
}
