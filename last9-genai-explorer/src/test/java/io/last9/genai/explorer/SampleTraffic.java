/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.explorer;

import io.last9.genai.ConversationContext;
import io.last9.genai.Last9SpanProcessor;
import io.last9.genai.WorkflowContext;
import io.last9.genai.observe.GenAiObservation;
import io.last9.genai.observe.ObservedCall;
import io.last9.genai.pricing.CostCalculator;
import io.last9.genai.pricing.Usage;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.SdkMeterProviderBuilder;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Spans made by the library's own processor, sent by the SDK's real OTLP/HTTP exporter: a two-turn
 * conversation whose second turn is a RAG workflow, each model call reporting its usage so the
 * library prices it from the bundled catalog.
 */
final class SampleTraffic {

  static final String CONVERSATION = "support_session_42";
  static final String USER = "user_7";
  static final String QUESTION_1 = "What's the weather in SF?";
  static final String ANSWER_1 = "Sunny, 18°C.";
  static final String QUESTION_2 = "How do I reset my password?";
  static final String ANSWER_2 = "Open Settings, then Security, then Reset.";
  static final String MODEL = "gpt-4o-2024-08-06";
  static final Usage TURN_1 = Usage.of(1207, 63);
  static final Usage RERANK = Usage.of(800, 40);
  static final Usage GENERATE = Usage.of(2400, 180);

  private SampleTraffic() {}

  /** What the bundled catalog charges for {@code usage} of {@link #MODEL}. */
  static double price(Usage usage) {
    return CostCalculator.getDefault()
        .estimate(MODEL, "openai", usage, Instant.now())
        .orElseThrow()
        .cost()
        .totalUsd();
  }

  /** Sends the conversation to {@code endpoint} ({@code http://127.0.0.1:port/v1/traces}). */
  static void send(String endpoint, String compression) {
    send(
        OtlpHttpSpanExporter.builder().setEndpoint(endpoint).setCompression(compression).build(),
        OtlpHttpMetricExporter.builder()
            .setEndpoint(endpoint.replace("/v1/traces", "/v1/metrics"))
            .setCompression(compression)
            .build());
  }

  /** Sends the conversation's spans through {@code exporter}, and no metric. */
  static void send(SpanExporter exporter) {
    send(exporter, null);
  }

  /**
   * Sends the conversation's spans through {@code exporter}, and the processor's {@code
   * gen_ai.client.cost} counter through {@code metrics} when not null.
   */
  static void send(SpanExporter exporter, MetricExporter metrics) {
    SdkMeterProviderBuilder meters = SdkMeterProvider.builder();
    if (metrics != null) {
      meters.registerMetricReader(
          PeriodicMetricReader.builder(metrics).setInterval(Duration.ofHours(1)).build());
    }
    SdkMeterProvider meterProvider = meters.build();
    SdkTracerProvider tracerProvider =
        SdkTracerProvider.builder()
            .setResource(
                Resource.getDefault()
                    .merge(Resource.builder().put("service.name", "support-bot").build()))
            .addSpanProcessor(Last9SpanProcessor.builder().meterProvider(meterProvider).build())
            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
            .build();
    try (OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).build()) {
      conversation(sdk);
      tracerProvider.forceFlush().join(10, TimeUnit.SECONDS);
    } finally {
      meterProvider.forceFlush().join(10, TimeUnit.SECONDS);
      meterProvider.close();
    }
  }

  private static void conversation(OpenTelemetry otel) {
    try (ConversationContext conversation =
        ConversationContext.builder(CONVERSATION).userId(USER).start()) {
      // turn 1: one observed model call
      GenAiObservation.llm("chat")
          .openTelemetry(otel)
          .provider("openai")
          .model("gpt-4o")
          .wrap(
              (String q) -> {
                ObservedCall.current().reportUsage(MODEL, TURN_1);
                return ANSWER_1;
              })
          .apply(QUESTION_1);
      // turn 2: a RAG workflow of a retrieval and two model calls
      try (WorkflowContext rag =
          WorkflowContext.builder("rag_001").type("rag").openTelemetry(otel).start()) {
        List<String> docs =
            GenAiObservation.retriever("retrieve_documents")
                .openTelemetry(otel)
                .wrap((String q) -> List.of("doc1", "doc2"))
                .apply(QUESTION_2);
        GenAiObservation.llm("rerank_documents")
            .openTelemetry(otel)
            .provider("openai")
            .model("gpt-4o")
            .wrap(
                (List<String> d) -> {
                  ObservedCall.current().reportUsage(MODEL, RERANK);
                  return d;
                })
            .apply(docs);
        GenAiObservation.llm("generate_response")
            .openTelemetry(otel)
            .provider("openai")
            .model("gpt-4o")
            .wrap(
                (String q) -> {
                  ObservedCall.current().reportUsage(MODEL, GENERATE);
                  return ANSWER_2;
                })
            .apply(QUESTION_2);
      }
    }
  }
}
