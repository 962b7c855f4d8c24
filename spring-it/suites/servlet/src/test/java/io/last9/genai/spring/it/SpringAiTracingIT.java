/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.it;

import static io.last9.genai.spring.it.ChatSpans.COST;
import static io.last9.genai.spring.it.ChatSpans.TURN;
import static io.last9.genai.spring.it.ChatSpans.USER_ID;
import static io.last9.genai.spring.it.ChatSpans.WORKFLOW_COST;
import static io.last9.genai.spring.it.ChatSpans.WORKFLOW_ID;
import static io.last9.genai.spring.it.ChatSpans.WORKFLOW_LLM_CALLS;
import static io.last9.genai.spring.it.ChatSpans.assertClientSpanOfRequest;
import static io.last9.genai.spring.it.ChatSpans.assertPriced;
import static io.last9.genai.spring.it.ChatSpans.assertWorkflowOfTwoPricedCalls;
import static io.last9.genai.spring.it.ChatSpans.chatSpans;
import static io.last9.genai.spring.it.ChatSpans.concat;
import static io.last9.genai.spring.it.ChatSpans.isDescendant;
import static io.last9.genai.spring.it.ChatSpans.names;
import static io.last9.genai.spring.it.ChatSpans.number;
import static io.last9.genai.spring.it.ChatSpans.ofKind;
import static io.last9.genai.spring.it.ChatSpans.workflowSpan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.last9.genai.testing.GenAiContentSchema;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A real embedded server and Spring AI's real OpenAI chat model against a loopback
 * OpenAI-compatible server, with the application's own tracing set-up; every assertion is on the
 * spans it exported.
 */
@ChatServiceTest
class SpringAiTracingIT extends ChatServiceTestBase {

  static final AttributeKey<Long> WORKFLOW_TOOL_CALLS = AttributeKey.longKey("workflow.tool_calls");
  static final AttributeKey<String> SPAN_KIND = AttributeKey.stringKey("gen_ai.l9.span.kind");
  static final AttributeKey<String> INPUT_MESSAGES =
      AttributeKey.stringKey("gen_ai.input.messages");
  static final AttributeKey<String> OUTPUT_MESSAGES =
      AttributeKey.stringKey("gen_ai.output.messages");
  static final AttributeKey<Boolean> ENDED_AFTER_CLOSE =
      AttributeKey.booleanKey("gen_ai.l9.workflow.ended_after_close");
  static final AttributeKey<String> GEN_AI_OPERATION =
      AttributeKey.stringKey("gen_ai.operation.name");
  static final AttributeKey<String> ADVISOR_NAME = AttributeKey.stringKey("spring.ai.advisor.name");
  static final AttributeKey<String> SPRING_AI_KIND = AttributeKey.stringKey("spring.ai.kind");

