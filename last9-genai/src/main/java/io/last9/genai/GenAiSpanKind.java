/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import java.util.Locale;

/**
 * Span classification written to {@code gen_ai.l9.span.kind}, with the semantic-convention {@code
 * gen_ai.operation.name} each kind maps to, where one exists.
 */
public enum GenAiSpanKind {
  /** A model inference call. */
  LLM("llm", "chat"),
  /** A tool or function execution. */
  TOOL("tool", "execute_tool"),
  /** A chain of steps. */
  CHAIN("chain", null),
  /** An agent invocation. */
  AGENT("agent", "invoke_agent"),
  /** Prompt construction. */
  PROMPT("prompt", null),
  /** A workflow. */
  WORKFLOW("workflow", "invoke_workflow"),
  /** A retrieval step. */
  RETRIEVER("retriever", null),
  /** An embeddings call. */
  EMBEDDING("embedding", "embeddings");

  // values() copies the array on every call
  private static final GenAiSpanKind[] VALUES = values();

  private final String value;
  private final String operationName;

  GenAiSpanKind(String value, String operationName) {
    this.value = value;
    this.operationName = operationName;
  }

  /** The attribute value, e.g. {@code llm}. */
  public String value() {
    return value;
  }

  /** The semantic-convention operation name, or {@code null} when the kind maps to none. */
  public String operationName() {
    return operationName;
  }

  /**
   * Parses a kind case-insensitively; an unknown value is rejected with a message listing the known
   * ones.
   */
  public static GenAiSpanKind fromValue(String value) {
    GenAiSpanKind kind = value == null ? null : ofValue(value.trim().toLowerCase(Locale.ROOT));
    if (kind != null) {
      return kind;
    }
    throw new IllegalArgumentException(
        "unknown span kind '"
            + value
            + "'; expected one of llm, tool, chain, agent, prompt, workflow, retriever, embedding");
  }

  /**
   * The kind whose attribute value is exactly {@code value}, or {@code null}: a kind read back from
   * a span may be any string someone wrote.
   */
  public static GenAiSpanKind ofValue(String value) {
    for (GenAiSpanKind k : VALUES) {
      if (k.value.equals(value)) {
        return k;
      }
    }
    return null;
  }
}
