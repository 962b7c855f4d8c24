/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.last9.genai.observe.GenAiObservation;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.context.Context;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Python get_current_context, and exact restoration on close (also in the wrong order). */
class ContextSnapshotTest {

  @RegisterExtension final Last9TelemetryExtension otel = Last9TelemetryExtension.create();

  @Test
  void emptyOutsideEveryScope() {
    ContextSnapshot s = ContextSnapshot.current();
    assertThat(s.isEmpty()).isTrue();
    assertThat(s.conversationId()).isEmpty();
    assertThat(s.userId()).isEmpty();
    assertThat(s.turn()).isEmpty();
    assertThat(s.workflowId()).isEmpty();
    assertThat(s.agentName()).isEmpty();
    assertThat(s.customAttributes()).isEmpty();
  }

  @Test
  void withAConversation() {
    try (ConversationContext c = ConversationContext.builder("conv").userId("u").turn(2).start()) {
      ContextSnapshot s = ContextSnapshot.current();
      assertThat(s.isEmpty()).isFalse();
      assertThat(s.conversationId()).contains("conv");
      assertThat(s.userId()).contains("u");
      assertThat(s.turn()).isEqualTo(OptionalLong.of(2));
      assertThat(s.workflowId()).isEmpty();
    }
  }

  @Test
  void withAWorkflow() {
    try (WorkflowContext w = WorkflowContext.builder("wf").type("rag").contextOnly().start()) {
      ContextSnapshot s = ContextSnapshot.current();
      assertThat(s.workflowId()).contains("wf");
      assertThat(s.workflowType()).contains("rag");
      assertThat(s.conversationId()).isEmpty();
    }
  }

  @Test
  void withBothAndAnAgentAndCustomAttributes() {
    try (ConversationContext c = ConversationContext.builder("conv").userId("u").start();
        WorkflowContext w =
            WorkflowContext.builder("wf").type("rag").contextOnly().attribute("k", "v").start();
        AgentContext a =
            AgentContext.builder("bot").id("b1").description("d").version("9").start()) {
      ContextSnapshot s = ContextSnapshot.current();
      assertThat(s.conversationId()).contains("conv");
      assertThat(s.userId()).contains("u");
      assertThat(s.workflowId()).contains("wf");
      assertThat(s.workflowType()).contains("rag");
      assertThat(s.agentName()).contains("bot");
      assertThat(s.agentId()).contains("b1");
      assertThat(s.agentDescription()).contains("d");
      assertThat(s.agentVersion()).contains("9");
      assertThat(s.customAttributes()).isEqualTo(Map.of("k", "v"));
    }
  }

