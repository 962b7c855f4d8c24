/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.explorer.internal.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.last9.genai.explorer.internal.store.Messages;
import io.last9.genai.explorer.internal.store.SpanRecord;
import io.last9.genai.pricing.CostCalculator;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;

/** The older content keys other sources still write. */
class SpanDecoderTest {

  private final SpanDecoder decoder = new SpanDecoder(CostCalculator.getDefault());

  @Test
  void legacyPromptAndCompletionAttributesAsJsonMessages() {
    SpanRecord r =
        decode(
            span()
                .addAttributes(
                    kv(
                        "gen_ai.prompt",
                        "[{\"role\":\"system\",\"content\":\"Be brief\"},"
                            + "{\"role\":\"user\",\"content\":\"Hi there\"}]"))
                .addAttributes(
                    kv("gen_ai.completion", "[{\"role\":\"assistant\",\"content\":\"Hello\"}]")));
    assertThat(Messages.lastUserText(r.inputMessages())).isEqualTo("Hi there");
    assertThat(Messages.firstText(r.outputMessages())).isEqualTo("Hello");
  }

  @Test
  void legacyPlainTextAndIndexedKeys() {
    SpanRecord plain =
        decode(
            span()
                .addAttributes(kv("gen_ai.prompt", "plain question"))
                .addAttributes(kv("gen_ai.completion", "plain answer")));
    assertThat(Messages.lastUserText(plain.inputMessages())).isEqualTo("plain question");
    assertThat(Messages.firstText(plain.outputMessages())).isEqualTo("plain answer");

    SpanRecord indexed =
        decode(
            span()
                .addAttributes(kv("gen_ai.prompt.0.role", "system"))
                .addAttributes(kv("gen_ai.prompt.0.content", "Be brief"))
                .addAttributes(kv("gen_ai.prompt.1.role", "user"))
                .addAttributes(kv("gen_ai.prompt.1.content", "indexed question"))
                .addAttributes(kv("gen_ai.completion.0.content", "indexed answer")));
    assertThat(Messages.lastUserText(indexed.inputMessages())).isEqualTo("indexed question");
    assertThat(Messages.firstText(indexed.outputMessages())).isEqualTo("indexed answer");
  }

  @Test
  void legacyContentEvents() {
    SpanRecord r =
        decode(
            span()
                .addEvents(
                    Span.Event.newBuilder()
                        .setName("gen_ai.content.prompt")
                        .addAttributes(kv("gen_ai.prompt", "event question")))
                .addEvents(
                    Span.Event.newBuilder()
                        .setName("gen_ai.content.completion")
                        .addAttributes(kv("gen_ai.completion", "event answer"))));
    assertThat(Messages.lastUserText(r.inputMessages())).isEqualTo("event question");
    assertThat(Messages.firstText(r.outputMessages())).isEqualTo("event answer");
  }

  @Test
  void aModelNoCatalogKnowsIsMarkedUnpricedNeverZero() {
    SpanRecord r =
        decode(
            span()
                .addAttributes(kv("gen_ai.request.model", "acme-llm-7"))
                .addAttributes(kv("gen_ai.provider.name", "acme"))
                .addAttributes(
                    KeyValue.newBuilder()
                        .setKey("gen_ai.usage.input_tokens")
                        .setValue(AnyValue.newBuilder().setIntValue(100))));
    assertThat(r.costUsd()).isNull();
    assertThat(r.pricedByExplorer()).isFalse();
    assertThat(r.unpricedReason()).isNotNull();
  }

  private SpanRecord decode(Span.Builder span) {
    return decoder
        .decode(
            ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(
                    ResourceSpans.newBuilder()
                        .addScopeSpans(ScopeSpans.newBuilder().addSpans(span)))
                .build())
        .get(0);
  }

  private static Span.Builder span() {
    return Span.newBuilder()
        .setTraceId(ByteString.copyFrom(new byte[16]))
        .setSpanId(ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 0, 1}))
        .setName("chat")
        .setStartTimeUnixNano(1_000)
        .setEndTimeUnixNano(2_000);
  }

  private static KeyValue kv(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }
}
