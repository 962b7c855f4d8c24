/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.last9.genai.GenAiAttributes;
import io.last9.genai.WorkflowContext;
import io.last9.genai.internal.HostTelemetry;
import io.last9.genai.internal.Registrations;
import io.last9.genai.testing.Autoconfigured;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The extension jar on an application's class path, beside the core, under the SDK's autoconfigure
 * (not the agent): only the core's provider adds a processor, so a call is counted once in its
 * workflow.
 */
class OnTheClassPathTest {

  @Test
  void outsideTheAgentTheExtensionAddsNoSecondProcessor() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    OpenTelemetrySdk sdk = Autoconfigured.build(Map.of(), exporter);
    try (Registrations.Registration preferred = HostTelemetry.prefer(sdk)) {
      double total;
      try (WorkflowContext w = WorkflowContext.builder("w-classpath").start()) {
        Span chat =
            sdk.getTracer("test")
                .spanBuilder("chat gpt-4o")
                .setAttribute(GenAiAttributes.OPERATION_NAME, "chat")
                .setAttribute(GenAiAttributes.REQUEST_MODEL, "gpt-4o")
                .setAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 1_000L)
                .setAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, 100L)
                .startSpan();
        chat.end();
        total = w.totalCostUsd();
      }
      SpanData chat =
          exporter.getFinishedSpanItems().stream()
              .filter(s -> s.getName().equals("chat gpt-4o"))
              .findFirst()
              .orElseThrow();
      double cost = chat.getAttributes().get(GenAiAttributes.USAGE_COST_USD);
      assertThat(cost).isCloseTo((1_000 * 2.50 + 100 * 10.0) / 1e6, within(1e-12));
      assertThat(total).as("counted once in its workflow").isCloseTo(cost, within(1e-12));
    } finally {
      sdk.close();
    }
  }
}
