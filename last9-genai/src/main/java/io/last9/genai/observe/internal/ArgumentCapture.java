/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.observe.internal;

import io.last9.genai.GenAiAttributes;
import io.last9.genai.content.ContentField;
import io.last9.genai.content.ContentRedactor;
import io.last9.genai.internal.ContentFormatter;
import io.last9.genai.internal.Throwables;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;

/**
 * Records an observed method's arguments as {@code function.arg.<name>} attributes, as the Python
 * SDK does: numbers and booleans keep their type; other values are written as text (redacted as
 * input) when shorter than {@value #MAX_TEXT_LENGTH} characters, and left out otherwise. An
 * argument whose {@code toString()} fails is left out; the others are still recorded.
 */
final class ArgumentCapture {

  static final int MAX_TEXT_LENGTH = 1_000;

  private ArgumentCapture() {}

  static void record(Span span, String[] names, Object[] args, ContentRedactor redactor) {
    for (int i = 0; i < args.length && i < names.length; i++) {
      Object v = args[i];
      if (v == null) {
        continue;
      }
      String key = GenAiAttributes.FUNCTION_ARG_PREFIX + names[i];
      try {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
          span.setAttribute(AttributeKey.longKey(key), ((Number) v).longValue());
        } else if (v instanceof Double || v instanceof Float) {
          span.setAttribute(AttributeKey.doubleKey(key), ((Number) v).doubleValue());
        } else if (v instanceof Boolean) {
          span.setAttribute(AttributeKey.booleanKey(key), (Boolean) v);
        } else {
          String text =
              ContentFormatter.format(
                  v,
                  ContentField.of(ContentRedactor.Side.INPUT, null, null, key),
                  redactor,
                  MAX_TEXT_LENGTH);
          if (text != null && text.length() < MAX_TEXT_LENGTH) {
            span.setAttribute(AttributeKey.stringKey(key), text);
          }
        }
      } catch (Throwable t) {
        Throwables.rethrowIfFatal(t);
      }
    }
  }
}
