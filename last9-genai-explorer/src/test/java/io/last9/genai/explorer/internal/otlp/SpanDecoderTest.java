/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.explorer.internal.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.last9.genai.explorer.internal.store.DuckDbSpanStore;
import io.last9.genai.explorer.internal.store.Messages;
import io.last9.genai.explorer.internal.store.SpanRecord;
import io.last9.genai.pricing.CostCalculator;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The older content keys other sources still write, and the attribute JSON. */
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

  @Test
  void attributesTheColumnsHoldAreStoredOnceAndReadBackWhole() throws Exception {
    Span.Builder span =
        span()
            .addAttributes(kv("gen_ai.conversation.id", "conv-1"))
            .addAttributes(kv("gen_ai.response.model", "gpt-4o-2024-08-06"))
            .addAttributes(kv("gen_ai.request.model", "gpt-4o")) // not the model column
            .addAttributes(kv("gen_ai.provider.name", "openai"))
            .addAttributes(number("gen_ai.usage.input_tokens", 1250))
            .addAttributes(kv("gen_ai.conversation.turn", "3")) // text: the column is a number
            .addAttributes(decimal("gen_ai.usage.cost_usd", 0.1 + 0.2))
            .addAttributes(kv("gen_ai.input.messages", "[{\"role\":\"user\",\"content\":\"Hi\"}]"))
            .addAttributes(kv("user.id", "first"))
            .addAttributes(kv("user.id", "second")) // sent twice: both kept
            .addAttributes(kv("http.request.method", "POST"));
    SpanRecord r = decode(span);
    // what the columns hold is not stored again
    assertThat(r.attributes())
        .doesNotContain("conv-1", "gpt-4o-2024-08-06", "openai", "1250", "Hi")
        .contains("\"gen_ai.request.model\":\"gpt-4o\"", "\"gen_ai.conversation.turn\":\"3\"");

    ObjectMapper json = new ObjectMapper();
    ObjectNode expected = json.createObjectNode();
    for (KeyValue kv : span.getAttributesList()) {
      AnyValue v = kv.getValue();
      if (v.hasIntValue()) {
        expected.put(kv.getKey(), v.getIntValue());
      } else if (v.hasDoubleValue()) {
        expected.put(kv.getKey(), v.getDoubleValue());
      } else {
        expected.put(kv.getKey(), v.getStringValue());
      }
    }
    try (DuckDbSpanStore store = DuckDbSpanStore.open(null, Duration.ofDays(30), 100)) {
      store.append(List.of(r));
      SpanRecord stored = store.trace(r.traceId()).get(0).span();
      String attributes = stored.attributes();
      ObjectNode actual = (ObjectNode) json.readTree(attributes);
      actual.remove("user.id"); // a key twice is no JSON object: its two values are below
      expected.remove("user.id");
      assertThat(actual).isEqualTo(json.readTree(expected.toString())); // 1250 as an int node
      assertThat(attributes).contains("\"user.id\":\"first\"", "\"user.id\":\"second\"");
    }
  }

  private static KeyValue number(String key, long value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setIntValue(value))
        .build();
  }

  private static KeyValue decimal(String key, double value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setDoubleValue(value))
        .build();
  }

  @Test
  void readFromTheWireAsFromParsedMessages() {
    Span.Builder span =
        span()
            .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
            .setParentSpanId(ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}))
            .setStatus(
                Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("boom"))
            .addAttributes(kv("gen_ai.response.model", "gpt-4o"))
            .addAttributes(number("gen_ai.usage.input_tokens", 10))
            .addAttributes(
                KeyValue.newBuilder()
                    .setKey("tags")
                    .setValue(
                        AnyValue.newBuilder()
                            .setArrayValue(
                                ArrayValue.newBuilder()
                                    .addValues(AnyValue.newBuilder().setStringValue("a"))
                                    .addValues(AnyValue.newBuilder().setBoolValue(true)))))
            .addAttributes(
                KeyValue.newBuilder()
                    .setKey("raw")
                    .setValue(AnyValue.newBuilder().setBytesValue(ByteString.copyFromUtf8("x"))))
            .addEvents(
                Span.Event.newBuilder()
                    .setName("gen_ai.content.prompt")
                    .addAttributes(kv("gen_ai.prompt", "from an event")));
    ExportTraceServiceRequest request =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(
                ResourceSpans.newBuilder()
                    .addScopeSpans(ScopeSpans.newBuilder().addSpans(span).addSpans(span()))
                    .setResource(Resource.newBuilder().addAttributes(kv("service.name", "svc"))))
            .build();
    List<SpanRecord> parsed = decoder.decode(request);
    assertThat(decoder.decode(request.toByteArray())).isEqualTo(parsed);
    SpanRecord first = parsed.get(0);
    assertThat(first.service()).isEqualTo("svc");
    assertThat(first.kind()).isEqualTo("CLIENT");
    assertThat(first.error()).isTrue();
    assertThat(first.statusMessage()).isEqualTo("boom");
    assertThat(first.parentSpanId()).isEqualTo("0102030405060708");
    assertThat(first.inputMessages()).isEqualTo("from an event");
    assertThat(first.attributes()).contains("\"tags\":[\"a\",true]", "\"raw\":\"eA==\"");
  }

  @Test
  void aBodyThatIsNoProtobufIsRefused() {
    assertThatThrownBy(() -> decoder.decode(new byte[] {0x0a, 0x7f, 0x01}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an OTLP protobuf message");
  }

  /** The span decoded from a parsed request, checked to be what the wire reader makes of it. */
  private SpanRecord decode(Span.Builder span) {
    ExportTraceServiceRequest request =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(
                ResourceSpans.newBuilder().addScopeSpans(ScopeSpans.newBuilder().addSpans(span)))
            .build();
    SpanRecord parsed = decoder.decode(request).get(0);
    assertThat(decoder.decode(request.toByteArray())).containsExactly(parsed);
    return parsed;
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
