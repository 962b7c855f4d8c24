/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.examples.quarkus;

import io.last9.genai.GenAiAttributes;
import io.last9.genai.testing.FakeOpenAI;
import io.last9.genai.testing.OpenAITokens;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Starts a loopback OpenAI-compatible server, then the application; sends two requests of one
 * conversation and prints the spans the application exported.
 */
@QuarkusMain
public class Main {

  private static FakeOpenAI openAi;

  /** Runs the sample. */
  public static void main(String... args) {
    openAi = FakeOpenAI.start();
    openAi.enqueue(
        FakeOpenAI.chatCompletion(
            "chatcmpl-s1",
            "gpt-4o-2024-08-06",
            "Lisbon in May: 22 degrees and sunny.",
            OpenAITokens.of(42, 11)),
        FakeOpenAI.chatCompletionStream(
            "chatcmpl-s2",
            "gpt-4o-2024-08-06",
            List.of("Day 1: Alfama. ", "Day 2: Belem. ", "Day 3: Sintra."),
            OpenAITokens.of(96, 18)));
    System.setProperty("quarkus.langchain4j.openai.base-url", openAi.baseUrl());
    try {
      Quarkus.run(Demo.class, args);
    } finally {
      openAi.close();
    }
  }

  /** The requests and the printout. */
  public static class Demo implements QuarkusApplication {

    @Inject InMemorySpanExporter exporter;

    @Override
    public int run(String... args) throws Exception {
      String port =
          System.getProperty(
              "quarkus.http.port",
              ConfigProvider.getConfig().getValue("quarkus.http.port", String.class));
      HttpClient http = HttpClient.newHttpClient();
      send(http, port, "/chat", "What is the weather in Lisbon in May?");
      send(http, port, "/chat/plan", "Plan me three days there.");
      waitForServerSpans(2);
      print();
      return 0;
    }

    private static void send(HttpClient http, String port, String path, String message)
        throws Exception {
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .header("X-Conversation-Id", "trip-42")
              .header("X-User-Id", "user_123")
              .POST(HttpRequest.BodyPublishers.ofString(message))
              .build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      System.out.printf(
          "POST %-10s %-40s -> %d %s%n",
          path, '"' + message + '"', response.statusCode(), response.body());
    }

    private void waitForServerSpans(int n) throws InterruptedException {
      for (int i = 0; i < 100; i++) {
        long servers =
            exporter.getFinishedSpanItems().stream()
                .filter(s -> s.getKind() == SpanKind.SERVER)
                .count();
        if (servers >= n) {
          return;
        }
        Thread.sleep(50);
      }
    }

    private void print() {
      System.out.println();
      System.out.println("Spans exported for conversation trip-42 (user user_123):");
      exporter.getFinishedSpanItems().stream()
          .filter(s -> s.getAttributes().get(GenAiAttributes.CONVERSATION_ID) != null)
          .sorted(
              Comparator.comparing(
                      (SpanData s) -> s.getAttributes().get(GenAiAttributes.CONVERSATION_TURN))
                  .thenComparingLong(SpanData::getStartEpochNanos))
          .forEach(Demo::print);
    }

    private static void print(SpanData s) {
      StringBuilder line =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "  turn %d  %-8s %-42s user.id=%s",
                  s.getAttributes().get(GenAiAttributes.CONVERSATION_TURN),
                  s.getKind(),
                  s.getName(),
                  s.getAttributes().get(GenAiAttributes.USER_ID)));
      Double cost = s.getAttributes().get(GenAiAttributes.USAGE_COST_USD);
      if (cost != null) {
        line.append(String.format(Locale.ROOT, " cost_usd=%.6f", cost));
      }
      Double total = s.getAttributes().get(GenAiAttributes.WORKFLOW_TOTAL_COST_USD);
      if (total != null) {
        line.append(
            String.format(
                Locale.ROOT,
                " workflow.total_cost_usd=%.6f llm_calls=%d",
                total,
                s.getAttributes().get(GenAiAttributes.WORKFLOW_LLM_CALLS)));
      }
      System.out.println(line);
    }
  }
}
