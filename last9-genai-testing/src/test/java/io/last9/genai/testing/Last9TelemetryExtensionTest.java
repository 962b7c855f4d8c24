/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.testing;

import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.assertThat;
import static io.opentelemetry.sdk.testing.assertj.OpenTelemetryAssertions.equalTo;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.last9.genai.ConversationContext;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.pricing.ModelPricing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The extension's SDK prices spans, records the cost metric and start attributes; the leak check
 * fires.
 */
class Last9TelemetryExtensionTest {

  @RegisterExtension
  final Last9TelemetryExtension otel =
      Last9TelemetryExtension.builder()
          .pricing(Map.of("my-model", ModelPricing.of(2.0, 8.0)))
          .build();

  private void chatSpan(String model, long input, long output) {
    otel.tracer()
        .spanBuilder("chat " + model)
        .setAttribute(GenAiAttributes.OPERATION_NAME, "chat")
        .setAttribute(GenAiAttributes.REQUEST_MODEL, model)
        .setAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, input)
        .setAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, output)
        .startSpan()
        .end();
  }

  @Test
  void spansArePricedAndTheCostMetricSumsTheSame() {
    try (ConversationContext c = ConversationContext.builder("conv-1").start()) {
      chatSpan("my-model", 1_000, 500);
      chatSpan("my-model", 2_000, 0);
    }

    // 1,000 x 2 + 500 x 8 = 6,000; 2,000 x 2 = 4,000 -> 10,000 per million
    assertThat(otel.spans("chat my-model")).hasSize(2);
    assertThat(otel.spans("chat my-model").get(0))
        .hasAttributesSatisfying(
            equalTo(GenAiAttributes.CONVERSATION_ID, "conv-1"),
            equalTo(GenAiAttributes.USAGE_COST_USD, 0.006));
    org.assertj.core.api.Assertions.assertThat(otel.sumOfSpanCosts())
        .isCloseTo(0.01, within(1e-12));
    org.assertj.core.api.Assertions.assertThat(otel.costMetricSum()).isCloseTo(0.01, within(1e-12));
    org.assertj.core.api.Assertions.assertThat(
            otel.attributesAtStart(otel.spans().get(0)).get(GenAiAttributes.CONVERSATION_ID))
        .isEqualTo("conv-1");
  }

  @Test
  void spanNamesTheOnesThereAreWhenItFindsNone() {
    chatSpan("my-model", 1, 1);

    assertThatThrownBy(() -> otel.span("chat other"))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("chat my-model");
  }

  @Test
  void theLeakCheckNamesALeakedScopeAndALeakedSpan() {
    ConversationContext leaked = ConversationContext.builder("leaky").start();
    try {
      assertThatThrownBy(ContextLeakCheck::assertNothingCurrent)
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("scope leaked")
          .hasMessageContaining("leaky");
    } finally {
      leaked.close();
    }
    Span span = otel.tracer().spanBuilder("open").startSpan();
    try (Scope ignored = span.makeCurrent()) {
      assertThatThrownBy(ContextLeakCheck::assertNothingCurrent)
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("span leaked");
    } finally {
      span.end();
    }
    ContextLeakCheck.assertNothingCurrent();
  }
}
