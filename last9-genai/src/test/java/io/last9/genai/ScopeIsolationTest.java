/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import static io.last9.genai.GenAiAttributes.CONVERSATION_ID;
import static io.last9.genai.GenAiAttributes.CONVERSATION_TURN;
import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.observe.GenAiObservation;
import io.last9.genai.pricing.ModelPricing;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.context.Context;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A scope survives what fails around it: a turn store that throws an {@code Error} leaves spans
 * without a turn, and another span processor that throws when the scope's span starts leaves the
 * scope's context in place and nothing behind.
 */
class ScopeIsolationTest {

  private static final Map<String, ModelPricing> PRICING =
      Map.of("gpt-4o", ModelPricing.of(2.50, 10.0));

  @RegisterExtension
  final Last9TelemetryExtension otel = Last9TelemetryExtension.builder().pricing(PRICING).build();

  @Test
  void aTurnStoreThatThrowsAnErrorLeavesSpansWithoutATurn() {
    Last9TelemetryExtension failing =
        Last9TelemetryExtension.builder()
            .turnStore(
                () ->
                    id -> {
                      throw new NoSuchMethodError("a store built against another version");
                    })
            .build();
    failing.start();
    try (ConversationContext c = ConversationContext.builder("conv").start()) {
      GenAiObservation.llm("chat").openTelemetry(failing.openTelemetry()).run(() -> {});
      failing
          .tracer()
          .spanBuilder("chat gpt-4o")
          .setAttribute(GenAiAttributes.OPERATION_NAME, "chat")
          .startSpan()
          .end();
    }
    assertThat(failing.spans())
        .hasSize(2)
        .allSatisfy(
            s -> {
              assertThat(s.getAttributes().get(CONVERSATION_ID)).isEqualTo("conv");
              assertThat(s.getAttributes().get(CONVERSATION_TURN)).isNull();
            });
    failing.close();
  }

  @Test
  void anotherProcessorThatThrowsInOnStartLeavesTheWorkflowContextOnly() {
    Last9TelemetryExtension broken =
        Last9TelemetryExtension.builder().addSpanProcessor(ThrowingProcessor::new).build();
    broken.start();
    try (WorkflowContext w =
        WorkflowContext.builder("wf").type("rag").openTelemetry(broken.openTelemetry()).start()) {
      assertThat(ContextSnapshot.current().workflowId()).hasValue("wf");
      assertThat(w.span().getSpanContext().isValid()).isFalse();
    }
    assertThat(ContextSnapshot.current().isEmpty()).isTrue();
    broken.close();
  }

  /** Another span processor of the application, one that throws when a span starts. */
  static final class ThrowingProcessor implements io.opentelemetry.sdk.trace.SpanProcessor {
    @Override
    public void onStart(Context parentContext, io.opentelemetry.sdk.trace.ReadWriteSpan span) {
      throw new IllegalStateException("another processor's bug");
    }

    @Override
    public boolean isStartRequired() {
      return true;
    }

    @Override
    public void onEnd(io.opentelemetry.sdk.trace.ReadableSpan span) {}

    @Override
    public boolean isEndRequired() {
      return false;
    }
  }
}
