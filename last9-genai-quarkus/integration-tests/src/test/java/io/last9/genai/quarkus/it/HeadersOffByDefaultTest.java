/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.quarkus.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.last9.genai.GenAiAttributes;
import io.last9.genai.testing.FakeOpenAI;
import io.last9.genai.testing.OpenAITokens;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code web.enabled} at its default (off): a request's conversation headers come from outside the
 * process and are ignored, while the request is still one turn's frame and its model call priced.
 */
@QuarkusTest
@QuarkusTestResource(OpenAiFakeResource.class)
@TestProfile(HeadersOffByDefaultTest.WebUnset.class)
class HeadersOffByDefaultTest {

  /** The test application turns the headers on; blank reads as unset, so the default applies. */
  public static class WebUnset implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("quarkus.last9.genai.web.enabled", "");
    }
  }

  @Inject InMemorySpanExporter exporter;

  @Test
  void theConversationHeadersAreIgnoredAndTheModelCallIsStillPriced() {
    exporter.reset();
    OpenAiFakeResource.server.enqueue(
        FakeOpenAI.chatCompletion(
            "chatcmpl-off", "gpt-4o-2024-08-06", "Hello.", OpenAITokens.of(100, 10)));
    String traceId = UUID.randomUUID().toString().replace("-", "");
    given()
        .header("traceparent", "00-" + traceId + "-" + traceId.substring(0, 16) + "-01")
        .header("X-Conversation-Id", "forged-conversation")
        .header("X-User-Id", "forged-user")
        .body("Hi")
        .post("/chat/anonymous")
        .then()
        .statusCode(200);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> inTrace(traceId).stream().anyMatch(s -> s.getKind() == SpanKind.SERVER));
    List<SpanData> spans = inTrace(traceId);

    assertThat(spans)
        .noneMatch(s -> s.getAttributes().get(GenAiAttributes.CONVERSATION_ID) != null)
        .noneMatch(s -> s.getAttributes().get(GenAiAttributes.USER_ID) != null);
    assertThat(spans)
        .as("the model call is priced all the same")
        .anyMatch(s -> s.getAttributes().get(GenAiAttributes.USAGE_COST_USD) != null);
  }

  private List<SpanData> inTrace(String id) {
    return exporter.getFinishedSpanItems().stream()
        .filter(s -> s.getTraceId().equals(id))
        .collect(Collectors.toList());
  }
}
