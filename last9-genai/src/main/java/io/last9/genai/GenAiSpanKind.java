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
    if (value != null) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      for (GenAiSpanKind k : values()) {
        if (k.value.equals(v)) {
          return k;
        }
      }
    }
    throw new IllegalArgumentException(
        "unknown span kind '"
            + value
            + "'; expected one of llm, tool, chain, agent, prompt, workflow, retriever, embedding");
  }
}
