/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.quarkus.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.last9.genai.GenAiAttributes;
import io.last9.genai.redis.RedisTurnStore;
import io.last9.genai.testing.FakeOpenAI;
import io.last9.genai.testing.OpenAITokens;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Turns numbered on Redis from {@code quarkus.last9.genai.turns.redis.*}, with {@code
 * last9-genai-redis} on the class path: the application shares each conversation's counter with
 * every other replica on the same Redis and key prefix, here a {@link RedisTurnStore} the test
 * builds as another replica would.
 */
@QuarkusTest
@QuarkusTestResource(OpenAiFakeResource.class)
@QuarkusTestResource(value = RedisResource.class, restrictToAnnotatedClass = true)
@TestProfile(RedisTurnsTest.OwnPrefix.class)
class RedisTurnsTest {

  static final String PREFIX = "quarkus-it:turn:";

  /** A key prefix of the application's own, so the setting's name is checked too. */
  public static class OwnPrefix implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("quarkus.last9.genai.turns.redis.key-prefix", PREFIX);
    }
  }

  @Inject InMemorySpanExporter exporter;

  @Test
  void turnsContinueWhereAnotherReplicaLeftThemAndAfterThem() throws Exception {
    String conversation = "redis-" + UUID.randomUUID();
    try (RedisTurnStore otherReplica =
        RedisTurnStore.builder().uri(RedisResource.server.uri()).keyPrefix(PREFIX).build()) {
      // another replica served the conversation's first three turns
      for (long turn = 1; turn <= 3; turn++) {
        assertThat(otherReplica.nextTurn(conversation)).isEqualTo(turn);
      }

      for (int request = 1; request <= 2; request++) {
        OpenAiFakeResource.server.enqueue(
            FakeOpenAI.chatCompletion(
                "chatcmpl-redis-" + request,
                "gpt-4o-2024-08-06",
                "Answer " + request + ".",
                OpenAITokens.of(100, 10)));
        given()
            .header("X-Conversation-Id", conversation)
            .header("X-User-Id", "erin")
            .queryParam("memory", conversation)
            .body("Question " + request)
            .post("/chat")
            .then()
            .statusCode(200);
      }

      await()
          .atMost(Duration.ofSeconds(10))
          .untilAsserted(() -> assertThat(models(conversation)).hasSize(2));
      List<SpanData> models = models(conversation);
      assertThat(models)
          .extracting(s -> s.getAttributes().get(GenAiAttributes.CONVERSATION_TURN))
          .containsExactly(4L, 5L);
      // numbered by Redis itself, not by the store's local fallback
      assertThat(models)
          .allSatisfy(
              s -> assertThat(s.getAttributes().get(GenAiAttributes.TURN_FALLBACK)).isNull());
      // and the other replica goes on after the application's turns
      assertThat(otherReplica.nextTurn(conversation)).isEqualTo(6L);
    }
    // the application's counters live under its own prefix only
    assertThat(RedisResource.server.command("KEYS " + PREFIX + "*")).isNotEqualTo("*0");
    assertThat(RedisResource.server.command("KEYS l9:turn:*")).isEqualTo("*0");
  }

  private List<SpanData> models(String conversation) {
    return SpanCapture.exportedOnce(exporter).stream()
        .filter(s -> conversation.equals(s.getAttributes().get(GenAiAttributes.CONVERSATION_ID)))
        .filter(s -> s.getName().startsWith("completion"))
        .sorted(Comparator.comparingLong(SpanData::getStartEpochNanos))
        .collect(Collectors.toList());
  }
}
