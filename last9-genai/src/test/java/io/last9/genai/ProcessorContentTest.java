/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import static io.last9.genai.GenAiAttributes.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.content.ContentField;
import io.last9.genai.content.ContentRedactor;
import io.last9.genai.content.RedactionRules;
import io.last9.genai.internal.setup.Last9AutoConfigurationCustomizerProvider;
import io.last9.genai.observe.GenAiObservation;
import io.last9.genai.testing.GenAiContentSchema;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The set-up's content settings, applied by the processor when a span ends: redaction rules on
 * every content attribute whoever wrote it, and the removed keys only with the legacy setting.
 */
class ProcessorContentTest {

  private static final String INPUT =
      "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"I am bob@example.com\"}]}]";
  private static final String OUTPUT =
      "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"Hi Bob\"},"
          + "{\"type\":\"tool_call\",\"id\":\"c1\",\"name\":\"mail\",\"arguments\":{\"to\":\"bob@example.com\"}}],"
          + "\"finish_reason\":\"tool_call\"}]";

  private static Attributes content() {
    return Attributes.builder()
        .put(OPERATION_NAME, "chat")
        .put(INPUT_MESSAGES, INPUT)
        .put(OUTPUT_MESSAGES, OUTPUT)
        .put(SYSTEM_INSTRUCTIONS, "[{\"type\":\"text\",\"content\":\"Mail ops@example.com\"}]")
        .build();
  }

  @Test
  void byDefaultNothingIsRewrittenAndNoRemovedKeyIsWritten() {
    try (Last9TelemetryExtension otel = Last9TelemetryExtension.create().start()) {
      otel.startAndEndSpan("chat gpt-4o", content());
      SpanData span = otel.span("chat gpt-4o");
      assertThat(span.getAttributes().get(INPUT_MESSAGES)).isEqualTo(INPUT);
      assertThat(span.getAttributes().get(PROMPT)).isNull();
      assertThat(span.getAttributes().get(COMPLETION)).isNull();
      assertThat(span.getEvents()).isEmpty();
    }
  }

  @Test
  void theRulesRedactEveryContentAttributeAndKeepItsSchema() {
    RedactionRules rules = RedactionRules.builder().emails(true).hashKey("k").build();
    String token = rules.redact(null, "bob@example.com");
    try (Last9TelemetryExtension otel =
        Last9TelemetryExtension.builder()
            .processor(p -> p.contentRedaction(rules))
            .build()
            .start()) {
      otel.startAndEndSpan(
          "chat gpt-4o",
          content().toBuilder().put(TOOL_CALL_ARGUMENTS, "{\"to\":\"bob@example.com\"}").build());
      SpanData span = otel.span("chat gpt-4o");
      assertThat(GenAiContentSchema.assertValid(span)).isEqualTo(3);
      assertThat(span.getAttributes().asMap().toString()).doesNotContain("@example.com");
      assertThat(GenAiContentSchema.texts(span, INPUT_MESSAGES)).containsExactly("I am " + token);
      assertThat(span.getAttributes().get(OUTPUT_MESSAGES)).contains("{\"to\":\"" + token + "\"}");
      assertThat(span.getAttributes().get(TOOL_CALL_ARGUMENTS))
          .isEqualTo("{\"to\":\"" + token + "\"}");
    }
  }

  @Test
  void theRulesSeeEachValuesPlace() {
    List<ContentField> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
    ContentRedactor spy =
        (field, value) -> {
          seen.add(field);
          return value;
        };
    try (Last9TelemetryExtension otel =
        Last9TelemetryExtension.builder().processor(p -> p.contentRedaction(spy)).build().start()) {
      otel.startAndEndSpan("chat gpt-4o", content());
    }
    assertThat(seen)
        .contains(
            ContentField.of(ContentRedactor.Side.INPUT, "user", "text", "content"),
            ContentField.of(ContentRedactor.Side.OUTPUT, "assistant", "text", "content"),
            ContentField.of(ContentRedactor.Side.OUTPUT, "assistant", "tool_call", "arguments"),
            ContentField.of(ContentRedactor.Side.INPUT, "system", "text", "content"));
  }

