/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.quarkus.it;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.last9.genai.GenAiAttributes;
import io.last9.genai.sampling.ConversationSampler;
import io.last9.genai.sampling.CostPreservingSampler;
import io.last9.genai.testing.FakeOpenAI;
import io.last9.genai.testing.OpenAITokens;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricExporter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
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
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Conversation sampling from {@code quarkus.last9.genai.sampler.ratio}, under an application whose
 * own sampler ({@code quarkus.otel.traces.sampler=always_off}) drops every trace: a kept
 * conversation's spans are exported, every turn of it; a dropped one's are not; and every model
 * call, exported or not, is priced and counted once in the cost metric.
 */
@QuarkusTest
@QuarkusTestResource(OpenAiFakeResource.class)
@TestProfile(SamplerTest.HalfTheConversations.class)
class SamplerTest {

  private static final double RATIO = 0.5;

  /** Half the conversations, and an application sampler that keeps nothing. */
  public static class HalfTheConversations implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "quarkus.last9.genai.sampler.ratio",
          Double.toString(RATIO),
          "quarkus.otel.traces.sampler",
          "always_off");
    }
  }

  /** gpt-4o's catalog prices: USD 2.50 and 10.00 per million input and output tokens. */
  private static double gpt4o(long input, long output) {
    return (input * 2.50 + output * 10.00) / 1_000_000;
  }

  @Inject InMemorySpanExporter exporter;
  @Inject InMemoryMetricExporter metrics;
  @Inject OpenTelemetry openTelemetry;

  @Test
  void conversationsAreKeptOrDroppedWholeAndEveryCallIsCountedOnce() {
    ConversationSampler sampler = ConversationSampler.create(RATIO);
    String kept = conversation(sampler, true);
    String dropped = conversation(sampler, false);

    double spent = 0;
    for (int turn = 1; turn <= 2; turn++) {
      for (String id : List.of(kept, dropped)) {
        long input = 100L * turn + (id.equals(kept) ? 0 : 7);
        long output = 10L * turn;
        OpenAiFakeResource.server.enqueue(
            FakeOpenAI.chatCompletion(
                "chatcmpl-" + id + "-" + turn,
                "gpt-4o-2024-08-06",
                "Answer " + turn + ".",
                OpenAITokens.of(input, output)));
        given()
            .header("X-Conversation-Id", id)
            .header("X-User-Id", "dana")
            .queryParam("memory", id)
            .body("Question " + turn)
            .post("/chat")
            .then()
            .statusCode(200);
        spent += gpt4o(input, output);
      }
    }

    // kept: both turns' AI service, model and client spans, each marked with the ratio
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(models(ofConversation(kept)))
                    .as("model spans of %s among %s", kept, describe())
                    .hasSize(2));
    List<SpanData> exported = ofConversation(kept);
    assertThat(models(exported))
        .extracting(s -> s.getAttributes().get(GenAiAttributes.CONVERSATION_TURN))
        .containsExactlyInAnyOrder(1L, 2L);
    assertThat(models(exported))
        .allSatisfy(
            s -> assertThat(s.getAttributes().get(GenAiAttributes.USAGE_COST_USD)).isNotNull());
    assertThat(exported.stream().map(SpanData::getName).distinct())
        .anyMatch(n -> n.startsWith("langchain4j.aiservices."))
        .anyMatch(n -> n.startsWith("POST"));
    assertThat(exported)
        .allSatisfy(
            s ->
                assertThat(s.getAttributes().get(GenAiAttributes.SAMPLING_RATIO))
                    .as(s.getName())
                    .isEqualTo(RATIO));
    // the server span was started, and dropped by the application's sampler, before the request's
    // headers named the conversation
    assertThat(exported).noneMatch(s -> s.getKind() == SpanKind.SERVER);

    // every call counted once, the dropped conversation's too (they were recorded, not exported)
    double total = spent;
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(costMetricTotal()).isCloseTo(total, within(1e-12)));
    // dropped: nothing of it exported
    assertThat(ofConversation(dropped)).isEmpty();

    // one processor of the library in the SDK, and the sampler the settings asked for
    assertThat(TracerProviderParts.last9Processors(openTelemetry)).isEqualTo(1);
    // the conversation sampler wraps the sampler Quarkus chose (so a Sampler bean of the
    // application would be its delegate rather than replace it), and the cost of what it drops is
    // kept
    Sampler built = TracerProviderParts.of(openTelemetry).getSampler();
    assertThat(built).isInstanceOf(CostPreservingSampler.class);
    assertThat(((CostPreservingSampler) built).delegate()).isInstanceOf(ConversationSampler.class);
    assertThat(built.getDescription())
        .isEqualTo(
            "CostPreservingSampler{ConversationSampler{ratio=0.500000, delegate=AlwaysOffSampler}}");
  }

  private String describe() {
    return exporter.getFinishedSpanItems().stream()
        .map(s -> s.getName() + " " + s.getAttributes().get(GenAiAttributes.CONVERSATION_ID))
        .collect(Collectors.joining(", ", "[", "]"));
  }

  /** The exported spans of a conversation, each once ({@link SpanCapture#exportedOnce}). */
  private List<SpanData> ofConversation(String id) {
    return SpanCapture.exportedOnce(exporter).stream()
        .filter(s -> id.equals(s.getAttributes().get(GenAiAttributes.CONVERSATION_ID)))
        .collect(Collectors.toList());
  }

  private static List<SpanData> models(List<SpanData> spans) {
    return spans.stream()
        .filter(s -> s.getName().startsWith("completion"))
        .collect(Collectors.toList());
  }

  /** The largest total of {@code gen_ai.client.cost} exported so far, over its series. */
  private double costMetricTotal() {
    return metrics.getFinishedMetricItems().stream()
        .filter(m -> m.getName().equals("gen_ai.client.cost"))
        .mapToDouble(
            m ->
                m.getType() == MetricDataType.DOUBLE_SUM
                    ? m.getDoubleSumData().getPoints().stream().mapToDouble(p -> p.getValue()).sum()
                    : m.getHistogramData().getPoints().stream().mapToDouble(p -> p.getSum()).sum())
        .max()
        .orElse(0);
  }

  /** A fresh conversation id that the sampler keeps, or drops. */
  private static String conversation(ConversationSampler sampler, boolean kept) {
    String run = UUID.randomUUID().toString();
    return IntStream.range(0, 1_000)
        .mapToObj(i -> "conv-" + run + "-" + i)
        .filter(id -> sampler.isSampled(id) == kept)
        .findFirst()
        .orElseThrow();
  }
}
