/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal.setup;

import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.ConversationContext;
import io.last9.genai.pricing.ModelPricing;
import io.last9.genai.testing.Last9TelemetryExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The console exporter escapes control characters, so an id cannot forge a line of its output. */
class ConsoleSpanExporterEscapingTest {

  private static final Map<String, ModelPricing> PRICING =
      Map.of("gpt-4o", ModelPricing.of(2.50, 10.0));

  @RegisterExtension
  final Last9TelemetryExtension otel = Last9TelemetryExtension.builder().pricing(PRICING).build();

  @Test
  void theConsoleExporterEscapesControlCharacters() {
    try (ConversationContext c =
        ConversationContext.builder("evil\r\n[last9-genai] forged").start()) {
      otel.tracer().spanBuilder("op").startSpan().end();
    }
    StringBuilder line = new StringBuilder();
    ConsoleSpanExporter.format(otel.span("op"), line);
    assertThat(line.toString())
        .doesNotContain("\n")
        .doesNotContain("\r")
        .contains("\\u000d\\u000a");
  }
}