  @Test
  void withTheLegacySettingTheRemovedKeysAreDerived() {
    try (Last9TelemetryExtension otel =
        Last9TelemetryExtension.builder()
            .processor(p -> p.legacyContentKeys(true))
            .build()
            .start()) {
      otel.startAndEndSpan(
          "one",
          Attributes.of(
              INPUT_MESSAGES,
              "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\"hello\"}]}]"));
      otel.startAndEndSpan("chat gpt-4o", content());
      SpanData one = otel.span("one");
      assertThat(one.getAttributes().get(PROMPT)).isEqualTo("hello");
      assertThat(one.getEvents()).extracting(EventData::getName).containsExactly(EVENT_PROMPT);
      SpanData chat = otel.span("chat gpt-4o");
      assertThat(chat.getAttributes().get(PROMPT))
          .isEqualTo(
              "[{\"role\":\"system\",\"content\":\"Mail ops@example.com\"},"
                  + "{\"role\":\"user\",\"content\":\"I am bob@example.com\"}]");
      assertThat(chat.getAttributes().get(COMPLETION))
          .isEqualTo(
              "[{\"role\":\"assistant\",\"content\":\"Hi Bob\",\"tool_calls\":[{\"id\":\"c1\","
                  + "\"type\":\"function\",\"function\":{\"name\":\"mail\","
                  + "\"arguments\":\"{\\\"to\\\":\\\"bob@example.com\\\"}\"}}],\"finish_reason\":\"tool_call\"}]");
      assertThat(chat.getEvents())
          .extracting(EventData::getName)
          .containsExactly(EVENT_PROMPT, EVENT_COMPLETION);
    }
  }

  @Test
  void theObserveWrapperWithBothSettings() {
    RedactionRules rules = RedactionRules.builder().emails(true).hashKey("k").build();
    try (Last9TelemetryExtension otel =
        Last9TelemetryExtension.builder()
            .processor(p -> p.contentRedaction(rules).legacyContentKeys(true))
            .build()
            .start()) {
      GenAiObservation.llm("chat")
          .openTelemetry(otel.openTelemetry())
          .input("I am bob@example.com")
          .get(() -> "ok");
      SpanData span = otel.span("chat");
      assertThat(span.getAttributes().get(PROMPT))
          .as("the removed key is derived from the redacted content")
          .isEqualTo("I am " + rules.redact(null, "bob@example.com"));
      assertThat(span.getAttributes().get(COMPLETION)).isEqualTo("ok");
    }
  }

  @Test
  void autoconfigurePropertiesSetBothAndTheirDefaultsAreOff() {
    Last9SpanProcessor defaults =
        Last9AutoConfigurationCustomizerProvider.fromConfig(
            DefaultConfigProperties.createFromMap(Map.of()));
    Last9SpanProcessor configured =
        Last9AutoConfigurationCustomizerProvider.fromConfig(
            DefaultConfigProperties.createFromMap(
                Map.of(
                    "otel.last9.genai.content.legacy-keys", "true",
                    "otel.last9.genai.content.redact.emails", "true",
                    "otel.last9.genai.content.redact.hash-key", "shared")));
    try (Last9TelemetryExtension a =
            Last9TelemetryExtension.builder().addSpanProcessor(() -> defaults).build().start();
        Last9TelemetryExtension b =
            Last9TelemetryExtension.builder().addSpanProcessor(() -> configured).build().start()) {
      a.startAndEndSpan("chat gpt-4o", content());
      b.startAndEndSpan("chat gpt-4o", content());
      assertThat(a.span("chat gpt-4o").getAttributes().get(PROMPT)).isNull();
      assertThat(a.span("chat gpt-4o").getAttributes().get(INPUT_MESSAGES)).isEqualTo(INPUT);
      String token =
          RedactionRules.builder()
              .emails(true)
              .hashKey("shared")
              .build()
              .redact(null, "bob@example.com");
      assertThat(b.span("chat gpt-4o").getAttributes().get(INPUT_MESSAGES)).contains(token);
      assertThat(b.span("chat gpt-4o").getAttributes().get(PROMPT)).contains(token);
    }
  }
}
