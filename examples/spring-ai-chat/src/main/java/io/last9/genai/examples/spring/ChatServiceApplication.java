/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.examples.spring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot 4 + Spring AI 2 chat service with the last9-genai starter, against a loopback
 * OpenAI-compatible server it starts itself.
 *
 * <p>Without arguments it sends two requests of one conversation (the second answer streamed),
 * prints the spans the application exported and exits. With {@code --serve} it keeps serving on
 * port 8080 for your own requests: {@code curl -H 'X-Conversation-Id: c1' -H 'X-User-Id: u1' -d
 * 'Hello' localhost:8080/chat}.
 */
@SpringBootApplication
public class ChatServiceApplication {

  static final String CONVERSATION = "support-session-42";
  static final String USER = "user_123";

  private static final AttributeKey<String> CONVERSATION_ID =
      AttributeKey.stringKey("gen_ai.conversation.id");
  private static final AttributeKey<Long> TURN = AttributeKey.longKey("gen_ai.conversation.turn");
  private static final AttributeKey<String> USER_ID = AttributeKey.stringKey("user.id");
  private static final AttributeKey<Double> COST = AttributeKey.doubleKey("gen_ai.usage.cost_usd");
  private static final AttributeKey<String> PRICE_SOURCE =
      AttributeKey.stringKey("gen_ai.l9.cost.price_source");

  /**
   * Keeps what the application exported, so the sample can print it: Boot's OpenTelemetry starter
   * sends spans to every {@code SpanExporter} bean (set {@code
   * management.opentelemetry.tracing.export.otlp.endpoint} to send them to a collector as well).
   */
  @Bean
  InMemorySpanExporter exportedSpans() {
    return InMemorySpanExporter.create();
  }

  public static void main(String[] args) throws Exception {
    boolean serve = Arrays.asList(args).contains("--serve");
    try (LoopbackOpenAi openAi = new LoopbackOpenAi()) {
      ConfigurableApplicationContext app =
          new SpringApplicationBuilder(ChatServiceApplication.class)
              .properties(
                  "spring.ai.openai.base-url=" + openAi.baseUrl(),
                  "server.port=" + (serve ? 8080 : 0))
              .run(args);
      if (serve) {
        CountDownLatch closed = new CountDownLatch(1);
        app.addApplicationListener(
            e -> {
              if (e instanceof org.springframework.context.event.ContextClosedEvent) {
                closed.countDown();
              }
            });
        closed.await();
        return;
      }
      try (app) {
        demo(app);
      }
    }
  }

  private static void demo(ConfigurableApplicationContext app) throws Exception {
    String port = app.getEnvironment().getProperty("local.server.port");
    HttpClient http = HttpClient.newHttpClient();
    // the first answer whole, the second streamed (server-sent events), as a chat UI asks for it
    String[][] requests = {
      {"/chat", "What's the weather in SF today?"}, {"/stream", "Will I need an umbrella?"}
    };
    for (String[] request : requests) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + request[0]))
                  .header("X-Conversation-Id", CONVERSATION)
                  .header("X-User-Id", USER)
                  .POST(HttpRequest.BodyPublishers.ofString(request[1]))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      System.out.printf(
          "POST %-7s %-34s -> %d %s%n",
          request[0],
          '"' + request[1] + '"',
          r.statusCode(),
          request[0].equals("/stream") ? sseText(r.body()) : r.body());
    }
    List<SpanData> spans = awaitSpans(app);
    System.out.println();
    System.out.println("Spans exported for conversation " + CONVERSATION + " (user " + USER + "):");
    Map<Long, List<SpanData>> byTurn =
        spans.stream()
            .filter(s -> CONVERSATION.equals(s.getAttributes().get(CONVERSATION_ID)))
            .sorted(Comparator.comparingLong(SpanData::getStartEpochNanos))
            .collect(
                Collectors.groupingBy(
                    s -> s.getAttributes().get(TURN) == null ? 0L : s.getAttributes().get(TURN),
                    java.util.TreeMap::new,
                    Collectors.toList()));
    double total = 0;
    for (Map.Entry<Long, List<SpanData>> turn : byTurn.entrySet()) {
      for (SpanData s : turn.getValue()) {
        Double cost = s.getAttributes().get(COST);
        total += cost == null ? 0 : cost;
        System.out.printf(
            "  turn %d  %-8s %-26s user.id=%s%s%n",
            turn.getKey(),
            s.getKind(),
            s.getName(),
            s.getAttributes().get(USER_ID),
            cost == null
                ? ""
                : String.format(
                    "  model=%s in=%s out=%s cost_usd=%.6f (%s)",
                    attr(s, "gen_ai.response.model"),
                    attr(s, "gen_ai.usage.input_tokens"),
                    attr(s, "gen_ai.usage.output_tokens"),
                    cost,
                    s.getAttributes().get(PRICE_SOURCE)));
      }
    }
    System.out.printf(
        "Conversation cost: $%.6f over %d turns%n",
        total, byTurn.keySet().stream().filter(t -> t > 0).count());
    MeterRegistry registry = app.getBeanProvider(MeterRegistry.class).getIfAvailable();
    if (registry != null) {
      double metric =
          registry.find("gen_ai.client.cost").counters().stream().mapToDouble(Counter::count).sum();
      System.out.printf("Metric gen_ai.client.cost (Micrometer): $%.6f%n", metric);
    }
  }

  /** The text of a server-sent event stream: its {@code data:} lines, joined. */
  private static String sseText(String body) {
    return body.lines()
        .filter(l -> l.startsWith("data:"))
        .map(l -> l.substring("data:".length()))
        .collect(Collectors.joining());
  }

  /**
   * Waits until both requests' server spans are exported (they end after the response is written).
   */
  private static List<SpanData> awaitSpans(ConfigurableApplicationContext app)
      throws InterruptedException {
    InMemorySpanExporter recorded = app.getBean(InMemorySpanExporter.class);
    SdkTracerProvider tracerProvider = app.getBean(SdkTracerProvider.class);
    for (int i = 0; i < 100; i++) {
      tracerProvider.forceFlush().join(5, TimeUnit.SECONDS);
      long servers =
          recorded.getFinishedSpanItems().stream()
              .filter(
                  s ->
                      s.getKind() == SpanKind.SERVER
                          && CONVERSATION.equals(s.getAttributes().get(CONVERSATION_ID)))
              .count();
      if (servers >= 2) {
        break;
      }
      Thread.sleep(50);
    }
    return recorded.getFinishedSpanItems();
  }

  private static Object attr(SpanData s, String key) {
    return s.getAttributes().asMap().entrySet().stream()
        .filter(e -> e.getKey().getKey().equals(key))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }
}
