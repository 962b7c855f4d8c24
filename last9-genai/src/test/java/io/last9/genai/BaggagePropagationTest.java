/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import static io.last9.genai.InboundHeaders.GETTER;
import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.observe.GenAiObservation;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Opt-in propagation of conversation and workflow ids to another service through W3C Baggage . */
class BaggagePropagationTest {

  private final InMemorySpanExporter upstreamSpans = InMemorySpanExporter.create();
  private final InMemorySpanExporter downstreamSpans = InMemorySpanExporter.create();
  private final OpenTelemetrySdk upstream =
      sdk(upstreamSpans, Last9SpanProcessor.builder().build());
  private final OpenTelemetrySdk downstream =
      sdk(
          downstreamSpans,
          Last9SpanProcessor.builder()
              .stampFromBaggage(true)
              .baggageKeys(
                  List.of(
                      "gen_ai.conversation.id",
                      "gen_ai.conversation.turn",
                      "user.id",
                      "workflow.id",
                      "workflow.type"))
              .build());

  @AfterEach
  void shutdown() {
    upstream.close();
    downstream.close();
  }

  @Test
  void idsAndTheAutomaticTurnReachTheDownstreamService() {
    Map<String, String> headers = new HashMap<>();
    try (ConversationContext c =
        ConversationContext.builder("conv-77").userId("user-9").propagateAsBaggage().start()) {
      GenAiObservation.llm("answer")
          .openTelemetry(upstream)
          .run(
              () -> {
                // the outgoing HTTP call of this turn: context propagated the ordinary way
                W3CBaggagePropagator.getInstance().inject(Context.current(), headers, Map::put);
              });
    }
    assertThat(headers.get("baggage"))
        .contains("gen_ai.conversation.id=conv-77", "user.id=user-9", "gen_ai.conversation.turn=1");

    serveRequest(headers);
    Attributes a = downstreamSpans.getFinishedSpanItems().get(0).getAttributes();
    assertThat(a.get(GenAiAttributes.CONVERSATION_ID)).isEqualTo("conv-77");
    assertThat(a.get(GenAiAttributes.USER_ID)).isEqualTo("user-9");
    assertThat(a.get(GenAiAttributes.CONVERSATION_TURN)).isEqualTo(1L);
  }

  @Test
  void workflowIdsPropagateToo() {
    Map<String, String> headers = new HashMap<>();
    try (WorkflowContext w =
        WorkflowContext.builder("wf-1")
            .type("rag")
            .openTelemetry(upstream)
            .propagateAsBaggage()
            .start()) {
      W3CBaggagePropagator.getInstance().inject(Context.current(), headers, Map::put);
    }
    serveRequest(headers);
    Attributes a = downstreamSpans.getFinishedSpanItems().get(0).getAttributes();
    assertThat(a.get(GenAiAttributes.WORKFLOW_ID)).isEqualTo("wf-1");
    assertThat(a.get(GenAiAttributes.WORKFLOW_TYPE)).isEqualTo("rag");
  }

  @Test
  void nothingLeavesTheProcessUnlessAsked() {
    try (ConversationContext c = ConversationContext.builder("private-conv").userId("u").start()) {
      assertThat(Baggage.current().isEmpty()).isTrue();
    }
  }

  @Test
  void aProcessorThatWasNotAskedIgnoresBaggage() {
    Map<String, String> headers = Map.of("baggage", "gen_ai.conversation.id=conv-1,user.id=u-1");
    Context extracted = W3CBaggagePropagator.getInstance().extract(Context.root(), headers, GETTER);
    try (Scope s = extracted.makeCurrent()) {
      upstream.getTracer("server").spanBuilder("GET /").startSpan().end();
    }
    SpanData span = upstreamSpans.getFinishedSpanItems().get(0);
    assertThat(span.getAttributes().get(GenAiAttributes.CONVERSATION_ID)).isNull();
  }

  @Test
  void aMalformedTurnEntryIsIgnored() {
    serveRequest(Map.of("baggage", "gen_ai.conversation.id=conv-2,gen_ai.conversation.turn=abc"));
    Attributes a = downstreamSpans.getFinishedSpanItems().get(0).getAttributes();
    assertThat(a.get(GenAiAttributes.CONVERSATION_ID)).isEqualTo("conv-2");
    assertThat(a.get(GenAiAttributes.CONVERSATION_TURN)).isNull();
  }

  private void serveRequest(Map<String, String> headers) {
    Context extracted = W3CBaggagePropagator.getInstance().extract(Context.root(), headers, GETTER);
    try (Scope s = extracted.makeCurrent()) {
      Span server = downstream.getTracer("server").spanBuilder("POST /search").startSpan();
      server.end();
    }
  }

  private static OpenTelemetrySdk sdk(InMemorySpanExporter exporter, Last9SpanProcessor processor) {
    return OpenTelemetrySdk.builder()
        .setTracerProvider(
            SdkTracerProvider.builder()
                .addSpanProcessor(processor)
                .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                .build())
        .build();
  }
}
