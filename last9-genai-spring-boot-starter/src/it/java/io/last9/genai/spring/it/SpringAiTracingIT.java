/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * A real embedded server and Spring AI's real OpenAI chat model against a loopback
 * OpenAI-compatible server, with the application's own tracing set-up; every assertion is on the
 * spans it exported.
 */
@SpringBootTest(
    classes = ChatTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.ai.openai.api-key=test-key",
      "spring.ai.openai.chat.options.model=gpt-4o",
      "spring.ai.openai.chat.options.stream-usage=true",
      "management.tracing.sampling.probability=1.0",
      "last9.genai.web.enabled=true",
      "last9.genai.pricing.models.gpt-4o.input=2.50",
      "last9.genai.pricing.models.gpt-4o.output=10.00",
      "last9.genai.pricing.models.gpt-4o.cache-read=1.25",
      // OpenTelemetry's starter: export only to the test's exporter
      "otel.traces.exporter=none",
      "otel.metrics.exporter=none",
      "otel.logs.exporter=none"
    })
class SpringAiTracingIT extends ChatServiceTestBase {

  static final AttributeKey<String> USER_ID = AttributeKey.stringKey("user.id");
  static final AttributeKey<Long> TURN = AttributeKey.longKey("gen_ai.conversation.turn");
  static final AttributeKey<Double> COST = AttributeKey.doubleKey("gen_ai.usage.cost_usd");
  static final AttributeKey<String> WORKFLOW_ID = AttributeKey.stringKey("workflow.id");
  static final AttributeKey<Double> WORKFLOW_COST =
      AttributeKey.doubleKey("workflow.total_cost_usd");
  static final AttributeKey<Long> WORKFLOW_LLM_CALLS = AttributeKey.longKey("workflow.llm_calls");

  static final HttpClient HTTP = HttpClient.newHttpClient();

  @Autowired ObjectProvider<MeterRegistry> meterRegistry;

