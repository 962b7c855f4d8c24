/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.last9.genai.GenAiAttributes;
import io.last9.genai.content.ContentRedactor;
import io.last9.genai.pricing.ModelPricing;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The message of an exception an observed call records is captured content: it goes through the
 * redactor, and with content capture off no message is exported, only the exception's type.
 */
class ErrorMessagePrivacyTest {

  private static final Map<String, ModelPricing> PRICING =
      Map.of("gpt-4o", ModelPricing.of(2.50, 10.0));

  @RegisterExtension
  final Last9TelemetryExtension otel = Last9TelemetryExtension.builder().pricing(PRICING).build();

  private GenAiObservationBuilder llm(String name) {
    return GenAiObservation.llm(name).openTelemetry(otel.openTelemetry());
  }

  @Test
  void exceptionMessagesGoThroughTheRedactor() {
    ContentRedactor maskSsn =
        (field, text) -> text.replaceAll("\\d{3}-\\d{2}-\\d{4}", "***-**-****");
    IllegalArgumentException own =
        new IllegalArgumentException(
            "bad SSN 123-45-6789 in prompt", new IllegalStateException("cause quotes 987-65-4321"));
    assertThatThrownBy(
            () ->
                llm("chat")
                    .redactor(maskSsn)
                    .input("my SSN is 123-45-6789")
                    .get(
                        () -> {
                          throw own;
                        }))
        .isSameAs(own);
    SpanData span = otel.span("chat");
    String exported = span.getStatus().getDescription() + span.getEvents() + span.getAttributes();
    assertThat(exported)
        .doesNotContain("123-45-6789")
        .doesNotContain("987-65-4321")
        .contains("***-**-****");
    assertThat(span.getEvents()).filteredOn(e -> e.getName().equals("exception")).hasSize(1);
  }

  @Test
  void withCaptureOffNoExceptionMessageIsExported() {
    IllegalArgumentException own = new IllegalArgumentException("secret 123-45-6789");
    assertThatThrownBy(
            () ->
                llm("chat")
                    .captureInput(false)
                    .captureOutput(false)
                    .get(
                        () -> {
                          throw own;
                        }))
        .isSameAs(own);
    SpanData span = otel.span("chat");
    String exported = span.getStatus().getDescription() + span.getEvents() + span.getAttributes();
    assertThat(exported).doesNotContain("secret");
    assertThat(span.getAttributes().get(GenAiAttributes.ERROR_TYPE))
        .isEqualTo("java.lang.IllegalArgumentException");
  }
}