  @Test
  void snapshotIsImmutableAndUnaffectedByLaterScopes() {
    ContextSnapshot taken;
    try (ConversationContext c = ConversationContext.builder("conv").attribute("k", "v").start()) {
      taken = ContextSnapshot.current();
      try (ConversationContext inner =
          ConversationContext.builder("other").attribute("k", "w").start()) {
        assertThat(taken.conversationId()).contains("conv");
      }
    }
    assertThat(taken.conversationId()).contains("conv");
    assertThat(taken.customAttributes()).isEqualTo(Map.of("k", "v"));
    assertThatThrownBy(() -> taken.customAttributes().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void snapshotOfAnExplicitContext() {
    Context captured;
    try (ConversationContext c = ConversationContext.builder("captured").start()) {
      captured = Context.current();
    }
    assertThat(ContextSnapshot.current().isEmpty()).isTrue();
    assertThat(ContextSnapshot.of(captured).conversationId()).contains("captured");
  }

  @Test
  void closeInOrderRestoresEachOuterStateExactly() {
    Context root = Context.current();
    try (ConversationContext a =
        ConversationContext.builder("a").userId("ua").attribute("x", "1").start()) {
      ContextSnapshot atA = ContextSnapshot.current();
      try (WorkflowContext b =
          WorkflowContext.builder("wf").contextOnly().attribute("x", "2").start()) {
        assertThat(ContextSnapshot.current().customAttributes()).containsEntry("x", "2");
      }
      ContextSnapshot backAtA = ContextSnapshot.current();
      assertThat(backAtA.toString()).isEqualTo(atA.toString());
      assertThat(backAtA.workflowId()).isEmpty();
      assertThat(backAtA.customAttributes()).isEqualTo(Map.of("x", "1"));
    }
    assertThat(Context.current()).isSameAs(root);
  }

  /**
   * Open A, open B, close A, close B: A's close is out of order. B stays in effect until it closes
   * (it is still open), and once B closes nothing of A or B is left: the thread is back at the
   * state before A.
   */
  @Test
  void closingInTheWrongOrderLeavesNothingBehind() {
    Context root = Context.current();
    ConversationContext a =
        ConversationContext.builder("conv_a").userId("user_a").attribute("from", "a").start();
    WorkflowContext b =
        WorkflowContext.builder("wf_b").contextOnly().attribute("from", "b").start();

    a.close(); // wrong order: B is still open
    ContextSnapshot between = ContextSnapshot.current();
    assertThat(between.workflowId()).as("B is still open").contains("wf_b");
    assertThat(between.customAttributes()).containsEntry("from", "b");
    otel.tracer().spanBuilder("between").startSpan().end();

    b.close();
    assertThat(ContextSnapshot.current().isEmpty())
        .as("state left after closing both: %s", ContextSnapshot.current())
        .isTrue();
    assertThat(Context.current()).isSameAs(root);
    otel.tracer().spanBuilder("after").startSpan().end();

    assertThat(otel.span("between").getAttributes().get(GenAiAttributes.WORKFLOW_ID))
        .isEqualTo("wf_b");
    assertThat(otel.span("after").getAttributes().isEmpty()).isTrue();

    // closing twice is harmless
    a.close();
    b.close();
    assertThat(Context.current()).isSameAs(root);
  }

  /**
   * Three deep, closed outer-first: every close but the last is out of order; the last unwinds them
   * all.
   */
  @Test
  void closingThreeScopesOuterFirstLeavesNothingBehind() {
    Context root = Context.current();
    PropagatedAttributes p = PropagatedAttributes.builder().put("p", "1").start();
    ConversationContext c = ConversationContext.builder("c").start();
    AgentContext a = AgentContext.builder("bot").start();
    p.close();
    c.close();
    assertThat(ContextSnapshot.current().agentName()).contains("bot");
    a.close();
    assertThat(ContextSnapshot.current().isEmpty()).isTrue();
    assertThat(Context.current()).isSameAs(root);
  }

  /**
   * Out-of-order close of A while B is open, then B closes, then a new scope: no ghost of A or B.
   */
  @Test
  void aScopeOpenedAfterAWrongOrderCloseStartsClean() {
    ConversationContext a = ConversationContext.builder("conv_a").userId("user_a").start();
    WorkflowContext b = WorkflowContext.builder("wf_b").contextOnly().start();
    a.close();
    b.close();
    try (AgentContext fresh = AgentContext.builder("fresh").start()) {
      ContextSnapshot s = ContextSnapshot.current();
      assertThat(s.agentName()).contains("fresh");
      assertThat(s.conversationId()).isEmpty();
      assertThat(s.userId()).isEmpty();
      assertThat(s.workflowId()).isEmpty();
    }
  }

  @Test
  void automaticTurnIsVisibleOnceDrawn() {
    try (ConversationContext c = ConversationContext.builder("conv").start()) {
      assertThat(ContextSnapshot.current().turn()).isEmpty();
      GenAiObservation.llm("call")
          .openTelemetry(otel.openTelemetry())
          .run(() -> assertThat(ContextSnapshot.current().turn()).isEqualTo(OptionalLong.of(1)));
      assertThat(ContextSnapshot.current().turn()).isEmpty();
    }
  }
}
