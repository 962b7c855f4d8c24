/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.content.internal.ContentEventsBridge;
import io.last9.genai.testing.Autoconfigured;
import io.last9.genai.testing.GenAiLogEvents;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.KeyValue;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.LogRecordProcessor;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On a plain SDK, the per-message log events of OpenTelemetry's GenAI instrumentations (as the AWS
 * SDK's Bedrock and openai-java's library instrumentations emit them) become the conventions'
 * messages on the model call's span, where the processor's redaction applies to them: by hand with
 * {@link Last9SpanProcessor#contentEvents()}, and by itself under autoconfigure.
 */
class ContentEventsTest {

  private static final AttributeKey<String> EVENT_NAME = AttributeKey.stringKey("event.name");

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final InMemoryLogRecordExporter logs = InMemoryLogRecordExporter.create();

  /** Closed after the assertions: closing shuts the in-memory exporters, which empties them. */
  private AutoCloseable open;

  @BeforeEach
  void reset() {
    GlobalOpenTelemetry.resetForTest();
  }

  @AfterEach
  void close() throws Exception {
    if (open != null) {
      open.close();
    }
    GlobalOpenTelemetry.resetForTest();
  }

  private OpenTelemetrySdk sdk(Last9SpanProcessor last9) {
    return sdk(last9, last9.contentEvents(), SimpleLogRecordProcessor.create(logs));
  }

  private OpenTelemetrySdk sdk(
      Last9SpanProcessor last9, LogRecordProcessor first, LogRecordProcessor second) {
    OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(last9)
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build())
            .setLoggerProvider(
                SdkLoggerProvider.builder()
                    .addLogRecordProcessor(first)
                    .addLogRecordProcessor(second)
                    .build())
            .build();
    open = sdk;
    return sdk;
  }

  /** A Bedrock Converse call as the AWS SDK's instrumentation reports it: a span and its events. */
  private static void converse(OpenTelemetry otel, String question, String answer) {
    Span span =
        otel.getTracer("io.opentelemetry.aws-sdk-2.2")
            .spanBuilder("chat us.anthropic.claude-sonnet-4-5-20250929-v1:0")
            .setAttribute(GenAiAttributes.OPERATION_NAME, "chat")
            .setAttribute(GenAiAttributes.PROVIDER_NAME, "aws.bedrock")
            .startSpan();
    try (Scope s = span.makeCurrent()) {
      Logger events = otel.getLogsBridge().get("io.opentelemetry.aws-sdk-2.2");
      GenAiLogEvents.userMessage(events, question);
      GenAiLogEvents.bedrockChoice(events, answer, "end_turn");
    } finally {
      span.end();
    }
  }

  private SpanData chat() {
    return spans.getFinishedSpanItems().stream()
        .filter(s -> s.getName().startsWith("chat "))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void theEventsOfACallAreItsMessagesAndStillLogs() {
    Last9SpanProcessor last9 = Last9SpanProcessor.create();
    converse(sdk(last9), "What is a turn?", "One exchange.");
    assertThat(chat().getAttributes().get(GenAiAttributes.INPUT_MESSAGES))
        .isEqualTo(
            "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"What is a turn?\"}]}]");
    assertThat(chat().getAttributes().get(GenAiAttributes.OUTPUT_MESSAGES))
        .isEqualTo(
            "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"One exchange.\"}],"
                + "\"finish_reason\":\"end_turn\"}]");
    assertThat(logs.getFinishedLogRecordItems()).hasSize(2);
  }

  @Test
  void addedTwiceToTheLoggerProviderItCollectsEachEventOnce() {
    Last9SpanProcessor last9 = Last9SpanProcessor.create();
    OpenTelemetrySdk sdk = sdk(last9, last9.contentEvents(), last9.contentEvents());
    converse(sdk, "Once?", "Once.");
    assertThat(chat().getAttributes().get(GenAiAttributes.INPUT_MESSAGES))
        .isEqualTo("[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"Once?\"}]}]");
  }

  @Test
  void theProcessorsRedactionAppliesToThem() {
    Last9SpanProcessor last9 =
        Last9SpanProcessor.builder()
            .contentRedaction((field, text) -> text.replace("secret", "[x]"))
            .build();
    converse(sdk(last9), "my secret question", "a secret answer");
    assertThat(chat().getAttributes().get(GenAiAttributes.INPUT_MESSAGES))
        .contains("my [x] question")
        .doesNotContain("secret");
    assertThat(chat().getAttributes().get(GenAiAttributes.OUTPUT_MESSAGES))
        .contains("a [x] answer")
        .doesNotContain("secret");
  }

  @Test
  void anEventOfASpanThatEndedIsNotKept() {
    Last9SpanProcessor last9 = Last9SpanProcessor.create();
    OpenTelemetrySdk sdk = sdk(last9);
    {
      // a late event: its span already ended (an async call's reply after its span closed)
      Span ended = sdk.getTracer("t").spanBuilder("ended call").startSpan();
      ended.end();
      try (Scope s = ended.makeCurrent()) {
        sdk.getLogsBridge()
            .get("t")
            .logRecordBuilder()
            .setAttribute(EVENT_NAME, "gen_ai.choice")
            .setBody(Value.of(KeyValue.of("content", Value.of("too late"))))
            .emit();
      }
      assertThat(((ContentEventsBridge) last9.contentEvents()).pendingSpans()).isZero();
      converse(sdk, "q", "a");
    }
    assertThat(spans.getFinishedSpanItems())
        .filteredOn(s -> s.getName().equals("ended call"))
        .singleElement()
        .satisfies(
            s -> assertThat(s.getAttributes().get(GenAiAttributes.OUTPUT_MESSAGES)).isNull());
    assertThat(chat().getAttributes().get(GenAiAttributes.OUTPUT_MESSAGES)).contains("\"a\"");
  }

  @Test
  void autoconfigureAddsItToTheLoggerProvider() {
    OpenTelemetrySdk sdk = Autoconfigured.build(Map.of("otel.logs.exporter", "none"), spans);
    open = sdk;
    converse(sdk, "Autoconfigured?", "Yes.");
    assertThat(chat().getAttributes().get(GenAiAttributes.INPUT_MESSAGES))
        .contains("Autoconfigured?");
    assertThat(chat().getAttributes().get(GenAiAttributes.OUTPUT_MESSAGES)).contains("Yes.");
  }

  @Test
  void installAddsItToTheLoggerProvider() {
    Last9GenAi genai =
        Last9GenAi.builder()
            .setGlobal(false)
            .property("otel.traces.exporter", "none")
            .addSpanExporter(spans)
            .install();
    open = genai;
    converse(genai, "Installed?", "Yes.");
    assertThat(chat().getAttributes().get(GenAiAttributes.OUTPUT_MESSAGES)).contains("Yes.");
  }
}
