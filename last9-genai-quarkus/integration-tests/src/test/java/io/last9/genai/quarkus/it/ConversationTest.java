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
import io.last9.genai.testing.FakeOpenAI;
import io.last9.genai.testing.OpenAITokens;
import io.last9.genai.testing.RecordedRequest;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricExporter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Quarkus chat service with quarkus-langchain4j and this extension, against a loopback
 * OpenAI-compatible server: the spans of each request carry its conversation, user and turn, and
 * the model spans their price from the bundled catalog.
 */
@QuarkusTest
@QuarkusTestResource(OpenAiFakeResource.class)
class ConversationTest {

  /** gpt-4o's catalog prices: USD 2.50 and 10.00 per million input and output tokens. */
  private static double gpt4o(long input, long output) {
    return (input * 2.50 + output * 10.00) / 1_000_000;
  }

  @Inject InMemorySpanExporter exporter;
  @Inject InMemoryMetricExporter metrics;
  @Inject OpenTelemetry openTelemetry;

  @BeforeEach
  void reset() {
    exporter.reset();
  }

  @Test
  void twoTurnsOfOneConversationOneWithAWorkflowAndAStreamedAnswer() {
    FakeOpenAI fake = OpenAiFakeResource.server;
    fake.enqueue(
        FakeOpenAI.chatCompletion(
            "chatcmpl-1", "gpt-4o-2024-08-06", "Paris.", OpenAITokens.of(1200, 80)));
    String first =
        given()
            .header("traceparent", newTrace())
            .header("X-Conversation-Id", "conv-42")
            .header("X-User-Id", "alice")
            .queryParam("memory", "conv-42")
            .body("What is the capital of France?")
            .post("/chat")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(first).isEqualTo("Paris.");
    List<SpanData> turn1 = trace(4);

    fake.enqueue(
        FakeOpenAI.chatCompletionStream(
            "chatcmpl-2",
            "gpt-4o-2024-08-06",
            List.of("It is ", "about ", "2.1 million."),
            OpenAITokens.of(2000, 150)));
    String second =
        given()
            .header("traceparent", newTrace())
            .header("X-Conversation-Id", "conv-42")
            .header("X-User-Id", "alice")
            .queryParam("memory", "conv-42")
            .body("And its population?")
            .post("/chat/research")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(second).isEqualTo("It is about 2.1 million.");
    assertThat(last(fake).json().path("stream_options").path("include_usage").asBoolean())
        .as("the streamed call asks for its usage")
        .isTrue();
    List<SpanData> turn2 = trace(5);

    print("turn 1", turn1);
    print("turn 2", turn2);

    // every span of each request: the server span, the AI service span, the model span, the
    // client span (and the workflow span), one conversation, one user, one turn per request
    assertIds(turn1, 1);
    assertIds(turn2, 2);

    SpanData model1 = model(turn1);
    assertThat(model1.getAttributes().get(GenAiAttributes.USAGE_COST_USD))
        .isCloseTo(gpt4o(1200, 80), within(1e-12));
    SpanData model2 = model(turn2);
    assertThat(model2.getAttributes().get(GenAiAttributes.USAGE_COST_USD))
        .isCloseTo(gpt4o(2000, 150), within(1e-12));

    SpanData workflow =
        turn2.stream()
            .filter(s -> "research-1".equals(s.getAttributes().get(GenAiAttributes.WORKFLOW_ID)))
            .filter(s -> s.getName().startsWith("invoke_workflow"))
            .findFirst()
            .orElseThrow();
    assertThat(workflow.getAttributes().get(GenAiAttributes.WORKFLOW_TOTAL_COST_USD))
        .isCloseTo(gpt4o(2000, 150), within(1e-12));
    assertThat(workflow.getAttributes().get(GenAiAttributes.WORKFLOW_LLM_CALLS)).isEqualTo(1L);
    // the cost metric, on the meter provider Quarkus built: both calls, in USD
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(costMetricTotal())
                    .isGreaterThanOrEqualTo(gpt4o(1200, 80) + gpt4o(2000, 150) - 1e-12));
    assertThat(isAncestor(workflow, model2, turn2))
        .as("the workflow is the model call's ancestor")
        .isTrue();
  }

  /**
   * One processor of the library in the SDK Quarkus built: OpenTelemetry's autoconfigure, which
   * Quarkus builds it with, also runs the core jar's own customizer, which would otherwise add a
   * second one (and count every call twice in the cost metric). And no conversation sampling at the
   * default.
   */
  @Test
  void theSdkHasOneProcessorOfTheLibraryAndNoConversationSamplerByDefault() {
    assertThat(TracerProviderParts.last9Processors(openTelemetry)).isEqualTo(1);
    assertThat(TracerProviderParts.sampler(openTelemetry))
        .startsWith("CostPreservingSampler{")
        .doesNotContain("ConversationSampler");
  }

  @Test
  void theMemoryIdIsTheConversationWhenTheRequestNamesNone() {
    FakeOpenAI fake = OpenAiFakeResource.server;
    fake.enqueue(
        FakeOpenAI.chatCompletion(
            "chatcmpl-3", "gpt-4o-2024-08-06", "Hi.", OpenAITokens.of(10, 2)));
    given()
        .header("traceparent", newTrace())
        .queryParam("memory", "memory-7")
        .body("Hello")
        .post("/chat")
        .then()
        .statusCode(200);
    List<SpanData> spans = trace(4);
    print("memory id", spans);
    for (SpanData s : spans) {
      assertThat(s.getAttributes().get(GenAiAttributes.CONVERSATION_ID))
          .as(s.getName())
          .isEqualTo("memory-7");
      assertThat(s.getAttributes().get(GenAiAttributes.CONVERSATION_TURN))
          .as(s.getName())
          .isEqualTo(1L);
    }
  }

  @Test
  void theRequestsConversationWinsOverTheMemoryId() {
    FakeOpenAI fake = OpenAiFakeResource.server;
    fake.enqueue(
        FakeOpenAI.chatCompletion(
            "chatcmpl-4", "gpt-4o-2024-08-06", "Ok.", OpenAITokens.of(10, 2)));
    given()
        .header("traceparent", newTrace())
        .header("X-Conversation-Id", "app-conv")
        .queryParam("memory", "memory-8")
        .body("Hello")
        .post("/chat")
        .then()
        .statusCode(200);
    List<SpanData> spans = trace(4);
    assertThat(spans)
        .allSatisfy(
            s ->
                assertThat(s.getAttributes().get(GenAiAttributes.CONVERSATION_ID))
                    .as(s.getName())
                    .isEqualTo("app-conv"));
  }

  @Test
  void aHeaderThatIsTooLongOrHoldsAControlCharacterIsIgnored() {
    FakeOpenAI fake = OpenAiFakeResource.server;
    fake.enqueue(
        FakeOpenAI.chatCompletion("chatcmpl-6", "gpt-4o-2024-08-06", "Ok.", OpenAITokens.of(10, 2)),
        FakeOpenAI.chatCompletion(
            "chatcmpl-7", "gpt-4o-2024-08-06", "Ok.", OpenAITokens.of(10, 2)));
    // web.max-header-length is 128 by default
    given()
        .header("traceparent", newTrace())
        .header("X-Conversation-Id", "c".repeat(129))
        .header("X-User-Id", "bob")
        .queryParam("memory", "memory-10")
        .body("Hello")
        .post("/chat")
        .then()
        .statusCode(200);
    List<SpanData> tooLong = trace(4);
    assertThat(tooLong)
        .allSatisfy(
            s -> {
              assertThat(s.getAttributes().get(GenAiAttributes.CONVERSATION_ID))
                  .as(s.getName())
                  .isEqualTo("memory-10");
              // the valid user header still names the request's user
              assertThat(s.getAttributes().get(GenAiAttributes.USER_ID))
                  .as(s.getName())
                  .isEqualTo("bob");
            });

    // a soft hyphen (an invisible format character) and a C1 control, sent as the ISO-8859-1 bytes
    // HTTP carries (an HTTP client library would refuse or replace them)
    String response =
        rawPost(
            "/chat?memory=memory-11",
            "X-Conversation-Id: conv\u00ADevil\r\nX-User-Id: eve\u0085\r\ntraceparent: "
                + newTrace()
                + "\r\n",
            "Hello");
    assertThat(response).startsWith("HTTP/1.1 200");
    List<SpanData> control = trace(4);
    assertThat(control)
        .allSatisfy(
            s -> {
              assertThat(s.getAttributes().get(GenAiAttributes.CONVERSATION_ID))
                  .as(s.getName())
                  .isEqualTo("memory-11");
              assertThat(s.getAttributes().get(GenAiAttributes.USER_ID)).as(s.getName()).isNull();
            });
  }

  @Test
  void aRequestOutsideEveryConversationHasNone() {
    FakeOpenAI fake = OpenAiFakeResource.server;
    fake.enqueue(
        FakeOpenAI.chatCompletion(
            "chatcmpl-8", "gpt-4o-2024-08-06", "Ok.", OpenAITokens.of(10, 2)));
    // no header, no memory id: nothing to bind the request to
    given()
        .header("traceparent", newTrace())
        .body("Hello")
        .post("/chat/anonymous")
        .then()
        .statusCode(200);
    List<SpanData> spans = trace(4);
    assertThat(spans)
        .allSatisfy(
            s -> {
              assertThat(s.getAttributes().get(GenAiAttributes.CONVERSATION_ID))
                  .as(s.getName())
                  .isNull();
              assertThat(s.getAttributes().get(GenAiAttributes.CONVERSATION_TURN))
                  .as(s.getName())
                  .isNull();
            });
    // still priced
    assertThat(model(spans).getAttributes().get(GenAiAttributes.USAGE_COST_USD))
        .isCloseTo(gpt4o(10, 2), within(1e-12));
  }

  @Test
  void aScopeOpenedOnTheEventLoopFollowsAMutinyHopToAWorkerThread() {
    FakeOpenAI fake = OpenAiFakeResource.server;
    fake.enqueue(
        FakeOpenAI.chatCompletion(
            "chatcmpl-9", "gpt-4o-2024-08-06", "Ok.", OpenAITokens.of(10, 2)));
    given()
        .header("traceparent", newTrace())
        .queryParam("memory", "memory-12")
        .body("Hello")
        .post("/chat/hop")
        .then()
        .statusCode(200);
    List<SpanData> spans = trace(4);
    print("hop", spans);
    // the endpoint's conversation, not the memory id, on every span: the server span (bound when
    // the conversation opened) and the spans made on the worker thread after the scope closed
    assertThat(spans)
        .allSatisfy(
            s -> {
              assertThat(s.getAttributes().get(GenAiAttributes.CONVERSATION_ID))
                  .as(s.getName())
                  .isEqualTo("hop-conversation");
              assertThat(s.getAttributes().get(GenAiAttributes.USER_ID))
                  .as(s.getName())
                  .isEqualTo("carol");
              assertThat(s.getAttributes().get(GenAiAttributes.CONVERSATION_TURN))
                  .as(s.getName())
                  .isNotNull();
            });
    assertThat(
            spans.stream()
                .map(s -> s.getAttributes().get(GenAiAttributes.CONVERSATION_TURN))
                .distinct())
        .as("one request, one turn")
        .hasSize(1);
  }

  @Test
  void aStreamReturnedToTheClientKeepsTheConversation() {
    streamed("chatcmpl-5", "memory-9", "/chat/stream");
    List<SpanData> spans = trace(3);
    print("sse", spans);
    SpanData model = model(spans);
    assertThat(model.getAttributes().get(GenAiAttributes.CONVERSATION_ID)).isEqualTo("memory-9");
    assertThat(model.getAttributes().get(GenAiAttributes.CONVERSATION_TURN)).isEqualTo(1L);
    assertThat(model.getAttributes().get(GenAiAttributes.USAGE_COST_USD))
        .isCloseTo(gpt4o(30, 4), within(1e-12));
    SpanData server = server(spans);
    assertThat(server.getAttributes().get(GenAiAttributes.CONVERSATION_ID)).isEqualTo("memory-9");
  }

  @Test
  void aStreamReturnedFromAWorkflowIsMarkedWhenItEndsAfterTheWorkflowClosed() {
    streamed("chatcmpl-6", "memory-10", "/chat/stream-workflow");
    List<SpanData> spans = trace(4);
    print("sse-workflow", spans);
    SpanData model = model(spans);
    assertThat(model.getAttributes().get(GenAiAttributes.WORKFLOW_ID)).isEqualTo("handed-on-1");
    assertThat(model.getAttributes().get(GenAiAttributes.USAGE_COST_USD))
        .isCloseTo(gpt4o(30, 4), within(1e-12));
    assertThat(model.getAttributes().get(GenAiAttributes.WORKFLOW_ENDED_AFTER_CLOSE)).isTrue();
    SpanData workflow =
        spans.stream()
            .filter(s -> s.getName().equals("invoke_workflow handed-on"))
            .findFirst()
            .orElseThrow();
    assertThat(workflow.getAttributes().get(GenAiAttributes.WORKFLOW_LLM_CALLS)).isZero();
  }

  /**
   * Posts to a streaming endpoint of memory {@code memory}, the fake streaming answer {@code id}
   * ("a", "b"; 30 and 4 tokens), and checks the client read it whole.
   */
  private void streamed(String id, String memory, String path) {
    OpenAiFakeResource.server.enqueue(
        FakeOpenAI.chatCompletionStream(
            id, "gpt-4o-2024-08-06", List.of("a", "b"), OpenAITokens.of(30, 4)));
    String body =
        given()
            .header("traceparent", newTrace())
            .queryParam("memory", memory)
            .body("Stream it")
            .post(path)
            .then()
            .statusCode(200)
            .extract()
            .asString();
    assertThat(body).contains("a").contains("b");
  }

  /** Sends a request over a plain socket, its head as ISO-8859-1 bytes; returns the response. */
  private static String rawPost(String target, String headers, String body) {
    byte[] content = body.getBytes(StandardCharsets.UTF_8);
    String head =
        "POST "
            + target
            + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
            + "Content-Type: text/plain\r\nContent-Length: "
            + content.length
            + "\r\n"
            + headers
            + "\r\n";
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), RestAssured.port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.write(content);
      out.flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static RecordedRequest last(FakeOpenAI fake) {
    List<RecordedRequest> requests = fake.requests();
    return requests.get(requests.size() - 1);
  }

  /** Every span of a request carries its conversation, user and turn. */
  private static void assertIds(List<SpanData> spans, long turn) {
    assertThat(spans)
        .allSatisfy(
            s -> {
              assertThat(s.getAttributes().get(GenAiAttributes.CONVERSATION_ID))
                  .as(s.getName())
                  .isEqualTo("conv-42");
              assertThat(s.getAttributes().get(GenAiAttributes.USER_ID))
                  .as(s.getName())
                  .isEqualTo("alice");
              assertThat(s.getAttributes().get(GenAiAttributes.CONVERSATION_TURN))
                  .as(s.getName())
                  .isEqualTo(turn);
            });
  }

  /**
   * The trace id of the last request sent: each request names a fresh trace in {@code traceparent}.
   */
  private String traceId;

  /** A W3C {@code traceparent} for a new, sampled trace, remembered as the one to read. */
  private String newTrace() {
    String id = UUID.randomUUID().toString().replace("-", "");
    traceId = id;
    return "00-" + id + "-" + id.substring(0, 16) + "-01";
  }

  /**
   * The spans of the last request's trace, once its server span and at least {@code atLeast} ended.
   */
  private List<SpanData> trace(int atLeast) {
    String id = traceId;
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              List<SpanData> spans = inTrace(id);
              return spans.size() >= atLeast
                  && spans.stream().anyMatch(s -> s.getKind() == SpanKind.SERVER);
            });
    return inTrace(id);
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

  private List<SpanData> inTrace(String id) {
    return exporter.getFinishedSpanItems().stream()
        .filter(s -> s.getTraceId().equals(id))
        .collect(Collectors.toList());
  }

  private static SpanData server(List<SpanData> spans) {
    return spans.stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
  }

  private static SpanData model(List<SpanData> spans) {
    return spans.stream()
        .filter(s -> s.getName().startsWith("completion "))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no model span in " + names(spans)));
  }

  private static boolean isAncestor(SpanData ancestor, SpanData span, List<SpanData> spans) {
    String parent = span.getParentSpanId();
    while (parent != null) {
      if (parent.equals(ancestor.getSpanId())) {
        return true;
      }
      String p = parent;
      parent =
          spans.stream()
              .filter(s -> s.getSpanId().equals(p))
              .map(SpanData::getParentSpanId)
              .findFirst()
              .orElse(null);
    }
    return false;
  }

  private static List<String> names(List<SpanData> spans) {
    return spans.stream().map(SpanData::getName).collect(Collectors.toList());
  }

  /** The spans of one request, as the README shows them. */
  private static void print(String title, List<SpanData> spans) {
    System.out.println("== " + title);
    for (SpanData s : spans) {
      System.out.printf(
          "  %-40s conversation=%s user=%s turn=%s cost=%s workflow.total=%s%n",
          s.getName(),
          s.getAttributes().get(GenAiAttributes.CONVERSATION_ID),
          s.getAttributes().get(GenAiAttributes.USER_ID),
          s.getAttributes().get(GenAiAttributes.CONVERSATION_TURN),
          s.getAttributes().get(GenAiAttributes.USAGE_COST_USD),
          s.getAttributes().get(GenAiAttributes.WORKFLOW_TOTAL_COST_USD));
    }
  }
}
