/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.ConversationContext;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.observe.GenAiObservation;
import io.last9.genai.testing.Autoconfigured;
import io.last9.genai.testing.RedisServerExtension;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.HashMap;
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
    List<Long> turns = new ArrayList<>();
    for (SpanData s : spans(Map.of("otel.last9.genai.turns.redis.key-prefix", "it:auto:"), calls)) {
      assertThat(s.getAttributes().get(GenAiAttributes.TURN_FALLBACK)).isNull();
      turns.add(s.getAttributes().get(GenAiAttributes.CONVERSATION_TURN));
    }
    return turns;
  }

  /** The spans of {@code calls} one-call turns of one conversation, configured by properties. */
  private static List<SpanData> spans(Map<String, String> properties, int calls) {
    Map<String, String> all = new HashMap<>(properties);
    all.put("otel.last9.genai.turns.redis.uri", redis.server().uri());
    all.put("otel.last9.genai.turns.redis.timeout", "2s");
    InMemorySpanExporter exported = InMemorySpanExporter.create();
    try (OpenTelemetrySdk sdk = Autoconfigured.build(all, exported)) {
      for (int i = 0; i < calls; i++) {
        try (ConversationContext c = ConversationContext.builder("conv-auto").start()) {
          GenAiObservation.llm("chat").openTelemetry(sdk).run(() -> {});
        }
      }
      return exported.getFinishedSpanItems();
    }
  }

  @Test
  void theRedisStoreIsUsedWhenItsUriIsSet() throws Exception {
    assertThat(turns(2)).containsExactly(1L, 2L);
    assertThat(turns(1)).containsExactly(3L);
    String key = redis.server().command("KEYS it:auto:" + "?".repeat(22));
    assertThat(key).isEqualTo("*1");
    assertThat(redis.server().command("CLIENT LIST"))
        .as("connections closed with the SDK")
        .isNotNull();
  }

  @Test
  void credentialsFromTheirOwnPropertiesAuthenticate() throws Exception {
    // an ACL user allowed only the keys under its prefix
    assertThat(redis.server().command("ACL SETUSER turns on >s3cret ~it:auth:* +@all"))
        .isEqualTo("+OK");
    List<SpanData> authenticated =
        spans(
            Map.of(
                "otel.last9.genai.turns.redis.key-prefix", "it:auth:",
                "otel.last9.genai.turns.redis.username", "turns",
                "otel.last9.genai.turns.redis.password", "s3cret"),
            2);
    assertThat(authenticated)
        .extracting(s -> s.getAttributes().get(GenAiAttributes.CONVERSATION_TURN))
        .containsExactly(1L, 2L);
    assertThat(authenticated)
        .allSatisfy(s -> assertThat(s.getAttributes().get(GenAiAttributes.TURN_FALLBACK)).isNull());
    assertThat(redis.server().command("KEYS it:auth:" + "?".repeat(22))).isEqualTo("*1");

    // a wrong password: Redis refuses the connection, turns are numbered locally and marked
    List<SpanData> refused =
        spans(
            Map.of(
                "otel.last9.genai.turns.redis.key-prefix", "it:auth:",
                "otel.last9.genai.turns.redis.username", "turns",
                "otel.last9.genai.turns.redis.password", "wrong"),
            1);
    assertThat(refused)
        .singleElement()
        .satisfies(s -> assertThat(s.getAttributes().get(GenAiAttributes.TURN_FALLBACK)).isTrue());
  }
}
