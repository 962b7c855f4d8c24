/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.testing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.KeyValue;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.logs.Logger;

/**
 * The per-message content log events OpenTelemetry's GenAI library instrumentations emit while a
 * model call's span is current, in the bodies they give them: for code that stands in for such an
 * instrumentation in a test. The name travels in the {@code event.name} attribute, as on SDKs
 * before log records had names of their own.
 */
public final class GenAiLogEvents {

  private static final AttributeKey<String> EVENT_NAME = AttributeKey.stringKey("event.name");

  private GenAiLogEvents() {}

  /** {@code gen_ai.user.message} with its text as {@code content}. */
  public static void userMessage(Logger events, String text) {
    events
        .logRecordBuilder()
        .setAttribute(EVENT_NAME, "gen_ai.user.message")
        .setBody(Value.of(KeyValue.of("content", Value.of(text))))
        .emit();
  }

  /**
   * {@code gen_ai.choice} as openai-java's instrumentation writes it: the reply under {@code
   * message}.
   */
  public static void openAiChoice(Logger events, String text, String finishReason) {
    choice(
        events,
        finishReason,
        KeyValue.of(
            "message",
            Value.of(
                KeyValue.of("role", Value.of("assistant")),
                KeyValue.of("content", Value.of(text)))));
  }

  /**
   * {@code gen_ai.choice} as the AWS SDK's Bedrock instrumentation writes it: the content beside
   * {@code index} and {@code finish_reason}.
   */
  public static void bedrockChoice(Logger events, String text, String finishReason) {
    choice(events, finishReason, KeyValue.of("content", Value.of(text)));
  }

  private static void choice(Logger events, String finishReason, KeyValue reply) {
    events
        .logRecordBuilder()
        .setAttribute(EVENT_NAME, "gen_ai.choice")
        .setBody(
            Value.of(
                KeyValue.of("index", Value.of(0L)),
                KeyValue.of("finish_reason", Value.of(finishReason)),
                reply))
        .emit();
  }
}
