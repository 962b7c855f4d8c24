/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.content.internal;

import io.last9.genai.GenAiAttributes;
import io.last9.genai.content.ContentField;
import io.last9.genai.content.ContentRedactor;
import io.opentelemetry.api.trace.Span;
import java.util.List;

/**
 * Puts captured content on a span under the semantic-convention keys, one place for the observe
 * wrapper and every client integration. Nothing is written when there is nothing to write or the
 * redactor failed.
 *
 * <p>Internal, not for public use; it may change at any time.
 */
public final class SpanContent {

  private SpanContent() {}

  /** {@code gen_ai.input.messages}. */
  public static void input(Span span, List<Message> messages, ContentRedactor r, int maxLength) {
    set(span, GenAiAttributes.INPUT_MESSAGES, ContentJson.inputMessages(messages, r, maxLength));
  }

  /** {@code gen_ai.output.messages}. */
  public static void output(Span span, List<Message> messages, ContentRedactor r, int maxLength) {
    set(span, GenAiAttributes.OUTPUT_MESSAGES, ContentJson.outputMessages(messages, r, maxLength));
  }

  /** {@code gen_ai.system_instructions}. */
  public static void systemInstructions(
      Span span, List<Part> parts, ContentRedactor r, int maxLength) {
    set(
        span,
        GenAiAttributes.SYSTEM_INSTRUCTIONS,
        ContentJson.systemInstructions(parts, r, maxLength));
  }

  /** {@code gen_ai.tool.call.arguments} of a tool span. */
  public static void toolArguments(
      Span span, Object value, boolean jsonText, ContentRedactor r, int maxLength) {
    set(
        span,
        GenAiAttributes.TOOL_CALL_ARGUMENTS,
        ContentJson.value(value, jsonText, ContentField.TOOL_ARGUMENTS, r, maxLength));
  }

  /** {@code gen_ai.tool.call.result} of a tool span. */
  public static void toolResult(
      Span span, Object value, boolean jsonText, ContentRedactor r, int maxLength) {
    set(
        span,
        GenAiAttributes.TOOL_CALL_RESULT,
        ContentJson.value(value, jsonText, ContentField.TOOL_RESULT, r, maxLength));
  }

  private static void set(
      Span span, io.opentelemetry.api.common.AttributeKey<String> key, String json) {
    if (json != null) {
      span.setAttribute(key, json);
    }
  }
}