  @Test
  void twoRequestsOfOneConversationAreTurnsOneAndTwoOnEverySpan() throws Exception {
    String conversation = "conv-" + UUID.randomUUID();
    post("/chat", conversation, "user-42", "What's the weather in SF?");
    post("/chat", conversation, "user-42", "Will I need an umbrella?");

    List<SpanData> exported = spans.ofConversation(conversation, ExportedSpans.serverSpans(2));
    List<SpanData> servers = ofKind(exported, SpanKind.SERVER);
    assertThat(servers).isNotEmpty();
    assertThat(servers.stream().map(s -> s.getAttributes().get(TURN)).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(1L, 2L);

    List<SpanData> chats = chatSpans(exported);
    assertThat(chats).hasSize(2);
    List<SpanData> clients = ofKind(exported, SpanKind.CLIENT);
    assertThat(clients).isNotEmpty();
    for (SpanData s : concat(servers, chats, clients)) {
      assertThat(s.getAttributes().get(USER_ID)).as(s.getName()).isEqualTo("user-42");
      assertThat(s.getAttributes().get(TURN)).as(s.getName()).isIn(1L, 2L);
    }
    // each request's spans share its server span's turn, whoever made them
    for (SpanData server : servers) {
      long turn = server.getAttributes().get(TURN);
      assertThat(exported.stream().filter(s -> s.getTraceId().equals(server.getTraceId())))
          .allSatisfy(s -> assertThat(s.getAttributes().get(TURN)).as(s.getName()).isEqualTo(turn));
    }
    for (SpanData chat : chats) {
      assertPriced(chat);
    }
  }

  @Test
  void aWorkflowInAControllerIsTheParentOfItsChatSpansAndTotalsThem() throws Exception {
    String conversation = "conv-" + UUID.randomUUID();
    post("/workflow", conversation, "user-7", "weather tomorrow");

    List<SpanData> exported = spans.ofConversation(conversation, ExportedSpans.serverSpans(1));
    SpanData workflow =
        exported.stream()
            .filter(s -> s.getName().equals("invoke_workflow support"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no workflow span in " + names(exported)));
    List<SpanData> chats = chatSpans(exported);
    assertThat(chats).hasSize(2);
    for (SpanData chat : chats) {
      assertPriced(chat);
      assertThat(chat.getAttributes().get(WORKFLOW_ID))
          .isEqualTo(workflow.getAttributes().get(WORKFLOW_ID));
      assertThat(isDescendant(chat, workflow, exported))
          .as("chat span under the workflow span")
          .isTrue();
    }
    double sum = chats.stream().mapToDouble(s -> s.getAttributes().get(COST)).sum();
    assertThat(workflow.getAttributes().get(WORKFLOW_COST)).isCloseTo(sum, within(1e-12));
    assertThat(workflow.getAttributes().get(WORKFLOW_LLM_CALLS)).isEqualTo(2L);
    assertThat(workflow.getAttributes().get(COST)).isNull();
    // the workflow span sits inside the request: same turn, same user
    assertThat(workflow.getAttributes().get(TURN)).isEqualTo(1L);
    assertThat(workflow.getAttributes().get(USER_ID)).isEqualTo("user-7");
  }

  @Test
  void aStreamingCallIsPriced() throws Exception {
    String conversation = "conv-" + UUID.randomUUID();
    String answer = post("/stream", conversation, "user-9", "Stream me the forecast");
    assertThat(answer).isEqualTo("It will rain.");

    List<SpanData> exported =
        spans.ofConversation(
            conversation, s -> ExportedSpans.serverSpans(1).test(s) && !chatSpans(s).isEmpty());
    List<SpanData> chats = chatSpans(exported);
    assertThat(chats).hasSize(1);
    assertPriced(chats.get(0));
    assertThat(chats.get(0).getAttributes().get(TURN)).isEqualTo(1L);
  }

  @Test
  void aChatMemoryConversationIdIsTheConversationId() throws Exception {
    post("/memory", null, null, "Remember my name is Ada");
    List<SpanData> exported =
        spans.ofConversation("memory-conversation-7", s -> !chatSpans(s).isEmpty());
    List<SpanData> chats = chatSpans(exported);
    assertThat(chats).isNotEmpty();
    assertThat(chats.get(0).getAttributes().get(TURN)).isNotNull();
    assertPriced(chats.get(0));
  }

  @Test
  void anObservedMethodReturningMonoEndsItsSpanWhenTheMonoCompletes() throws Exception {
    String conversation = "conv-" + UUID.randomUUID();
    assertThat(post("/forecast", conversation, "user-3", "Paris")).isEqualTo("Rain in Paris");

    List<SpanData> exported = spans.ofConversation(conversation, ExportedSpans.serverSpans(1));
    SpanData observed =
        exported.stream()
            .filter(s -> s.getName().equals("forecast_pipeline"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no observed span in " + names(exported)));
    // the output is the Mono's value, which exists only once the Mono completed: the span ended
    // then, not when
    // the method returned
    assertThat(observed.getEvents())
        .filteredOn(e -> e.getName().equals("gen_ai.content.completion"))
        .singleElement()
        .satisfies(
            e ->
                assertThat(e.getAttributes().get(AttributeKey.stringKey("gen_ai.completion")))
                    .isEqualTo("Rain in Paris"));
    assertThat(observed.getAttributes().get(AttributeKey.stringKey("gen_ai.l9.span.kind")))
        .isEqualTo("chain");
    assertThat(observed.getAttributes().get(TURN)).isEqualTo(1L);
    SpanData server = ofKind(exported, SpanKind.SERVER).get(0);
    assertThat(observed.getTraceId()).isEqualTo(server.getTraceId());
    assertThat(observed.getEndEpochNanos()).isLessThanOrEqualTo(server.getEndEpochNanos());
  }

  @Test
  void aConversationOpenedInAnAsyncMethodReachesItsChatSpans() throws Exception {
    String conversation = "async-" + UUID.randomUUID();
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/summarize"))
                .header("X-Summary-Conversation", conversation)
                .POST(HttpRequest.BodyPublishers.ofString("a long support thread"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    List<SpanData> chats =
        chatSpans(spans.ofConversation(conversation, s -> !chatSpans(s).isEmpty()));
    assertThat(chats).hasSize(1);
    assertThat(chats.get(0).getAttributes().get(USER_ID)).isEqualTo("async-user");
    assertThat(chats.get(0).getAttributes().get(TURN)).isEqualTo(1L);
    assertPriced(chats.get(0));
  }

  @Test
  void theCostMetricGoesToTheApplicationsMeterRegistry() throws Exception {
    MeterRegistry registry = meterRegistry.getIfAvailable();
    assertThat(registry).as("the application has a MeterRegistry").isNotNull();
    double before = costCounted(registry);
    String conversation = "conv-" + UUID.randomUUID();
    post("/chat", conversation, "user-1", "How much does this cost?");
    List<SpanData> chats =
        chatSpans(spans.ofConversation(conversation, s -> !chatSpans(s).isEmpty()));
    assertThat(chats).hasSize(1);
    assertThat(costCounted(registry) - before)
        .isCloseTo(chats.get(0).getAttributes().get(COST), within(1e-12));
    assertThat(registry.find("gen_ai.client.cost").tag("gen_ai.response.model", "gpt-4o").counter())
        .isNotNull();
  }

  private static double costCounted(MeterRegistry registry) {
    return registry.find("gen_ai.client.cost").counters().stream()
        .mapToDouble(c -> c.count())
        .sum();
  }

  /**
   * The span's cost is the formula applied to its own token counts, at the configured gpt-4o
   * prices.
   */
  static void assertPriced(SpanData span) {
    Double cost = span.getAttributes().get(COST);
    assertThat(cost).as("cost on " + span.getName() + " " + span.getAttributes()).isNotNull();
    double input = number(span, "gen_ai.usage.input_tokens");
    double output = number(span, "gen_ai.usage.output_tokens");
    assertThat(output).isEqualTo(FakeOpenAiServer.COMPLETION_TOKENS);
    assertThat(cost)
        .isCloseTo((input * 2.50 + output * 10.00) / 1_000_000, within(1e-12))
        .isPositive();
  }

  /** A numeric attribute however the instrumentation wrote it (Micrometer writes strings). */
  static double number(SpanData span, String key) {
    Object v =
        span.getAttributes().asMap().entrySet().stream()
            .filter(e -> e.getKey().getKey().equals(key))
            .map(Map.Entry::getValue)
            .findFirst()
            .orElseThrow(() -> new AssertionError(key + " missing on " + span.getName()));
    return v instanceof Number ? ((Number) v).doubleValue() : Double.parseDouble(v.toString());
  }

  static List<SpanData> chatSpans(List<SpanData> spans) {
    return spans.stream()
        .filter(
            s ->
                s.getName().startsWith("chat ")
                    && s.getKind() != SpanKind.SERVER
                    && s.getKind() != SpanKind.CLIENT)
        .collect(Collectors.toList());
  }

  static List<SpanData> ofKind(List<SpanData> spans, SpanKind kind) {
    return spans.stream().filter(s -> s.getKind() == kind).collect(Collectors.toList());
  }

  static boolean isDescendant(SpanData span, SpanData ancestor, List<SpanData> all) {
    Map<String, SpanData> byId =
        all.stream().collect(Collectors.toMap(SpanData::getSpanId, s -> s, (a, b) -> a));
    SpanData s = span;
    for (int i = 0; i < 64 && s != null; i++) {
      if (s.getParentSpanId().equals(ancestor.getSpanId())) {
        return true;
      }
      s = byId.get(s.getParentSpanId());
    }
    return false;
  }

  @SafeVarargs
  static List<SpanData> concat(List<SpanData>... lists) {
    List<SpanData> all = new java.util.ArrayList<>();
    for (List<SpanData> l : lists) {
      all.addAll(l);
    }
    return all;
  }

  static Set<String> names(List<SpanData> spans) {
    return spans.stream()
        .map(s -> s.getName() + "(" + s.getKind() + ")")
        .collect(Collectors.toSet());
  }
}
