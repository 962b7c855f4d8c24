package io.last9.genai;

import static io.last9.genai.GenAiAttributes.CONVERSATION_ID;
import static io.last9.genai.GenAiAttributes.USER_ID;
import static io.last9.genai.GenAiAttributes.WORKFLOW_ID;
import static io.last9.genai.GenAiAttributes.WORKFLOW_TYPE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Python test_context (workflow part) plus the workflow span of CONTRACT section 2.3. */
class WorkflowContextTest {

  @RegisterExtension
  final Last9TelemetryExtension otel = Last9TelemetryExtension.create();

  private void span(String name) {
    otel.tracer().spanBuilder(name).startSpan().end();
  }

  private Attributes attrs(String name) {
    return otel.span(name).getAttributes();
  }

  private WorkflowContext.Builder workflow(String id) {
    return WorkflowContext.builder(id).openTelemetry(otel.openTelemetry());
  }

  @Test
  void basicUsageTagsSpansWithIdAndType() {
    try (WorkflowContext w = workflow("wf_123").type("rag").start()) {
      assertThat(w.workflowId()).isEqualTo("wf_123");
      assertThat(w.workflowType()).hasValue("rag");
      span("inside");
    }
    assertThat(attrs("inside").get(WORKFLOW_ID)).isEqualTo("wf_123");
    assertThat(attrs("inside").get(WORKFLOW_TYPE)).isEqualTo("rag");
  }

  @Test
  void withoutTypeOnlyTheIdIsStamped() {
    try (WorkflowContext w = workflow("wf_untyped").contextOnly().start()) {
      span("inside");
    }
    assertThat(attrs("inside").get(WORKFLOW_ID)).isEqualTo("wf_untyped");
    assertThat(attrs("inside").get(WORKFLOW_TYPE)).isNull();
  }

  @Test
  void workflowOpensItsOwnSpanAsParentOfTheSpansInside() {
    try (WorkflowContext w = workflow("wf_span").type("rag").start()) {
      assertThat(w.span().getSpanContext().isValid()).isTrue();
      assertThat(Span.current().getSpanContext()).isEqualTo(w.span().getSpanContext());
      span("inside");
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
      span("inside");
    }
    assertThat(otel.spanNames()).containsExactly("inside");
    assertThat(attrs("inside").get(WORKFLOW_ID)).isEqualTo("wf_ctx");
  }

  @Test
  void nestedSpansInheritTheWorkflow() {
    try (WorkflowContext w = workflow("wf_nested").type("pipeline").contextOnly().start()) {
      Span parent = otel.tracer().spanBuilder("parent").startSpan();
      try (Scope s = parent.makeCurrent()) {
        span("child");
      } finally {
        parent.end();
      }
    }
    for (String n : new String[] {"parent", "child"}) {
      assertThat(attrs(n).get(WORKFLOW_ID)).isEqualTo("wf_nested");
      assertThat(attrs(n).get(WORKFLOW_TYPE)).isEqualTo("pipeline");
    }
  }

  @Test
  void cleanupAfterExit() {
    try (WorkflowContext w = workflow("wf_clean").type("t").userId("u").attribute("k", "v").start()) {
      span("inside");
    }
    span("after");
    assertThat(attrs("after").isEmpty()).as("%s", attrs("after")).isTrue();
  }

  @Test
  void innerWorkflowOverridesOuterAndOuterIsRestored() {
    try (WorkflowContext outer = workflow("outer").type("outer_type").contextOnly().start()) {
      try (WorkflowContext inner = workflow("inner").contextOnly().start()) {
        span("in");
      }
      span("after");
    }
    assertThat(attrs("in").get(WORKFLOW_ID)).isEqualTo("inner");
    // a workflow with another id does not borrow the outer workflow's type
    assertThat(attrs("in").get(WORKFLOW_TYPE)).isNull();
    assertThat(attrs("after").get(WORKFLOW_ID)).isEqualTo("outer");
    assertThat(attrs("after").get(WORKFLOW_TYPE)).isEqualTo("outer_type");
  }

  @Test
  void workflowUserIdIsStampedAsUserId() {
    try (WorkflowContext w = workflow("wf").userId("wf_user").contextOnly().start()) {
      span("in");
    }
    assertThat(attrs("in").get(USER_ID)).isEqualTo("wf_user");
  }

  @Test
  void workflowKeepsTheConversationAndItsUser() {
    try (ConversationContext c = ConversationContext.builder("conv").userId("u").start();
        WorkflowContext w = workflow("wf").type("rag").start()) {
      span("in");
    }
    assertThat(attrs("in").get(CONVERSATION_ID)).isEqualTo("conv");
    assertThat(attrs("in").get(USER_ID)).isEqualTo("u");
    assertThat(attrs("invoke_workflow rag").get(CONVERSATION_ID)).isEqualTo("conv");
  }

  /** Python D8: workflow_context's custom attributes replaced the outer ones; the contract says merge. */
  @Test
  void customAttributesMergeWithTheOuterScopes() {
    try (PropagatedAttributes p = PropagatedAttributes.builder().put("tenant", "acme").put("tier", "free").start();
        WorkflowContext w = workflow("wf").contextOnly().attribute("tier", "pro").attribute("step", 1).start()) {
      span("in");
    }
    span("after");
    assertThat(attrs("in").get(ScopeKeys.custom("tenant"))).isEqualTo("acme");
    assertThat(attrs("in").get(ScopeKeys.custom("tier"))).isEqualTo("pro");
    assertThat(attrs("in").get(ScopeKeys.custom("step"))).isEqualTo("1");
    assertThat(attrs("after").isEmpty()).isTrue();
  }

  @Test
  void nullOrBlankIdsAreRejectedNamingTheParameter() {
    assertThatThrownBy(() -> WorkflowContext.builder(null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workflowId");
    assertThatThrownBy(() -> WorkflowContext.builder("   "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workflowId");
    assertThatThrownBy(() -> WorkflowContext.builder("wf").type(""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workflowType");
    assertThatThrownBy(() -> WorkflowContext.builder("wf").userId(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("userId");
  }

  @Test
  void specialCharactersAndLongIdsAreAccepted() {
    String id = "wf/ü@#?&=💡" + "y".repeat(5_000);
    try (WorkflowContext w = workflow(id).type("type with spaces").start()) {
      span("in");
    }
    assertThat(attrs("in").get(WORKFLOW_ID)).isEqualTo(id);
    assertThat(attrs("invoke_workflow type with spaces").get(WORKFLOW_ID)).isEqualTo(id);
  }
}