  /** The bundled catalog's price of text-embedding-3-small: USD 0.02 per million input tokens. */
  static final double EMBEDDING_INPUT_PRICE = 0.02;

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
    SpanData workflow = assertWorkflowOfTwoPricedCalls(exported);
    // the workflow span sits inside the request: same turn, same user
    assertThat(workflow.getAttributes().get(TURN)).isEqualTo(1L);
    assertThat(workflow.getAttributes().get(USER_ID)).isEqualTo("user-7");
  }

  @Test
  void aStreamStillArrivingWhenItsWorkflowClosesIsMarkedOnItsChatSpan() throws Exception {
    String conversation = "conv-" + UUID.randomUUID();
    String marker = "events " + conversation;
    CountDownLatch rest = OPENAI.pauseStreamsContaining(marker);
    CompletableFuture<String> answer =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return post("/stream-events-workflow", conversation, "user-23", "Send " + marker);
              } catch (Exception e) {
                throw new CompletionException(e);
              }
            });

    // the workflow closed with the method, while the model is still answering
    SpanData workflow =
        workflowSpan(spans.ofConversation(conversation, s -> workflowSpan(s) != null));
    assertThat(workflow).isNotNull();
    assertThat(workflow.getAttributes().get(WORKFLOW_LLM_CALLS)).isZero();
    rest.countDown();
    assertThat(answer.get(30, TimeUnit.SECONDS)).contains("rain.");

    List<SpanData> exported =
        spans.ofConversation(
            conversation, s -> ExportedSpans.serverSpans(1).test(s) && !chatSpans(s).isEmpty());
    List<SpanData> chats = chatSpans(exported);
    assertThat(chats).hasSize(1);
    SpanData late = chats.get(0);
    assertPriced(late);
    assertThat(late.getAttributes().get(WORKFLOW_ID))
        .isEqualTo(workflow.getAttributes().get(WORKFLOW_ID));
    assertThat(late.getAttributes().get(ENDED_AFTER_CLOSE))
        .as("missing from the workflow span's totals, and marked so")
        .isTrue();
  }

  @Test
  void theMessagesAnInstrumentationEmitsAsLogEventsAreOnItsSpan() throws Exception {
    String conversation = "conv-" + UUID.randomUUID();
    String question = "Will it rain in " + conversation + "?";
    post("/instrumented-call", conversation, "user-24", question);

    List<SpanData> chats =
        spans.ofConversation(conversation, s -> !ofKind(s, SpanKind.CLIENT).isEmpty()).stream()
            .filter(s -> s.getName().equals("chat gpt-4o") && s.getKind() == SpanKind.CLIENT)
            .toList();
    assertThat(chats).hasSize(1);
    Attributes call = chats.get(0).getAttributes();
    assertThat(GenAiContentSchema.texts(call.get(INPUT_MESSAGES))).containsExactly(question);
    assertThat(GenAiContentSchema.texts(call.get(OUTPUT_MESSAGES)))
        .containsExactly("It will rain.");
    assertThat(call.get(COST)).as("and priced").isPositive();
  }

  @Test
  void aStreamingCallWithDefaultOptionsAsksForUsageAndIsPriced() throws Exception {
    String conversation = "conv-" + UUID.randomUUID();
    String marker = "forecast " + conversation;
    String answer = post("/stream", conversation, "user-9", "Stream me the " + marker);
    assertThat(answer).isEqualTo("It will rain.");

    List<SpanData> exported =
        spans.ofConversation(
            conversation, s -> ExportedSpans.serverSpans(1).test(s) && !chatSpans(s).isEmpty());
    List<SpanData> chats = chatSpans(exported);
    assertThat(chats).hasSize(1);
    assertPriced(chats.get(0));
    assertThat(chats.get(0).getAttributes().get(TURN)).isEqualTo(1L);
    assertThat(
            OPENAI
                .chatRequestContaining(marker)
                .json()
                .path("stream_options")
                .path("include_usage")
                .asBoolean())
        .as("the stream asked for its usage")
        .isTrue();
  }

  @Test
  void aStreamedCallsHttpClientSpanIsInTheRequestsTraceWithItsIds() throws Exception {
    String conversation = "conv-" + UUID.randomUUID();
    String marker = "client span " + conversation;
    assertThat(post("/stream", conversation, "user-15", "Stream the " + marker))
        .isEqualTo("It will rain.");

    List<SpanData> exported =
        spans.ofConversation(
            conversation, s -> ExportedSpans.serverSpans(1).test(s) && !chatSpans(s).isEmpty());
    SpanData server = ofKind(exported, SpanKind.SERVER).get(0);
    assertThat(chatSpans(exported).get(0).getTraceId()).isEqualTo(server.getTraceId());
    assertClientSpanOfRequest(spans, server, OPENAI.chatRequestContaining(marker));
  }

  @Test
  void aBlockingCallsHttpClientSpanIsInTheRequestsTraceWithItsIds() throws Exception {
    String conversation = "conv-" + UUID.randomUUID();
    String marker = "blocking client span " + conversation;
    post("/chat", conversation, "user-16", "Answer the " + marker);

    List<SpanData> exported =
        spans.ofConversation(
            conversation, s -> ExportedSpans.serverSpans(1).test(s) && !chatSpans(s).isEmpty());
    SpanData server = ofKind(exported, SpanKind.SERVER).get(0);
    assertClientSpanOfRequest(spans, server, OPENAI.chatRequestContaining(marker));
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
    SpanData observed = named(exported, "forecast_pipeline");
    // the output is the Mono's value, which exists only once the Mono completed: the span ended
    // then, not when
    // the method returned
    GenAiContentSchema.assertValid(observed);
    assertThat(GenAiContentSchema.texts(observed, GenAiContentSchema.OUTPUT_MESSAGES))
        .containsExactly("Rain in Paris");
    assertThat(observed.getAttributes().get(SPAN_KIND)).isEqualTo("chain");
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

  @Test
  void anEmbeddingCallCarriesTheConversationAndTurnAndIsPricedFromTheCatalog() throws Exception {
    String conversation = "conv-" + UUID.randomUUID();
    String text = "Umbrella policy for rainy days";
    assertThat(post("/embed", conversation, "user-5", text))
        .isEqualTo(Integer.toString(FakeOpenAiServer.EMBEDDING_DIMENSIONS));

    List<SpanData> exported =
        spans.ofConversation(
            conversation,
            s -> ExportedSpans.serverSpans(1).test(s) && !embeddingSpans(s).isEmpty());
    List<SpanData> embeddings = embeddingSpans(exported);
    assertThat(embeddings).as(names(exported).toString()).hasSize(1);
    SpanData embedding = embeddings.get(0);
    assertThat(embedding.getAttributes().get(USER_ID)).isEqualTo("user-5");
    assertThat(embedding.getAttributes().get(TURN)).isEqualTo(1L);
    assertThat(embedding.getAttributes().get(SPAN_KIND)).isEqualTo("embedding");
    double input = number(embedding, "gen_ai.usage.input_tokens");
    assertThat(input).isPositive();
    assertThat(embedding.getAttributes().get(COST))
        .as("cost on " + embedding.getAttributes())
        .isNotNull()
        .isCloseTo(input * EMBEDDING_INPUT_PRICE / 1_000_000, within(1e-12));
    // the server reported what it was sent: the span's count is the response's, not an estimate
    assertThat(OPENAI.embeddingTokensSent()).contains((long) input);
  }

  @Test
  void aToolCallIsAToolSpanOfTheRequestsTurnBetweenTwoPricedChatSpans() throws Exception {
    String conversation = "conv-" + UUID.randomUUID();
    String answer = post("/tool", conversation, "user-11", "Do I need an umbrella in Paris?");
    assertThat(answer).isEqualTo("It will rain tomorrow.");

    List<SpanData> exported =
        spans.ofConversation(
            conversation, s -> ExportedSpans.serverSpans(1).test(s) && !toolSpans(s).isEmpty());
    List<SpanData> chats = chatSpans(exported);
    assertThat(chats).as(names(exported).toString()).hasSize(2);
    for (SpanData chat : chats) {
      assertPriced(chat);
      assertThat(chat.getAttributes().get(SPAN_KIND)).isEqualTo("llm");
      // each call's own tokens, not the loop's running total Spring AI 1.1 reports on the second
      assertThat(OPENAI.chatPromptTokensSent())
          .contains((long) number(chat, "gen_ai.usage.input_tokens"));
    }
    List<SpanData> tools = toolSpans(exported);
    assertThat(tools).hasSize(1);
    SpanData tool = tools.get(0);
    // Spring AI 1.1 names it "tool_call current-weather", 2.0 "execute_tool currentWeather"
    assertThat(tool.getName()).matches("(tool_call|execute_tool) .+");
    assertThat(tool.getAttributes().get(AttributeKey.stringKey("spring.ai.tool.definition.name")))
        .isEqualTo(FakeOpenAiServer.TOOL);
    assertThat(tool.getAttributes().get(SPAN_KIND)).isEqualTo("tool");
    assertThat(tool.getAttributes().get(USER_ID)).isEqualTo("user-11");
    assertThat(tool.getAttributes().get(COST)).isNull();
    SpanData server = ofKind(exported, SpanKind.SERVER).get(0);
    assertThat(server.getAttributes().get(TURN)).isEqualTo(1L);
    assertThat(tool.getAttributes().get(TURN)).isEqualTo(1L);
    assertThat(chats).allSatisfy(c -> assertThat(c.getAttributes().get(TURN)).isEqualTo(1L));
    // the tool ran between the model's two answers
    SpanData first =
        chats.get(0).getStartEpochNanos() < chats.get(1).getStartEpochNanos()
            ? chats.get(0)
            : chats.get(1);
    SpanData second = first == chats.get(0) ? chats.get(1) : chats.get(0);
    assertThat(tool.getStartEpochNanos()).isGreaterThanOrEqualTo(first.getEndEpochNanos());
    assertThat(tool.getEndEpochNanos()).isLessThanOrEqualTo(second.getStartEpochNanos());
  }

  @Test
  void theChatSpansOfAToolLoopCarryTheirMessagesInTheConventionsKeys() throws Exception {
    String conversation = "conv-" + UUID.randomUUID();
    post("/tool", conversation, "user-12", "Do I need an umbrella in Paris?");
    List<SpanData> exported =
        spans.ofConversation(
            conversation, s -> ExportedSpans.serverSpans(1).test(s) && chatSpans(s).size() == 2);
    List<SpanData> chats = new ArrayList<>(chatSpans(exported));
    chats.sort(Comparator.comparingLong(SpanData::getStartEpochNanos));
    SpanData first = chats.get(0);
    SpanData second = chats.get(1);
    assertThat(GenAiContentSchema.assertValid(first)).isEqualTo(2);
    assertThat(GenAiContentSchema.assertValid(second)).isEqualTo(2);

    String firstIn = first.getAttributes().get(GenAiContentSchema.INPUT_MESSAGES);
    assertThat(GenAiContentSchema.roles(firstIn)).containsExactly("user");
    assertThat(GenAiContentSchema.texts(firstIn))
        .containsExactly("Do I need an umbrella in Paris?");
    JsonNode firstOut =
        GenAiContentSchema.tree(first.getAttributes().get(GenAiContentSchema.OUTPUT_MESSAGES))
            .get(0);
    assertThat(firstOut.path("finish_reason").asText()).isEqualTo("tool_call");
    assertThat(firstOut.path("parts").findValuesAsText("type")).contains("tool_call");
    assertThat(firstOut.path("parts").findValuesAsText("name")).contains(FakeOpenAiServer.TOOL);

    String secondIn = second.getAttributes().get(GenAiContentSchema.INPUT_MESSAGES);
    assertThat(GenAiContentSchema.roles(secondIn)).containsExactly("user", "assistant", "tool");
    assertThat(GenAiContentSchema.tree(secondIn).get(2).path("parts").get(0).path("type").asText())
        .isEqualTo("tool_call_response");
    JsonNode secondOut =
        GenAiContentSchema.tree(second.getAttributes().get(GenAiContentSchema.OUTPUT_MESSAGES))
            .get(0);
    assertThat(secondOut.path("finish_reason").asText()).isEqualTo("stop");
    assertThat(GenAiContentSchema.texts(second, GenAiContentSchema.OUTPUT_MESSAGES))
        .containsExactly("It will rain tomorrow.");
  }

  @Test
  void aStreamedChatSpanCarriesItsSystemInstructionsQuestionAndWholeAnswer() throws Exception {
    String conversation = "conv-" + UUID.randomUUID();
    assertThat(post("/instructed-stream", conversation, "user-13", "Will it rain?"))
        .isEqualTo("It will rain.");
    List<SpanData> exported =
        spans.ofConversation(
            conversation, s -> ExportedSpans.serverSpans(1).test(s) && !chatSpans(s).isEmpty());
    SpanData chat = chatSpans(exported).get(0);
    assertThat(GenAiContentSchema.assertValid(chat)).isEqualTo(3);
    assertThat(GenAiContentSchema.texts(chat, GenAiContentSchema.SYSTEM_INSTRUCTIONS))
        .containsExactly("You answer in one sentence.");
    assertThat(GenAiContentSchema.texts(chat, GenAiContentSchema.INPUT_MESSAGES))
        .containsExactly("Will it rain?");
    assertThat(String.join("", GenAiContentSchema.texts(chat, GenAiContentSchema.OUTPUT_MESSAGES)))
        .isEqualTo("It will rain.");
    assertThat(
            GenAiContentSchema.tree(chat.getAttributes().get(GenAiContentSchema.OUTPUT_MESSAGES))
                .get(0)
                .path("finish_reason")
                .asText())
        .isEqualTo("stop");
  }

  @Test
  void aWorkflowCountsTheToolCallAndBothModelCalls() throws Exception {
    String conversation = "conv-" + UUID.randomUUID();
    post("/tool-workflow", conversation, "user-12", "Do I need an umbrella in Paris?");

    List<SpanData> exported = spans.ofConversation(conversation, ExportedSpans.serverSpans(1));
    SpanData workflow = named(exported, "invoke_workflow weather");
    List<SpanData> chats = chatSpans(exported);
    assertThat(chats).hasSize(2);
    List<SpanData> tools = toolSpans(exported);
    assertThat(tools).hasSize(1);
    for (SpanData s : concat(chats, tools)) {
      assertThat(isDescendant(s, workflow, exported))
          .as(s.getName() + " under the workflow")
          .isTrue();
      assertThat(s.getAttributes().get(WORKFLOW_ID))
          .isEqualTo(workflow.getAttributes().get(WORKFLOW_ID));
    }
    assertThat(workflow.getAttributes().get(WORKFLOW_LLM_CALLS)).isEqualTo(2L);
    assertThat(workflow.getAttributes().get(WORKFLOW_TOOL_CALLS)).isEqualTo(1L);
    double sum = chats.stream().mapToDouble(s -> s.getAttributes().get(COST)).sum();
    assertThat(workflow.getAttributes().get(WORKFLOW_COST)).isCloseTo(sum, within(1e-12));
  }

  @Test
  void advisorSpansShareTheirRequestsTurnAndASecondRequestIsTurnTwo() throws Exception {
    String conversation = "conv-" + UUID.randomUUID();
    post("/advised", conversation, "user-13", "What's the weather in Oslo?");
    post("/advised", conversation, "user-13", "And tomorrow?");

    List<SpanData> exported =
        spans.ofConversation(
            conversation,
            s -> ExportedSpans.serverSpans(2).test(s) && chatSpans(s).size() == 2 && advised(s, 2));
    assertAdvisedTurns(exported, 2, "user-13");
    for (SpanData chat : chatSpans(exported)) {
      assertPriced(chat);
    }
  }

  @Test
  void aStreamedCallThroughAnAdvisorIsOneTurnAndPriced() throws Exception {
    String conversation = "conv-" + UUID.randomUUID();
    assertThat(post("/advised-stream", conversation, "user-14", "Stream it"))
        .isEqualTo("It will rain.");

    List<SpanData> exported =
        spans.ofConversation(
            conversation,
            // a streamed call's advisor spans end when the stream completes, after the response
            s -> ExportedSpans.serverSpans(1).test(s) && !chatSpans(s).isEmpty() && advised(s, 1));
    assertAdvisedTurns(exported, 1, "user-14");
    List<SpanData> chats = chatSpans(exported);
    assertThat(chats).hasSize(1);
    assertPriced(chats.get(0));
  }

  /** True once {@code n} spans of the application's SimpleLoggerAdvisor are exported. */
  private static boolean advised(List<SpanData> spans, int n) {
    return advisorSpans(spans).stream()
            .filter(a -> "SimpleLoggerAdvisor".equals(a.getAttributes().get(ADVISOR_NAME)))
            .count()
        >= n;
  }

  /**
   * Each of {@code requests} requests' advisor spans (the application's SimpleLoggerAdvisor among
   * them) carry the conversation, {@code user} and the turn of their request, which is the turn of
   * every span of it; the requests are turns 1 to {@code requests}.
   */
  private static void assertAdvisedTurns(List<SpanData> exported, int requests, String user) {
    List<SpanData> servers = ofKind(exported, SpanKind.SERVER);
    Set<Long> turns =
        servers.stream().map(s -> s.getAttributes().get(TURN)).collect(Collectors.toSet());
    Set<Long> expected =
        java.util.stream.LongStream.rangeClosed(1, requests).boxed().collect(Collectors.toSet());
    assertThat(turns).isEqualTo(expected);
    for (SpanData server : servers) {
      long turn = server.getAttributes().get(TURN);
      List<SpanData> ofRequest =
          exported.stream()
              .filter(s -> s.getTraceId().equals(server.getTraceId()))
              .collect(Collectors.toList());
      List<SpanData> advisors = advisorSpans(ofRequest);
      assertThat(advisors)
          .as(names(ofRequest).toString())
          .anySatisfy(
              a ->
                  assertThat(a.getAttributes().get(ADVISOR_NAME)).isEqualTo("SimpleLoggerAdvisor"));
      for (SpanData s : ofRequest) {
        assertThat(s.getAttributes().get(TURN)).as(s.getName()).isEqualTo(turn);
        assertThat(s.getAttributes().get(USER_ID)).as(s.getName()).isEqualTo(user);
      }
      for (SpanData a : advisors) {
        assertThat(a.getAttributes().get(SPAN_KIND)).as(a.getName()).isEqualTo("chain");
      }
      assertThat(chatSpans(ofRequest)).hasSize(1);
    }
  }

  private static double costCounted(MeterRegistry registry) {
    return registry.find("gen_ai.client.cost").counters().stream()
        .mapToDouble(c -> c.count())
        .sum();
  }

  /** Spring AI's embedding model spans ({@code embedding text-embedding-3-small}). */
  static List<SpanData> embeddingSpans(List<SpanData> spans) {
    return spans.stream()
        .filter(s -> "embedding".equals(s.getAttributes().get(GEN_AI_OPERATION)))
        .collect(Collectors.toList());
  }

  /**
   * Spring AI's tool spans: {@code tool_call <name>} in 1.1, {@code execute_tool <name>} in 2.0.
   */
  static List<SpanData> toolSpans(List<SpanData> spans) {
    return spans.stream()
        .filter(s -> "tool_call".equals(s.getAttributes().get(SPRING_AI_KIND)))
        .collect(Collectors.toList());
  }

  static List<SpanData> advisorSpans(List<SpanData> spans) {
    return spans.stream()
        .filter(s -> "advisor".equals(s.getAttributes().get(SPRING_AI_KIND)))
        .collect(Collectors.toList());
  }

  static SpanData named(List<SpanData> spans, String name) {
    return spans.stream()
        .filter(s -> s.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no span " + name + " in " + names(spans)));
  }
}
