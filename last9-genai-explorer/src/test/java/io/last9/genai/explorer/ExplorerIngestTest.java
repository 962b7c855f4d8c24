/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.explorer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What arrives besides a plain batch of spans: the same batch again (an exporter's retry), content
 * sent as log events, and costs whose sum is not exact in binary.
 */
class ExplorerIngestTest {

  private static final long WEEK_NANOS = 7 * 24 * 3_600_000_000_000L;

  private Explorer explorer;
  private String base;

  @BeforeEach
  void start() throws IOException {
    explorer = Explorer.start(ExplorerOptions.builder().port(0).grpcPort(0).build());
    base = explorer.url();
  }

  @AfterEach
  void stop() {
    explorer.close();
  }

  @Test
  void aBatchSentAgainIsStoredOnce() throws Exception {
    // the bench's first batch: 50 conversations of 5 turns, 1,000 spans, starting now
    long now = System.currentTimeMillis() * 1_000_000L;
    byte[] batch = ExplorerBench.batch(0, now + WEEK_NANOS);
    assertThat(post(batch).statusCode()).isEqualTo(200);
    JsonNode once = Http.json(base + "api/conversations/conv-7").path("summary");
    assertThat(once.path("spans").asLong()).isEqualTo(15); // 5 turns of 3 stamped spans
    int traces = Http.json(base + "api/traces?limit=1000").size();
    assertThat(traces).isEqualTo(250);

    // retried after a timeout, by several senders at once, and over gRPC
    assertThat(post(batch).statusCode()).isEqualTo(200);
    List<CompletableFuture<HttpResponse<String>>> together =
        IntStream.range(0, 4)
            .mapToObj(i -> CompletableFuture.supplyAsync(() -> post(batch)))
            .collect(Collectors.toList());
    for (CompletableFuture<HttpResponse<String>> r : together) {
      assertThat(r.get(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }
    ManagedChannel channel =
        ManagedChannelBuilder.forAddress("127.0.0.1", explorer.grpcPort()).usePlaintext().build();
    try {
      TraceServiceGrpc.newBlockingStub(channel).export(ExportTraceServiceRequest.parseFrom(batch));
    } finally {
      channel.shutdownNow();
    }

    JsonNode after = Http.json(base + "api/conversations/conv-7").path("summary");
    assertThat(after).isEqualTo(once);
    assertThat(Http.json(base + "api/conversations?limit=1000")).hasSize(50);
    JsonNode trace = Http.json(base + "api/traces?limit=1000");
    assertThat(trace).hasSize(traces);
    for (JsonNode t : trace) {
      assertThat(t.path("spans").asLong()).as(t.toString()).isEqualTo(4);
    }
  }

  @Test
  void contentSentAsLogEventsIsShownWithItsSpan() {
    SdkTracerProvider tracing = tracingToExplorer();
    SdkLoggerProvider logging =
        SdkLoggerProvider.builder()
            .addLogRecordProcessor(
                SimpleLogRecordProcessor.create(
                    OtlpHttpLogRecordExporter.builder().setEndpoint(base + "v1/logs").build()))
            .build();
    try {
      Tracer tracer = tracing.get("test");
      Logger events = logging.get("test");
      // turn 1: the conventions' operation details event, the messages as JSON text
      Span first = chat(tracer, 1);
      events
          .logRecordBuilder()
          .setContext(Context.root().with(first))
          .setEventName("gen_ai.client.inference.operation.details")
          .setAttribute(
              AttributeKey.stringKey("gen_ai.input.messages"),
              "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"What is DuckDB?\"}]}]")
          .setAttribute(
              AttributeKey.stringKey("gen_ai.output.messages"),
              "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\","
                  + "\"content\":\"An embedded analytical database.\"}]}]")
          .emit();
      first.end();
      // turn 2: OpenTelemetry instrumentations' per-message events, the content in the body
      Span second = chat(tracer, 2);
      events
          .logRecordBuilder()
          .setContext(Context.root().with(second))
          .setEventName("gen_ai.system.message")
          .setBody(Value.of(Map.of("content", Value.of("Answer briefly."))))
          .emit();
      events
          .logRecordBuilder()
          .setContext(Context.root().with(second))
          .setEventName("gen_ai.user.message")
          .setBody(Value.of(Map.of("content", Value.of("Is it <b>fast</b>?"))))
          .emit();
      events
          .logRecordBuilder()
          .setContext(Context.root().with(second))
          .setEventName("gen_ai.choice")
          .setBody(
              Value.of(
                  Map.of(
                      "index", Value.of(0L),
                      "finish_reason", Value.of("stop"),
                      "message", Value.of(Map.of("content", Value.of("Yes, columnar and fast."))))))
          .emit();
      // a log record that is no content event: acknowledged, not stored
      events.logRecordBuilder().setContext(Context.root().with(second)).setBody("plain").emit();
      second.end();
    } finally {
      tracing.shutdown().join(10, TimeUnit.SECONDS);
      logging.shutdown().join(10, TimeUnit.SECONDS);
    }

    JsonNode turns = Http.json(base + "api/conversations/events-1").path("turns");
    assertThat(turns).hasSize(2);
    assertThat(turns.get(0).path("question").asText()).isEqualTo("What is DuckDB?");
    assertThat(turns.get(0).path("answer").asText()).isEqualTo("An embedded analytical database.");
    assertThat(turns.get(1).path("question").asText()).isEqualTo("Is it <b>fast</b>?");
    assertThat(turns.get(1).path("answer").asText()).isEqualTo("Yes, columnar and fast.");
    JsonNode span = turns.get(1).path("spans").get(0).path("span");
    assertThat(span.path("inputMessages").asText())
        .contains("\"role\":\"system\"", "Answer briefly.", "\"role\":\"user\"");
    String page = Http.get(base + "conversations/events-1").body();
    assertThat(page).contains("What is DuckDB?", "Is it &lt;b&gt;fast&lt;/b&gt;?");
    assertThat(page).doesNotContain("<b>fast</b>");
  }

  @Test
  void aBatchOfContentEventsSentAgainIsStoredOnce() {
    SdkTracerProvider tracing = tracingToExplorer();
    List<LogRecordData> emitted = new ArrayList<>();
    SdkLoggerProvider logging =
        SdkLoggerProvider.builder()
            .addLogRecordProcessor((context, record) -> emitted.add(record.toLogRecordData()))
            .build();
    OtlpHttpLogRecordExporter exporter =
        OtlpHttpLogRecordExporter.builder().setEndpoint(base + "v1/logs").build();
    try {
      Span span = chat(tracing.get("test"), 1);
      Logger events = logging.get("test");
      Instant at = Instant.now();
      // the same short answer twice in one call, at the same instant: two messages, not a retry
      for (String content : new String[] {"Ready?", "yes", "yes"}) {
        events
            .logRecordBuilder()
            .setContext(Context.root().with(span))
            .setTimestamp(at)
            .setEventName("gen_ai.user.message")
            .setBody(Value.of(Map.of("content", Value.of(content))))
            .emit();
      }
      span.end();
      assertThat(emitted).hasSize(3);

      // the exporter sends the batch, times out waiting for the answer, and sends it again
      assertThat(exporter.export(emitted).join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
      assertThat(exporter.export(emitted).join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
    } finally {
      tracing.shutdown().join(10, TimeUnit.SECONDS);
      logging.shutdown().join(10, TimeUnit.SECONDS);
      exporter.shutdown().join(10, TimeUnit.SECONDS);
    }

    JsonNode span =
        Http.json(base + "api/conversations/events-1")
            .path("turns")
            .get(0)
            .path("spans")
            .get(0)
            .path("span");
    String input = span.path("inputMessages").asText();
    assertThat(occurrences(input, "Ready?")).isEqualTo(1);
    assertThat(occurrences(input, "\"yes\"")).isEqualTo(2);
  }

  /** An SDK that exports each span as it ends, over OTLP/HTTP protobuf, to the explorer. */
  private SdkTracerProvider tracingToExplorer() {
    return SdkTracerProvider.builder()
        .addSpanProcessor(
            SimpleSpanProcessor.create(
                OtlpHttpSpanExporter.builder().setEndpoint(base + "v1/traces").build()))
        .build();
  }

  private static int occurrences(String text, String part) {
    int n = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void contentLogEventsAreReceivedOverGrpcToo() {
    SdkTracerProvider tracing =
        SdkTracerProvider.builder()
            .addSpanProcessor(
                SimpleSpanProcessor.create(
                    OtlpGrpcSpanExporter.builder()
                        .setEndpoint("http://127.0.0.1:" + explorer.grpcPort())
                        .build()))
            .build();
    SdkLoggerProvider logging =
        SdkLoggerProvider.builder()
            .addLogRecordProcessor(
                SimpleLogRecordProcessor.create(
                    OtlpGrpcLogRecordExporter.builder()
                        .setEndpoint("http://127.0.0.1:" + explorer.grpcPort())
                        .build()))
            .build();
    try {
      Span span = chat(tracing.get("test"), 1);
      logging
          .get("test")
          .logRecordBuilder()
          .setContext(Context.root().with(span))
          .setEventName("gen_ai.user.message")
          .setBody(Value.of(Map.of("content", Value.of("Over gRPC?"))))
          .emit();
      span.end();
    } finally {
      tracing.shutdown().join(10, TimeUnit.SECONDS);
      logging.shutdown().join(10, TimeUnit.SECONDS);
    }
    JsonNode turns = Http.json(base + "api/conversations/events-1").path("turns");
    assertThat(turns.get(0).path("question").asText()).isEqualTo("Over gRPC?");
  }

  @Test
  void costSumsAreRoundedTo1e10UsdInJsonAndPages() {
    SdkTracerProvider tracing = tracingToExplorer();
    try {
      Tracer tracer = tracing.get("test");
      // 0.1 + 0.2 is 0.30000000000000004 in binary; and three calls of the bench's kind
      for (double cost : new double[] {0.1, 0.2, 0.00159348, 0.00159344, 0.00159344}) {
        tracer
            .spanBuilder("chat gpt-4o")
            .setAllAttributes(
                Attributes.builder()
                    .put("gen_ai.conversation.id", "sums")
                    .put("gen_ai.conversation.turn", 1L)
                    .put("user.id", "sum-user")
                    .put("gen_ai.provider.name", "openai")
                    .put("gen_ai.response.model", "gpt-4o")
                    .put("gen_ai.usage.input_tokens", 10L)
                    .put("gen_ai.usage.cost_usd", cost)
                    .build())
            .startSpan()
            .end();
      }
    } finally {
      tracing.shutdown().join(10, TimeUnit.SECONDS);
    }
    String exact = "0.30478036";
    assertThat(0.1 + 0.2 + 0.00159348 + 0.00159344 + 0.00159344)
        .as("the sum in binary is not exact")
        .isNotEqualTo(Double.parseDouble(exact));
    String noise = "\\.\\d*(0{6,}|9{6,})[1-9]"; // 0.30478036000000004, 0.1999999999
    String conversation = Http.get(base + "api/conversations/sums").body();
    assertThat(conversation).contains("\"costUsd\":" + exact).doesNotContainPattern(noise);
    assertThat(Http.get(base + "api/conversations").body()).contains("\"costUsd\":" + exact);
    assertThat(Http.get(base + "api/users").body()).contains("\"totalUsd\":" + exact);
    assertThat(Http.get(base + "api/traces").body()).doesNotContainPattern(noise);
    assertThat(Http.get(base + "api/spend?by=model").body()).doesNotContainPattern(noise);
    assertThat(Http.get(base + "conversations/sums").body()).contains("$0.3048");
  }

  private static Span chat(Tracer tracer, long turn) {
    return tracer
        .spanBuilder("chat gpt-4o")
        .setAllAttributes(
            Attributes.builder()
                .put("gen_ai.conversation.id", "events-1")
                .put("gen_ai.conversation.turn", turn)
                .put("gen_ai.operation.name", "chat")
                .put("gen_ai.provider.name", "openai")
                .put("gen_ai.response.model", "gpt-4o")
                .put("gen_ai.usage.input_tokens", 20L)
                .put("gen_ai.usage.output_tokens", 8L)
                .put("gen_ai.usage.cost_usd", 0.0001)
                .build())
        .startSpan();
  }

  private HttpResponse<String> post(byte[] body) {
    return Http.post(base + "v1/traces", "application/x-protobuf", body);
  }
}
