/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import static io.last9.genai.GenAiAttributes.AGENT_DESCRIPTION;
import static io.last9.genai.GenAiAttributes.AGENT_ID;
import static io.last9.genai.GenAiAttributes.AGENT_NAME;
import static io.last9.genai.GenAiAttributes.AGENT_VERSION;
import static io.last9.genai.GenAiAttributes.CONVERSATION_ID;
import static io.last9.genai.GenAiAttributes.USER_ID;
import static io.last9.genai.GenAiAttributes.WORKFLOW_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Python test_context, agent_context part (12 tests), with the Java API. */
class AgentContextTest {

  @RegisterExtension final Last9TelemetryExtension otel = Last9TelemetryExtension.create();

  @Test
  void nameOnly() {
    try (AgentContext a = AgentContext.builder("support-bot").start()) {
      otel.startAndEndSpan("in");
    }
    assertThat(otel.attributesOf("in").get(AGENT_NAME)).isEqualTo("support-bot");
    assertThat(otel.attributesOf("in").get(AGENT_ID)).isNull();
    assertThat(otel.attributesOf("in").get(AGENT_DESCRIPTION)).isNull();
    assertThat(otel.attributesOf("in").get(AGENT_VERSION)).isNull();
  }

  @Test
  void allFourFields() {
    try (AgentContext a =
        AgentContext.builder("router")
            .id("agent-7")
            .description("Routes tickets")
            .version("2.1")
            .start()) {
      otel.startAndEndSpan("in");
    }
    Attributes in = otel.attributesOf("in");
    assertThat(in.get(AGENT_NAME)).isEqualTo("router");
    assertThat(in.get(AGENT_ID)).isEqualTo("agent-7");
    assertThat(in.get(AGENT_DESCRIPTION)).isEqualTo("Routes tickets");
    assertThat(in.get(AGENT_VERSION)).isEqualTo("2.1");
    // agent fields are gen_ai.agent.*, never custom.agent_* (as the Python SDK wrote them)
    assertThat(in.asMap().keySet()).noneMatch(k -> k.getKey().startsWith("custom."));
  }

  @Test
  void nestedSpansCarryTheAgent() {
    try (AgentContext a = AgentContext.builder("bot").id("1").start()) {
      Span parent = otel.tracer().spanBuilder("parent").startSpan();
      try (Scope s = parent.makeCurrent()) {
        otel.startAndEndSpan("child");
      } finally {
        parent.end();
      }
    }
    assertThat(otel.attributesOf("parent").get(AGENT_NAME)).isEqualTo("bot");
    assertThat(otel.attributesOf("child").get(AGENT_NAME)).isEqualTo("bot");
    assertThat(otel.attributesOf("child").get(AGENT_ID)).isEqualTo("1");
  }

  @Test
  void cleanupAfterExit() {
    try (AgentContext a =
        AgentContext.builder("bot").id("1").description("d").version("v").start()) {
      otel.startAndEndSpan("in");
    }
    otel.startAndEndSpan("after");
    assertThat(otel.attributesOf("after").isEmpty()).isTrue();
  }

  @Test
  void innerAgentOverridesOuterAndDoesNotBorrowItsFields() {
    try (AgentContext outer = AgentContext.builder("planner").id("p-1").version("1").start()) {
      try (AgentContext inner = AgentContext.builder("coder").start()) {
        otel.startAndEndSpan("in");
      }
      otel.startAndEndSpan("after");
    }
    assertThat(otel.attributesOf("in").get(AGENT_NAME)).isEqualTo("coder");
    assertThat(otel.attributesOf("in").get(AGENT_ID)).isNull();
    assertThat(otel.attributesOf("in").get(AGENT_VERSION)).isNull();
    assertThat(otel.attributesOf("after").get(AGENT_NAME)).isEqualTo("planner");
    assertThat(otel.attributesOf("after").get(AGENT_ID)).isEqualTo("p-1");
  }

  @Test
  void sequentialAgents() {
    try (AgentContext a = AgentContext.builder("first").start()) {
      otel.startAndEndSpan("one");
    }
    try (AgentContext a = AgentContext.builder("second").start()) {
      otel.startAndEndSpan("two");
    }
    assertThat(otel.attributesOf("one").get(AGENT_NAME)).isEqualTo("first");
    assertThat(otel.attributesOf("two").get(AGENT_NAME)).isEqualTo("second");
  }

