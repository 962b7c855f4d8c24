/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import static io.last9.genai.GenAiAttributes.CONVERSATION_ID;
import static io.last9.genai.GenAiAttributes.USER_ID;
import static io.last9.genai.GenAiAttributes.WORKFLOW_ID;
import static io.last9.genai.GenAiAttributes.WORKFLOW_TYPE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Python test_context (workflow part) and the workflow span. */
class WorkflowContextTest {

  @RegisterExtension final Last9TelemetryExtension otel = Last9TelemetryExtension.create();

  private WorkflowContext.Builder workflow(String id) {
    return WorkflowContext.builder(id).openTelemetry(otel.openTelemetry());
  }

  @Test
  void basicUsageTagsSpansWithIdAndType() {
    try (WorkflowContext w = workflow("wf_123").type("rag").start()) {
      assertThat(w.workflowId()).isEqualTo("wf_123");
      assertThat(w.workflowType()).hasValue("rag");
      otel.startAndEndSpan("inside");
    }
    assertThat(otel.attributesOf("inside").get(WORKFLOW_ID)).isEqualTo("wf_123");
    assertThat(otel.attributesOf("inside").get(WORKFLOW_TYPE)).isEqualTo("rag");
  }

  @Test
  void withoutTypeOnlyTheIdIsStamped() {
    try (WorkflowContext w = workflow("wf_untyped").contextOnly().start()) {
      otel.startAndEndSpan("inside");
    }
    assertThat(otel.attributesOf("inside").get(WORKFLOW_ID)).isEqualTo("wf_untyped");
    assertThat(otel.attributesOf("inside").get(WORKFLOW_TYPE)).isNull();
  }

  @Test
  void workflowOpensItsOwnSpanAsParentOfTheSpansInside() {
    try (WorkflowContext w = workflow("wf_span").type("rag").start()) {
      assertThat(w.span().getSpanContext().isValid()).isTrue();
      assertThat(Span.current().getSpanContext()).isEqualTo(w.span().getSpanContext());
      otel.startAndEndSpan("inside");
    }
    SpanData wf = otel.span("invoke_workflow rag");
    assertThat(wf.getKind()).isEqualTo(SpanKind.INTERNAL);
    assertThat(wf.getAttributes().get(GenAiAttributes.OPERATION_NAME)).isEqualTo("invoke_workflow");
    assertThat(wf.getAttributes().get(GenAiAttributes.L9_SPAN_KIND)).isEqualTo("workflow");
    assertThat(wf.getAttributes().get(WORKFLOW_ID)).isEqualTo("wf_span");
    assertThat(wf.getAttributes().get(WORKFLOW_TYPE)).isEqualTo("rag");
    assertThat(otel.span("inside").getParentSpanId()).isEqualTo(wf.getSpanId());
    // the totals are present even with nothing priced
    assertThat(wf.getAttributes().get(GenAiAttributes.WORKFLOW_TOTAL_COST_USD)).isEqualTo(0.0);
    assertThat(wf.getAttributes().get(GenAiAttributes.WORKFLOW_LLM_CALLS)).isEqualTo(0L);
    assertThat(wf.getAttributes().get(GenAiAttributes.WORKFLOW_TOOL_CALLS)).isEqualTo(0L);
    assertThat(wf.getAttributes().get(GenAiAttributes.USAGE_COST_USD)).isNull();
  }

  @Test
  void untypedWorkflowSpanName() {
    try (WorkflowContext w = workflow("wf").start()) {
      // nothing
    }
    assertThat(otel.spanNames()).containsExactly("invoke_workflow");
  }

  @Test
  void contextOnlyOpensNoSpan() {
    try (WorkflowContext w = workflow("wf_ctx").type("rag").contextOnly().start()) {
      assertThat(w.span().getSpanContext().isValid()).isFalse();
      assertThat(Span.current().getSpanContext().isValid()).isFalse();
      otel.startAndEndSpan("inside");
    }
    assertThat(otel.spanNames()).containsExactly("inside");
    assertThat(otel.attributesOf("inside").get(WORKFLOW_ID)).isEqualTo("wf_ctx");
  }

  @Test
  void nestedSpansInheritTheWorkflow() {
    try (WorkflowContext w = workflow("wf_nested").type("pipeline").contextOnly().start()) {
      Span parent = otel.tracer().spanBuilder("parent").startSpan();
      try (Scope s = parent.makeCurrent()) {
        otel.startAndEndSpan("child");
      } finally {
        parent.end();
      }
    }
    for (String n : new String[] {"parent", "child"}) {
      assertThat(otel.attributesOf(n).get(WORKFLOW_ID)).isEqualTo("wf_nested");
      assertThat(otel.attributesOf(n).get(WORKFLOW_TYPE)).isEqualTo("pipeline");
    }
  }

