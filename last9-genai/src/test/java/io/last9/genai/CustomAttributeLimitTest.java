/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import static io.last9.genai.GenAiAttributes.CONVERSATION_ID;
import static io.last9.genai.GenAiAttributes.USAGE_COST_USD;
import static io.last9.genai.GenAiAttributes.WORKFLOW_TOTAL_COST_USD;
import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.pricing.ModelPricing;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.api.common.Attributes;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The library's own keys survive the span attribute limit, however many custom attributes. */
class CustomAttributeLimitTest {

  private static final Map<String, ModelPricing> PRICING =
      Map.of("gpt-4o", ModelPricing.of(2.50, 10.0));

  @RegisterExtension
  final Last9TelemetryExtension otel = Last9TelemetryExtension.builder().pricing(PRICING).build();

  @Test
  void hundredsOfCustomAttributesCannotCrowdOutTheLibrarysKeys() {
    Map<String, Object> custom = new HashMap<>();
    for (int i = 0; i < 200; i++) {
      custom.put("k" + i, i);
    }
    try (ConversationContext c = ConversationContext.builder("conv").attributes(custom).start();
        WorkflowContext w =
            WorkflowContext.builder("wf").type("rag").openTelemetry(otel.openTelemetry()).start()) {
      FakeLlm.instrumentedChat(otel.tracer(), "gpt-4o", 1_000, 500);
    }
    Attributes chat = otel.span("chat gpt-4o").getAttributes();
    assertThat(chat.get(CONVERSATION_ID)).isEqualTo("conv");
    assertThat(chat.get(USAGE_COST_USD)).isEqualTo(0.0075);
    assertThat(chat.asMap().keySet().stream().filter(k -> k.getKey().startsWith("custom.")))
        .hasSize(32);
    assertThat(otel.span("invoke_workflow rag").getAttributes().get(WORKFLOW_TOTAL_COST_USD))
        .isEqualTo(0.0075);
  }
}
