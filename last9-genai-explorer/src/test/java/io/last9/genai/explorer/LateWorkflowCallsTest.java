/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.explorer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.Last9SpanProcessor;
import io.last9.genai.WorkflowContext;
import io.last9.genai.pricing.Usage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A workflow's run costs what its calls cost, the calls that ended after it closed included: its
 * span's total lacks them, and each says so. Spans from the library's real processor, sent with the
 * SDK's OTLP exporter.
 */
class LateWorkflowCallsTest {

  private static final Usage A = Usage.of(1_000, 100);
  private static final Usage B = Usage.of(2_000, 200);
  private static final Usage C = Usage.of(4_000, 400);

  @Test
  void aRunsCostAddsItsLateCallsToItsSpansTotalOnceEach() throws IOException {
    try (Explorer explorer =
        Explorer.start(ExplorerOptions.builder().port(0).grpcPort(0).build())) {
      SdkTracerProvider provider =
          SdkTracerProvider.builder()
              .addSpanProcessor(Last9SpanProcessor.create())
              .addSpanProcessor(
                  // one export at the end: the exporter's client runs few requests at once
                  BatchSpanProcessor.builder(
                          OtlpHttpSpanExporter.builder()
                              .setEndpoint(explorer.url() + "v1/traces")
                              .build())
                      .build())
              .build();
      try (OpenTelemetrySdk sdk = OpenTelemetrySdk.builder().setTracerProvider(provider).build()) {
        Tracer tracer = sdk.getTracer("app");
        // a streamed answer handed on: read to its end after its workflow closed
        Span streamed;
        try (WorkflowContext w =
            WorkflowContext.builder("stream_001").type("chat").openTelemetry(sdk).start()) {
          streamed = chat(tracer);
        }
        end(streamed, A);

        // nested: b ends after the inner workflow closed but inside the outer one; c after both
        Span b;
        Span c;
        try (WorkflowContext outer =
            WorkflowContext.builder("request_001").type("request").openTelemetry(sdk).start()) {
          try (WorkflowContext inner =
              WorkflowContext.builder("rag_001").type("rag").openTelemetry(sdk).start()) {
            end(chat(tracer), A);
            b = chat(tracer);
            c = chat(tracer);
          }
          end(b, B);
        }
        end(c, C);
        provider.forceFlush().join(10, TimeUnit.SECONDS);
      }

      Map<String, Double> cost = new HashMap<>();
      Map<String, String> trace = new HashMap<>();
      for (JsonNode run : Http.json(explorer.url() + "api/workflows")) {
        cost.put(run.path("workflowId").asText(), run.path("costUsd").asDouble());
        trace.put(run.path("workflowId").asText(), run.path("traceId").asText());
      }
      assertThat(cost.get("stream_001")).isCloseTo(price(A), within(1e-12));
      double all = price(A) + price(B) + price(C);
      assertThat(cost.get("rag_001")).isCloseTo(all, within(1e-12));
      assertThat(cost.get("request_001"))
          .as("b is in the outer span's total already: not counted twice")
          .isCloseTo(all, within(1e-12));

      // the trace page marks the late call where its cost is shown
      String page = Http.get(explorer.url() + "traces/" + trace.get("stream_001")).body();
      assertThat(page).containsOnlyOnce(">late</span>");
    }
  }

  private static Span chat(Tracer tracer) {
    return tracer
        .spanBuilder("chat gpt-4o")
        .setAttribute(GenAiAttributes.OPERATION_NAME, "chat")
        .setAttribute(GenAiAttributes.PROVIDER_NAME, "openai")
        .setAttribute(GenAiAttributes.REQUEST_MODEL, SampleTraffic.MODEL)
        .startSpan();
  }

  private static void end(Span chat, Usage usage) {
    chat.setAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, usage.inputTokens());
    chat.setAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, usage.outputTokens());
    chat.end();
  }

  private static double price(Usage usage) {
    return SampleTraffic.price(usage);
  }
}