  @Test
  void cleanupAfterExit() {
    try (WorkflowContext w =
        workflow("wf_clean").type("t").userId("u").attribute("k", "v").start()) {
      otel.startAndEndSpan("inside");
    }
    otel.startAndEndSpan("after");
    assertThat(otel.attributesOf("after").isEmpty()).as("%s", otel.attributesOf("after")).isTrue();
  }

  @Test
  void innerWorkflowOverridesOuterAndOuterIsRestored() {
    try (WorkflowContext outer = workflow("outer").type("outer_type").contextOnly().start()) {
      try (WorkflowContext inner = workflow("inner").contextOnly().start()) {
        otel.startAndEndSpan("in");
      }
      otel.startAndEndSpan("after");
    }
    assertThat(otel.attributesOf("in").get(WORKFLOW_ID)).isEqualTo("inner");
    // a workflow with another id does not borrow the outer workflow's type
    assertThat(otel.attributesOf("in").get(WORKFLOW_TYPE)).isNull();
    assertThat(otel.attributesOf("after").get(WORKFLOW_ID)).isEqualTo("outer");
    assertThat(otel.attributesOf("after").get(WORKFLOW_TYPE)).isEqualTo("outer_type");
  }

  @Test
  void workflowUserIdIsStampedAsUserId() {
    try (WorkflowContext w = workflow("wf").userId("wf_user").contextOnly().start()) {
      otel.startAndEndSpan("in");
    }
    assertThat(otel.attributesOf("in").get(USER_ID)).isEqualTo("wf_user");
  }

  @Test
  void aWorkflowsUserIdReplacesTheConversationsInsideTheWorkflowOnly() {
    try (ConversationContext c = ConversationContext.builder("conv").userId("u").start()) {
      try (WorkflowContext w = workflow("wf").type("batch").userId("wf_user").start()) {
        otel.startAndEndSpan("in");
      }
      otel.startAndEndSpan("after");
    }
    assertThat(otel.attributesOf("in").get(USER_ID)).isEqualTo("wf_user");
    assertThat(otel.attributesOf("invoke_workflow batch").get(USER_ID)).isEqualTo("wf_user");
    assertThat(otel.attributesOf("in").get(CONVERSATION_ID)).isEqualTo("conv");
    assertThat(otel.attributesOf("after").get(USER_ID)).isEqualTo("u");
  }

  @Test
  void workflowKeepsTheConversationAndItsUser() {
    try (ConversationContext c = ConversationContext.builder("conv").userId("u").start();
        WorkflowContext w = workflow("wf").type("rag").start()) {
      otel.startAndEndSpan("in");
    }
    assertThat(otel.attributesOf("in").get(CONVERSATION_ID)).isEqualTo("conv");
    assertThat(otel.attributesOf("in").get(USER_ID)).isEqualTo("u");
    assertThat(otel.attributesOf("invoke_workflow rag").get(CONVERSATION_ID)).isEqualTo("conv");
  }

  /** The Python SDK's workflow_context replaced the outer custom attributes; here merge. */
  @Test
  void customAttributesMergeWithTheOuterScopes() {
    try (PropagatedAttributes p =
            PropagatedAttributes.builder().put("tenant", "acme").put("tier", "free").start();
        WorkflowContext w =
            workflow("wf").contextOnly().attribute("tier", "pro").attribute("step", 1).start()) {
      otel.startAndEndSpan("in");
    }
    otel.startAndEndSpan("after");
    assertThat(otel.attributesOf("in").get(ScopeKeys.custom("tenant"))).isEqualTo("acme");
    assertThat(otel.attributesOf("in").get(ScopeKeys.custom("tier"))).isEqualTo("pro");
    assertThat(otel.attributesOf("in").get(ScopeKeys.custom("step"))).isEqualTo("1");
    assertThat(otel.attributesOf("after").isEmpty()).isTrue();
  }

  @Test
  void nullOrBlankIdsAreRejectedNamingTheParameter() {
    assertThatThrownBy(() -> WorkflowContext.builder(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("workflowId");
    assertThatThrownBy(() -> WorkflowContext.builder("   "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("workflowId");
    assertThatThrownBy(() -> WorkflowContext.builder("wf").type(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("workflowType");
    assertThatThrownBy(() -> WorkflowContext.builder("wf").userId(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("userId");
  }

  @Test
  void specialCharactersAndLongIdsAreAccepted() {
    String id = "wf/ü@#?&=💡" + "y".repeat(5_000);
    try (WorkflowContext w = workflow(id).type("type with spaces").start()) {
      otel.startAndEndSpan("in");
    }
    assertThat(otel.attributesOf("in").get(WORKFLOW_ID)).isEqualTo(id);
    assertThat(otel.attributesOf("invoke_workflow type with spaces").get(WORKFLOW_ID))
        .isEqualTo(id);
  }
}
