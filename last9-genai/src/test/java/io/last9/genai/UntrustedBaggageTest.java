/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import static io.last9.genai.GenAiAttributes.CONVERSATION_ID;
import static io.last9.genai.GenAiAttributes.CONVERSATION_TURN;
import static io.last9.genai.GenAiAttributes.USER_ID;
import static io.last9.genai.GenAiAttributes.WORKFLOW_ID;
import static io.last9.genai.GenAiAttributes.WORKFLOW_TOTAL_COST_USD;
import static io.last9.genai.InboundHeaders.inbound;
import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.observe.GenAiObservation;
import io.last9.genai.pricing.ModelPricing;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Ids that arrive as W3C Baggage are not trusted: a user id is not stamped unless allowed, a
 * foreign workflow id feeds no local total, values with control characters or past the length bound
 * are dropped, and what is stamped reaches the spans inside an observed call.
 */
class UntrustedBaggageTest {

  private static final Map<String, ModelPricing> PRICING =
      Map.of("gpt-4o", ModelPricing.of(2.50, 10.0));

  @RegisterExtension
  final Last9TelemetryExtension otel = Last9TelemetryExtension.builder().pricing(PRICING).build();

  @Test
  void baggageUserIdIsNotStampedByDefaultAndForeignWorkflowIdsFeedNoLocalTotal() {
    Last9TelemetryExtension downstream =
        Last9TelemetryExtension.builder()
            .pricing(PRICING)
            .processor(b -> b.stampFromBaggage(true))
            .build();
    downstream.start();
    try (WorkflowContext victim =
        WorkflowContext.builder("wf-victim")
            .type("rag")
            .openTelemetry(downstream.openTelemetry())
            .start()) {
      FakeLlm.instrumentedChat(
          downstream.tracer(), "gpt-4o", 1_000, 500); // the victim's own call: $0.0075
      // meanwhile, a request from outside claims the victim's workflow and user, with a 2M-token
      // call
      Context attacker =
          inbound("workflow.id=wf-victim,user.id=victim-42,gen_ai.conversation.id=c-1");
      try (Scope s = attacker.makeCurrent()) {
        FakeLlm.instrumentedChat(downstream.tracer(), "gpt-4o", 2_000_000, 1_000_000);
      }
    }
    List<SpanData> chats = downstream.spans("chat gpt-4o");
    SpanData outsider = chats.get(1);
    assertThat(outsider.getAttributes().get(WORKFLOW_ID))
        .isEqualTo("wf-victim"); // stamped, for correlation
    assertThat(outsider.getAttributes().get(USER_ID))
        .as("user.id is off the default allowlist")
        .isNull();
    assertThat(downstream.span("invoke_workflow rag").getAttributes().get(WORKFLOW_TOTAL_COST_USD))
        .isEqualTo(0.0075);
    downstream.close();
  }

  @Test
  void baggageValuesWithControlCharactersOrExcessLengthAreDropped() {
    Last9TelemetryExtension downstream =
        Last9TelemetryExtension.builder().processor(b -> b.stampFromBaggage(true)).build();
    downstream.start();
    Context in =
        inbound(
            "gen_ai.conversation.id="
                + "a".repeat(300)
                + ",workflow.id=ok-1,gen_ai.conversation.turn=x7");
    try (Scope s = in.makeCurrent()) {
      downstream.tracer().spanBuilder("served").startSpan().end();
    }
    Attributes a = downstream.span("served").getAttributes();
    assertThat(a.get(CONVERSATION_ID)).isNull();
    assertThat(a.get(WORKFLOW_ID)).isEqualTo("ok-1");
    assertThat(a.get(CONVERSATION_TURN)).isNull();
    downstream.close();
  }

  @Test
  void spansInsideAnObservedCallGetUpstreamIds() {
    Last9TelemetryExtension downstream =
        Last9TelemetryExtension.builder().processor(b -> b.stampFromBaggage(true)).build();
    downstream.start();
    try (Scope s = inbound("gen_ai.conversation.id=up-1").makeCurrent()) {
      GenAiObservation.tool("lookup")
          .openTelemetry(downstream.openTelemetry())
          .run(() -> downstream.tracer().spanBuilder("db").startSpan().end());
    }
    assertThat(downstream.span("db").getAttributes().get(CONVERSATION_ID)).isEqualTo("up-1");
    assertThat(downstream.span("lookup").getAttributes().get(CONVERSATION_ID)).isEqualTo("up-1");
    downstream.close();
  }
}
