/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.redis;

import io.last9.genai.ConversationContext;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.Last9SpanProcessor;
import io.last9.genai.observe.GenAiObservation;
import io.last9.genai.turns.TurnStore;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;

/**
 * One replica of a service: its own SDK, processor and turn store, and an exporter to read its
 * spans back.
 */
final class Replica implements AutoCloseable {

  final InMemorySpanExporter exported = InMemorySpanExporter.create();
  final OpenTelemetrySdk sdk;
  private final GenAiObservation chat;

  Replica(TurnStore turns) {
    sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(
                        Last9SpanProcessor.builder().bundledCatalog(false).turnStore(turns).build())
                    .addSpanProcessor(SimpleSpanProcessor.create(exported))
                    .build())
            .build();
    chat =
        GenAiObservation.llm("chat")
            .openTelemetry(sdk)
            .captureInput(false)
            .captureOutput(false)
            .build();
  }

  /**
   * One user message of {@code conversationId}: a request scope around an LLM call, which takes a
   * turn.
   */
  void turn(String conversationId) {
    try (ConversationContext c = ConversationContext.builder(conversationId).start()) {
      chat.run(() -> {});
    }
  }

  List<SpanData> spans() {
    return exported.getFinishedSpanItems();
  }

  static long turnOf(SpanData span) {
    return span.getAttributes().get(GenAiAttributes.CONVERSATION_TURN);
  }

  static boolean isFallback(SpanData span) {
    return Boolean.TRUE.equals(span.getAttributes().get(GenAiAttributes.TURN_FALLBACK));
  }

  /** Reads the spans, then closes the SDK (which closes the processor's turn store). */
  @Override
  public void close() {
    sdk.close();
  }
}
