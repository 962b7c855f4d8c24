/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every span of the application ends through the processor, and each attribute it reads there takes
 * the span's lock. A span that is no GenAI span must cost no more than pricing every span needs:
 * its operation, its request model and its response model, whatever scopes it started in.
 */
class SpanEndReadsTest {

  private static final List<AttributeKey<?>> FLOOR =
      List.of(
          GenAiAttributes.OPERATION_NAME,
          GenAiAttributes.REQUEST_MODEL,
          GenAiAttributes.RESPONSE_MODEL);

  private final SdkTracerProvider provider =
      SdkTracerProvider.builder()
          .addSpanProcessor(SimpleSpanProcessor.create(InMemorySpanExporter.create()))
          .build();

  private final Last9SpanProcessor processor =
      Last9SpanProcessor.builder().meterProvider(MeterProvider.noop()).build();

  private final AttributeReads reads = new AttributeReads();

  @AfterEach
  void close() {
    processor.shutdown().join(5, java.util.concurrent.TimeUnit.SECONDS);
    provider.close();
  }

  @Test
  void outsideEveryScope() {
    assertThat(readsAtEnd(Context.root())).isEqualTo(FLOOR);
  }

  @Test
  void inAConversationWhoseTurnWaitsForAModelCall() {
    try (ConversationContext c = ConversationContext.builder("c-1").userId("u-1").start()) {
      assertThat(readsAtEnd(Context.current())).isEqualTo(FLOOR);
    }
  }

  @Test
  void inAWorkflowInAConversation() {
    try (ConversationContext c = ConversationContext.builder("c-1").userId("u-1").start();
        WorkflowContext w = WorkflowContext.builder("wf-1").type("rag").contextOnly().start()) {
      assertThat(readsAtEnd(Context.current())).isEqualTo(FLOOR);
    }
  }

  private List<AttributeKey<?>> readsAtEnd(Context parent) {
    ReadWriteSpan span =
        reads.of((ReadWriteSpan) provider.get("test").spanBuilder("SELECT").startSpan());
    processor.onStart(parent, span);
    reads.clear();
    processor.onEnding(span);
    span.end();
    return reads.keys();
  }
}
