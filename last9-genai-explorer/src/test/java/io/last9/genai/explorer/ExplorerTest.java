/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.explorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.last9.genai.pricing.CostCalculator;
import io.last9.genai.pricing.Usage;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The explorer fed by the SDK's real OTLP/HTTP exporter (protobuf, gzip) with spans of the
 * library's own processor, and by OTLP/JSON shaped like a Python app's; asserted through the JSON
 * API and the pages.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExplorerTest {

  private Explorer explorer;
  private String base;

  @BeforeAll
  void start() {
    try {
      explorer = Explorer.start(ExplorerOptions.builder().port(0).grpcPort(0).build());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    base = explorer.url();
    SampleTraffic.send(base + "v1/traces", "gzip");
    HttpResponse<String> py =
        Http.postJson(
            base + "v1/traces",
            PythonShapedSpans.request(Instant.now().toEpochMilli() * 1_000_000L));
    assertThat(py.statusCode()).as(py.body()).isEqualTo(200);
  }

  @AfterAll
  void stop() {
    explorer.close();
  }

  @Test
  void conversationShowsItsTurnsInOrderWithMessagesTokensAndCost() {
    JsonNode c = Http.json(base + "api/conversations/" + SampleTraffic.CONVERSATION);
    JsonNode turns = c.path("turns");
    assertThat(turns).hasSize(2);

    JsonNode first = turns.get(0);
    assertThat(first.path("number").asLong()).isEqualTo(1);
    assertThat(first.path("question").asText()).contains(SampleTraffic.QUESTION_1);
    assertThat(first.path("answer").asText()).contains(SampleTraffic.ANSWER_1);
    assertThat(first.path("inputTokens").asLong()).isEqualTo(SampleTraffic.TURN_1.inputTokens());
    assertThat(first.path("outputTokens").asLong()).isEqualTo(SampleTraffic.TURN_1.outputTokens());
    assertThat(first.path("costUsd").asDouble())
        .isCloseTo(SampleTraffic.price(SampleTraffic.TURN_1), within(1e-12));
    assertThat(first.path("models").toString()).contains(SampleTraffic.MODEL);
    assertThat(first.path("pricedByExplorer").asBoolean()).isFalse();

    JsonNode second = turns.get(1);
    assertThat(second.path("number").asLong()).isEqualTo(2);
    assertThat(second.path("question").asText()).contains(SampleTraffic.QUESTION_2);
    assertThat(second.path("answer").asText()).contains(SampleTraffic.ANSWER_2);
    double turn2 =
        SampleTraffic.price(SampleTraffic.RERANK) + SampleTraffic.price(SampleTraffic.GENERATE);
    assertThat(second.path("costUsd").asDouble()).isCloseTo(turn2, within(1e-12));
    assertThat(second.path("latencyMillis").asDouble()).isPositive();
    // the turn's span tree: the workflow span, with its three steps under it
    JsonNode roots = second.path("spans");
    assertThat(roots).hasSize(1);
    assertThat(roots.get(0).path("span").path("l9Kind").asText()).isEqualTo("workflow");
    List<String> steps = new ArrayList<>();
    roots.get(0).path("children").forEach(n -> steps.add(n.path("span").path("name").asText()));
    assertThat(steps)
        .containsExactly("retrieve_documents", "rerank_documents", "generate_response");

    JsonNode summary = c.path("summary");
    assertThat(summary.path("userId").asText()).isEqualTo(SampleTraffic.USER);
    assertThat(summary.path("turns").asLong()).isEqualTo(2);
    assertThat(summary.path("costUsd").asDouble())
        .isCloseTo(SampleTraffic.price(SampleTraffic.TURN_1) + turn2, within(1e-12));
  }

  @Test
  void conversationListSearchesByIdOrUserAndSortsByCost() {
    JsonNode byUser = Http.json(base + "api/conversations?q=USER_7");
    assertThat(byUser).hasSize(1);
    assertThat(byUser.get(0).path("id").asText()).isEqualTo(SampleTraffic.CONVERSATION);
    assertThat(Http.json(base + "api/conversations?q=py-thread")).hasSize(1);
    assertThat(Http.json(base + "api/conversations?q=nobody")).isEmpty();

    JsonNode byCost = Http.json(base + "api/conversations?sort=cost");
    assertThat(byCost).hasSize(2);
    assertThat(byCost.get(0).path("costUsd").asDouble())
        .isGreaterThanOrEqualTo(byCost.get(1).path("costUsd").asDouble());
  }

  @Test
  void spanWithUsageButNoCostIsPricedByTheExplorerAndMarked() throws IOException {
    JsonNode c = Http.json(base + "api/conversations/" + PythonShapedSpans.CONVERSATION);
    double expected =
        CostCalculator.getDefault()
            .estimate("gpt-4o-mini-2024-07-18", "openai", Usage.of(5000, 1000), Instant.now())
            .orElseThrow()
            .cost()
            .totalUsd();
    JsonNode turn = c.path("turns").get(0);
    assertThat(turn.path("number").asLong()).isZero();
    assertThat(turn.path("costUsd").asDouble()).isCloseTo(expected, within(1e-12));
    assertThat(turn.path("pricedByExplorer").asBoolean()).isTrue();
    JsonNode span = turn.path("spans").get(0).path("span");
    assertThat(span.path("pricedByExplorer").asBoolean()).isTrue();
    assertThat(span.path("costSource").asText()).startsWith("genai-prices:openai/gpt-4o-mini");
    // every attribute is kept as received, as a JSON object
    JsonNode attributes = new ObjectMapper().readTree(span.path("attributes").asText());
    assertThat(attributes.path("gen_ai.usage.input_tokens").asLong()).isEqualTo(5000);
    assertThat(attributes.path("gen_ai.system").asText()).isEqualTo("openai");
    assertThat(attributes.path("gen_ai.input.messages").asText()).contains("<script>");
    assertThat(turn.path("question").asText()).isEqualTo(PythonShapedSpans.HOSTILE_PROMPT);
    assertThat(turn.path("answer").asText()).isEqualTo(PythonShapedSpans.ANSWER);
    assertThat(c.path("summary").path("pricedByExplorer").asBoolean()).isTrue();
  }

  @Test
  void workflowsByTypeWithCostFilterAndCostliestStep() {
    double rerank = SampleTraffic.price(SampleTraffic.RERANK);
    double generate = SampleTraffic.price(SampleTraffic.GENERATE);
    JsonNode runs = Http.json(base + "api/workflows");
    assertThat(runs).hasSize(1);
    JsonNode run = runs.get(0);
    assertThat(run.path("workflowId").asText()).isEqualTo("rag_001");
    assertThat(run.path("type").asText()).isEqualTo("rag");
    assertThat(run.path("conversationId").asText()).isEqualTo(SampleTraffic.CONVERSATION);
    assertThat(run.path("costUsd").asDouble()).isCloseTo(rerank + generate, within(1e-12));
    assertThat(run.path("modelCalls").asLong()).isEqualTo(2);
    assertThat(run.path("costliestStep").asText()).isEqualTo("generate_response");
    assertThat(run.path("costliestStepUsd").asDouble()).isCloseTo(generate, within(1e-12));

    double total = rerank + generate;
    assertThat(Http.json(base + "api/workflows?min=" + (total * 0.99))).hasSize(1);
    assertThat(Http.json(base + "api/workflows?min=" + (total * 1.01))).isEmpty();
    assertThat(Http.json(base + "api/workflows?type=rag")).hasSize(1);
    assertThat(Http.json(base + "api/workflows?type=agent")).isEmpty();

    JsonNode types = Http.json(base + "api/workflow-types");
    assertThat(types).hasSize(1);
    assertThat(types.get(0).path("type").asText()).isEqualTo("rag");
    assertThat(types.get(0).path("runs").asLong()).isEqualTo(1);
    assertThat(types.get(0).path("costliestStep").asText()).isEqualTo("generate_response");
  }

  @Test
  void usersAndSpendByModelAndProvider() {
    JsonNode users = Http.json(base + "api/users");
    assertThat(users).hasSize(1); // the Python conversation names no user
    assertThat(users.get(0).path("userId").asText()).isEqualTo(SampleTraffic.USER);
    assertThat(users.get(0).path("conversations").asLong()).isEqualTo(1);
    double conversation =
        Http.json(base + "api/conversations/" + SampleTraffic.CONVERSATION)
            .path("summary")
            .path("costUsd")
            .asDouble();
    assertThat(users.get(0).path("totalUsd").asDouble()).isCloseTo(conversation, within(1e-12));
    assertThat(users.get(0).path("averageUsd").asDouble()).isCloseTo(conversation, within(1e-12));

    double all = 0;
    for (JsonNode c : Http.json(base + "api/conversations")) {
      all += c.path("costUsd").asDouble();
    }
    double byModel = 0;
    List<String> models = new ArrayList<>();
    for (JsonNode p : Http.json(base + "api/spend?by=model")) {
      byModel += p.path("costUsd").asDouble();
      models.add(p.path("key").asText());
    }
    // by price entry, as the cost metric names models: the dated response models resolve to them
    assertThat(models).containsOnly("gpt-4o", "gpt-4o-mini");
    assertThat(byModel).isCloseTo(all, within(1e-12));
    JsonNode byProvider = Http.json(base + "api/spend?by=provider&bucket=day");
    assertThat(byProvider).hasSize(1);
    assertThat(byProvider.get(0).path("key").asText()).isEqualTo("openai");
    assertThat(byProvider.get(0).path("calls").asLong()).isEqualTo(4);
  }

  @Test
  void costMetricIsStoredAndComparedWithTheSpans() {
    double library =
        SampleTraffic.price(SampleTraffic.TURN_1)
            + SampleTraffic.price(SampleTraffic.RERANK)
            + SampleTraffic.price(SampleTraffic.GENERATE);
    JsonNode metric = Http.json(base + "api/spend?source=metric&by=model");
    double total = 0;
    for (JsonNode p : metric) {
      total += p.path("costUsd").asDouble();
    }
    // the processor recorded each of its three priced calls; the Python span sent no metric
    assertThat(total).isCloseTo(library, within(1e-12));
    List<String> metricModels = new ArrayList<>();
    metric.forEach(p -> metricModels.add(p.path("key").asText()));
    assertThat(metricModels).containsOnly("gpt-4o");
    JsonNode byWorkflow = Http.json(base + "api/spend?source=metric&by=workflow_type");
    List<String> types = new ArrayList<>();
    byWorkflow.forEach(p -> types.add(p.path("key").asText()));
    assertThat(types).contains("rag");
    HttpResponse<String> page = Http.get(base + "spend");
    assertThat(page.body()).contains("id=\"metric-spend\"");
  }

  @Test
  void tracesWithoutConversationStayReachable() {
    JsonNode lone = Http.json(base + "api/traces?without=conversation");
    List<String> ids = new ArrayList<>();
    lone.forEach(t -> ids.add(t.path("traceId").asText()));
    assertThat(ids).containsExactly(PythonShapedSpans.PLAIN_TRACE_ID);
    assertThat(lone.get(0).path("errors").asLong()).isEqualTo(1);
    JsonNode tree = Http.json(base + "api/traces/" + PythonShapedSpans.PLAIN_TRACE_ID);
    assertThat(tree.get(0).path("span").path("name").asText()).isEqualTo("GET /health");
    assertThat(tree.get(0).path("span").path("l9Kind").asText()).isEqualTo("http");
    HttpResponse<String> page = Http.get(base + "traces?without=conversation");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains(PythonShapedSpans.PLAIN_TRACE_ID.substring(0, 16));
  }

  @Test
  void hostileContentRendersAsText() {
    HttpResponse<String> page = Http.get(base + "conversations/" + PythonShapedSpans.CONVERSATION);
    assertThat(page.statusCode()).isEqualTo(200);
    String html = page.body();
    assertThat(html)
        .contains(
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;")
        .contains("&lt;a href=&quot;javascript:alert(2)&quot;&gt;click&lt;/a&gt;")
        .doesNotContainIgnoringCase("<script")
        .doesNotContainIgnoringCase("<img")
        .doesNotContainIgnoringCase("href=\"javascript:");
    assertThat(page.headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("default-src 'none'");
    // ids in links are encoded too
    HttpResponse<String> search = Http.get(base + "conversations?q=%3Cb%3Ex%22");
    assertThat(search.body()).contains("value=\"&lt;b&gt;x&quot;\"").doesNotContain("<b>x");
  }

  @Test
  void everyPageRenders() {
    for (String path :
        List.of(
            "conversations",
            "conversations?sort=cost",
            "conversations/" + SampleTraffic.CONVERSATION,
            "workflows",
            "workflows?type=rag&min=0.001",
            "users",
            "spend",
            "spend?by=provider&bucket=day&days=30",
            "spend?by=workflow_type",
            "traces",
            "traces/" + PythonShapedSpans.TRACE_ID)) {
      HttpResponse<String> r = Http.get(base + path);
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      assertThat(r.body()).as(path).startsWith("<!doctype html>").contains("</main>");
    }
    assertThat(Http.get(base + "conversations/unknown").statusCode()).isEqualTo(404);
    assertThat(Http.get(base + "nowhere").statusCode()).isEqualTo(404);
    assertThat(Http.get(base + "workflows?min=abc").statusCode()).isEqualTo(400);
  }

  @Test
  void malformedRequestsGet400SayingWhatIsWrongAndLoseNothing() throws IOException {
    long before = spanCount();
    String traces = base + "v1/traces";

    HttpResponse<String> protobuf =
        Http.post(traces, "application/x-protobuf", new byte[] {(byte) 0x0a, (byte) 0xff, 1, 2});
    assertThat(protobuf.statusCode()).isEqualTo(400);
    assertThat(protobuf.body()).contains("not an OTLP protobuf message");

    HttpResponse<String> notJson = Http.postJson(traces, "{\"resourceSpans\": [");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(notJson.body()).startsWith("{\"code\":3,").contains("not JSON");

    HttpResponse<String> badId =
        Http.postJson(
            traces,
            "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"zz\","
                + "\"spanId\":\"eee19b7ec3c1b174\",\"name\":\"x\"}]}]}]}");
    assertThat(badId.statusCode()).isEqualTo(400);
    assertThat(badId.body()).contains("traceId is not hex");

    HttpResponse<String> shortId =
        Http.postJson(
            traces,
            "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"abcd\","
                + "\"spanId\":\"eee19b7ec3c1b174\",\"name\":\"x\"}]}]}]}");
    assertThat(shortId.statusCode()).isEqualTo(400);
    assertThat(shortId.body()).contains("traceId must be 16 bytes, got 2");

    HttpResponse<String> badGzip =
        Http.post(
            traces,
            "application/json",
            "{}".getBytes(StandardCharsets.UTF_8),
            "Content-Encoding",
            "gzip");
    assertThat(badGzip.statusCode()).isEqualTo(400);
    assertThat(badGzip.body()).contains("not valid gzip");

    assertThat(Http.post(traces, "text/plain", new byte[1]).statusCode()).isEqualTo(415);
    assertThat(Http.get(traces).statusCode()).isEqualTo(405);

    // 16 MiB by default, before and after decompression: 20 MiB of zeros gzip to ~20 KiB
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (OutputStream gz = new GZIPOutputStream(zipped)) {
      gz.write(new byte[20 * 1024 * 1024]);
    }
    HttpResponse<String> bomb =
        Http.post(
            traces, "application/x-protobuf", zipped.toByteArray(), "Content-Encoding", "gzip");
    assertThat(bomb.statusCode()).isEqualTo(413);
    assertThat(bomb.body()).contains("decompressed body exceeds the limit of 16777216 bytes");

    assertThat(spanCount()).isEqualTo(before);
    // and the receiver still takes good batches (an empty one is valid OTLP)
    assertThat(Http.postJson(traces, "{\"resourceSpans\":[]}").statusCode()).isEqualTo(200);
    assertThat(Http.post(traces, "application/x-protobuf", new byte[0]).statusCode())
        .isEqualTo(200);
    assertThat(Http.postJson(base + "v1/metrics", "{\"resourceMetrics\":[]}").statusCode())
        .isEqualTo(200);
  }

  @Test
  void requestsNamingAnotherHostAreRefused() throws IOException {
    assertThat(rawGet("evil.example")).startsWith("HTTP/1.1 403");
    assertThat(rawGet("localhost:" + explorer.port())).startsWith("HTTP/1.1 200");
  }

  @Test
  void aTokenIsRequiredWhenGiven() throws IOException {
    try (Explorer guarded =
        Explorer.start(ExplorerOptions.builder().port(0).grpcPort(0).token("s3cret").build())) {
      String url = guarded.url() + "api/conversations";
      assertThat(Http.get(url).statusCode()).isEqualTo(401);
      assertThat(
              Http.post(guarded.url() + "v1/traces", "application/x-protobuf", new byte[0])
                  .statusCode())
          .isEqualTo(401);
      assertThat(
              Http.post(
                      guarded.url() + "v1/traces",
                      "application/x-protobuf",
                      new byte[0],
                      "Authorization",
                      "Bearer s3cret")
                  .statusCode())
          .isEqualTo(200);
      HttpResponse<String> once = Http.get(url + "?token=s3cret");
      assertThat(once.statusCode()).isEqualTo(303);
      assertThat(once.headers().firstValue("Set-Cookie").orElse("")).contains("HttpOnly");
    }
  }

  @Test
  void receivesOtlpOverGrpcAndRejectsAMalformedSpanSayingWhy() throws IOException {
    try (Explorer grpc = Explorer.start(ExplorerOptions.builder().port(0).grpcPort(0).build())) {
      SampleTraffic.send(
          OtlpGrpcSpanExporter.builder()
              .setEndpoint("http://127.0.0.1:" + grpc.grpcPort())
              .setCompression("gzip")
              .build());
      JsonNode c = Http.json(grpc.url() + "api/conversations/" + SampleTraffic.CONVERSATION);
      assertThat(c.path("turns")).hasSize(2);
      assertThat(c.path("summary").path("spans").asLong()).isEqualTo(5);

      ManagedChannel channel =
          ManagedChannelBuilder.forAddress("127.0.0.1", grpc.grpcPort()).usePlaintext().build();
      try {
        ExportTraceServiceRequest bad =
            ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(
                    ResourceSpans.newBuilder()
                        .addScopeSpans(
                            ScopeSpans.newBuilder()
                                .addSpans(
                                    Span.newBuilder()
                                        .setTraceId(ByteString.copyFrom(new byte[] {1, 2}))
                                        .setSpanId(ByteString.copyFrom(new byte[8]))
                                        .setName("x"))))
                .build();
        assertThatThrownBy(() -> TraceServiceGrpc.newBlockingStub(channel).export(bad))
            .isInstanceOf(StatusRuntimeException.class)
            .hasMessageContaining("INVALID_ARGUMENT")
            .hasMessageContaining("traceId must be 16 bytes, got 2");
      } finally {
        channel.shutdownNow();
      }
      assertThat(Http.json(grpc.url() + "api/traces")).hasSize(2);
    }
  }

  @Test
  void bindingBeyondLoopbackNeedsAToken() {
    assertThatThrownBy(
            () -> Explorer.start(ExplorerOptions.builder().host("0.0.0.0").port(0).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("give a token");
  }

  private String rawGet(String host) throws IOException {
    try (Socket s = new Socket("127.0.0.1", explorer.port())) {
      s.getOutputStream()
          .write(
              ("GET /healthz HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  private long spanCount() {
    long n = 0;
    for (JsonNode t : Http.json(base + "api/traces?limit=10000")) {
      n += t.path("spans").asLong();
    }
    return n;
  }
}
