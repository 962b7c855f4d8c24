/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.redis;

import io.last9.genai.ConversationContext;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.observe.GenAiObservation;
import io.last9.genai.testing.Autoconfigured;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Map;

/**
 * A fresh JVM that serves a few turns of one conversation, configured by the Redis URI alone
 * (autoconfigure, as under the Java agent), and prints each turn as {@code turn <n> fallback=<b>}.
 * Arguments: the Redis URI, the conversation id, the number of turns.
 */
public final class FreshProcessTurns {

  static final String TURN = "turn ";

  private FreshProcessTurns() {}

  public static void main(String[] args) {
    String uri = args[0];
    String conversation = args[1];
    int turns = Integer.parseInt(args[2]);
    InMemorySpanExporter exported = InMemorySpanExporter.create();
    try (OpenTelemetrySdk sdk =
        Autoconfigured.build(Map.of("otel.last9.genai.turns.redis.uri", uri), exported)) {
      GenAiObservation chat =
          GenAiObservation.llm("chat")
              .openTelemetry(sdk)
              .captureInput(false)
              .captureOutput(false)
              .build();
      for (int i = 0; i < turns; i++) {
        try (ConversationContext c = ConversationContext.builder(conversation).start()) {
          chat.run(() -> {});
        }
      }
      // before the SDK closes: closing the exporter clears what it holds
      for (SpanData span : exported.getFinishedSpanItems()) {
        System.out.println(
            TURN
                + span.getAttributes().get(GenAiAttributes.CONVERSATION_TURN)
                + " fallback="
                + Boolean.TRUE.equals(span.getAttributes().get(GenAiAttributes.TURN_FALLBACK)));
      }
    }
  }
}
