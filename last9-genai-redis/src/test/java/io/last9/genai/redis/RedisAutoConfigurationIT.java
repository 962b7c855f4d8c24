/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.ConversationContext;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.Observation;
import io.last9.genai.testing.Autoconfigured;
import io.last9.genai.testing.RedisServerExtension;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * From properties alone (autoconfigure, the Java agent): two "replicas" continue one count on
 * Redis.
 */
class RedisAutoConfigurationIT {

  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  private static List<Long> turns(int calls) {
    InMemorySpanExporter exported = InMemorySpanExporter.create();
    try (OpenTelemetrySdk sdk =
        Autoconfigured.build(
            Map.of(
                "otel.last9.genai.turns.redis.uri",
                redis.server().uri(),
                "otel.last9.genai.turns.redis.key-prefix",
                "it:auto:",
                "otel.last9.genai.turns.redis.timeout",
                "2s"),
            exported)) {
      for (int i = 0; i < calls; i++) {
        try (ConversationContext c = ConversationContext.builder("conv-auto").start()) {
          Observation.llm("chat").openTelemetry(sdk).run(() -> {});
        }
      }
      List<Long> turns = new ArrayList<>();
      exported
          .getFinishedSpanItems()
          .forEach(
              s -> {
                assertThat(s.getAttributes().get(GenAiAttributes.TURN_FALLBACK)).isNull();
                turns.add(s.getAttributes().get(GenAiAttributes.CONVERSATION_TURN));
              });
      return turns;
    }
  }

  @Test
  void theRedisStoreIsUsedWhenItsUriIsSet() throws Exception {
    assertThat(turns(2)).containsExactly(1L, 2L);
    assertThat(turns(1)).containsExactly(3L);
    String key = redis.server().command("KEYS it:auto:*");
    assertThat(key).isEqualTo("*1");
    assertThat(redis.server().command("CLIENT LIST"))
        .as("connections closed with the SDK")
        .isNotNull();
  }
}