  @Test
  void agentInsideConversation() {
    try (ConversationContext c = ConversationContext.builder("conv").userId("u").start();
        AgentContext a = AgentContext.builder("bot").start()) {
      otel.startAndEndSpan("in");
    }
    assertThat(otel.attributesOf("in").get(CONVERSATION_ID)).isEqualTo("conv");
    assertThat(otel.attributesOf("in").get(USER_ID)).isEqualTo("u");
    assertThat(otel.attributesOf("in").get(AGENT_NAME)).isEqualTo("bot");
  }

  @Test
  void agentInsideWorkflow() {
    try (WorkflowContext w = WorkflowContext.builder("wf").type("t").contextOnly().start();
        AgentContext a = AgentContext.builder("bot").start()) {
      otel.startAndEndSpan("in");
    }
    assertThat(otel.attributesOf("in").get(WORKFLOW_ID)).isEqualTo("wf");
    assertThat(otel.attributesOf("in").get(AGENT_NAME)).isEqualTo("bot");
  }

  @Test
  void tripleNesting() {
    try (ConversationContext c = ConversationContext.builder("conv").userId("u").start();
        WorkflowContext w = WorkflowContext.builder("wf").type("t").contextOnly().start();
        AgentContext a = AgentContext.builder("bot").version("3").start()) {
      otel.startAndEndSpan("in");
    }
    Attributes in = otel.attributesOf("in");
    assertThat(in.get(CONVERSATION_ID)).isEqualTo("conv");
    assertThat(in.get(USER_ID)).isEqualTo("u");
    assertThat(in.get(WORKFLOW_ID)).isEqualTo("wf");
    assertThat(in.get(GenAiAttributes.WORKFLOW_TYPE)).isEqualTo("t");
    assertThat(in.get(AGENT_NAME)).isEqualTo("bot");
    assertThat(in.get(AGENT_VERSION)).isEqualTo("3");
  }

  @Test
  void multiAgentHandoffInsideOneConversation() {
    try (ConversationContext c = ConversationContext.builder("conv").start()) {
      try (AgentContext a = AgentContext.builder("triage").start()) {
        otel.startAndEndSpan("triage_step");
      }
      try (AgentContext a = AgentContext.builder("billing").start()) {
        otel.startAndEndSpan("billing_step");
      }
      otel.startAndEndSpan("between");
    }
    assertThat(otel.attributesOf("triage_step").get(AGENT_NAME)).isEqualTo("triage");
    assertThat(otel.attributesOf("billing_step").get(AGENT_NAME)).isEqualTo("billing");
    assertThat(otel.attributesOf("between").get(AGENT_NAME)).isNull();
    assertThat(otel.values(CONVERSATION_ID)).containsOnly("conv").hasSize(3);
  }

  @Test
  void agentScopeOpensNoSpan() {
    try (AgentContext a = AgentContext.builder("bot").start()) {
      assertThat(ContextSnapshot.current().agentName()).contains("bot");
    }
    assertThat(otel.spans()).isEmpty();
  }

  @Test
  void descriptionPropagates() {
    try (AgentContext a =
        AgentContext.builder("bot").description("Answers billing questions").start()) {
      otel.startAndEndSpan("in");
    }
    assertThat(otel.attributesOf("in").get(AGENT_DESCRIPTION))
        .isEqualTo("Answers billing questions");
  }

  @Test
  void agentCustomAttributesAreRestoredOnExitAndOuterOnesSurvive() {
    try (PropagatedAttributes p = PropagatedAttributes.builder().put("tenant", "acme").start()) {
      try (AgentContext a = AgentContext.builder("bot").attribute("agent_step", "plan").start()) {
        otel.startAndEndSpan("in");
      }
      otel.startAndEndSpan("after");
    }
    assertThat(otel.attributesOf("in").get(ScopeKeys.custom("tenant"))).isEqualTo("acme");
    assertThat(otel.attributesOf("in").get(ScopeKeys.custom("agent_step"))).isEqualTo("plan");
    assertThat(otel.attributesOf("after").get(ScopeKeys.custom("tenant"))).isEqualTo("acme");
    assertThat(otel.attributesOf("after").get(ScopeKeys.custom("agent_step"))).isNull();
  }

  @Test
  void nullOrBlankNameIsRejectedNamingTheParameter() {
    assertThatThrownBy(() -> AgentContext.builder(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("agentName");
    assertThatThrownBy(() -> AgentContext.builder(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("agentName");
    assertThatThrownBy(() -> AgentContext.builder("bot").id(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("agentId");
    assertThatThrownBy(() -> AgentContext.builder("bot").version(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("agentVersion");
  }
}
