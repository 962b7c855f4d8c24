/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import static io.last9.genai.GenAiAttributes.CONVERSATION_ID;
import static io.last9.genai.GenAiAttributes.CONVERSATION_TURN;
import static io.last9.genai.GenAiAttributes.USER_ID;
import static io.last9.genai.GenAiAttributes.WORKFLOW_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The conversation scope: nesting, threads and edge cases, as the Python SDK tests them. */
class ConversationContextTest {

  @RegisterExtension final Last9TelemetryExtension otel = Last9TelemetryExtension.create();

  @Test
  void basicUsageTagsTheSpan() {
    try (ConversationContext c = ConversationContext.builder("conv_123").start()) {
      assertThat(c.conversationId()).isEqualTo("conv_123");
      otel.startAndEndSpan("inside");
    }
    assertThat(otel.attributesOf("inside").get(CONVERSATION_ID)).isEqualTo("conv_123");
    assertThat(otel.attributesOf("inside").get(USER_ID)).isNull();
  }

  @Test
  void userIdIsStamped() {
    try (ConversationContext c =
        ConversationContext.builder("conv_123").userId("user_456").start()) {
      assertThat(c.userId()).hasValue("user_456");
      otel.startAndEndSpan("inside");
    }
    assertThat(otel.attributesOf("inside").get(CONVERSATION_ID)).isEqualTo("conv_123");
    assertThat(otel.attributesOf("inside").get(USER_ID)).isEqualTo("user_456");
  }

  @Test
  void parentAndChildSpansBothCarryTheConversation() {
    try (ConversationContext c = ConversationContext.builder("conv_pc").userId("u").start()) {
      Span parent = otel.tracer().spanBuilder("parent").startSpan();
      try (Scope s = parent.makeCurrent()) {
        otel.startAndEndSpan("child");
      } finally {
        parent.end();
      }
    }
    SpanData parent = otel.span("parent");
    SpanData child = otel.span("child");
    assertThat(child.getParentSpanId()).isEqualTo(parent.getSpanId());
    for (SpanData s : List.of(parent, child)) {
      assertThat(s.getAttributes().get(CONVERSATION_ID)).isEqualTo("conv_pc");
      assertThat(s.getAttributes().get(USER_ID)).isEqualTo("u");
    }
  }

  @Test
  void nothingIsStampedAfterTheScopeCloses() {
    try (ConversationContext c =
        ConversationContext.builder("conv_x").userId("u").attribute("k", "v").start()) {
      otel.startAndEndSpan("inside");
    }
    otel.startAndEndSpan("after");
    assertThat(otel.attributesOf("inside").get(CONVERSATION_ID)).isEqualTo("conv_x");
    assertThat(otel.attributesOf("after").isEmpty())
        .as("attributes of a span after the scope: %s", otel.attributesOf("after"))
        .isTrue();
    assertThat(ContextSnapshot.current().isEmpty()).isTrue();
  }

  @Test
  void spanOutsideEveryScopeGetsNothing() {
    otel.startAndEndSpan("outside");
    assertThat(otel.attributesOf("outside").isEmpty()).isTrue();
  }

  @Test
  void sequentialConversationsDoNotMix() {
    try (ConversationContext c = ConversationContext.builder("conv_1").userId("user_1").start()) {
      otel.startAndEndSpan("first");
    }
    try (ConversationContext c = ConversationContext.builder("conv_2").start()) {
      otel.startAndEndSpan("second");
    }
    assertThat(otel.attributesOf("first").get(CONVERSATION_ID)).isEqualTo("conv_1");
    assertThat(otel.attributesOf("second").get(CONVERSATION_ID)).isEqualTo("conv_2");
    assertThat(otel.attributesOf("second").get(USER_ID)).isNull();
  }

  @Test
  void innerConversationOverridesOuterAndOuterIsRestored() {
    try (ConversationContext outer =
        ConversationContext.builder("outer").userId("outer_user").start()) {
      otel.startAndEndSpan("before");
      try (ConversationContext inner =
          ConversationContext.builder("inner").userId("inner_user").start()) {
        otel.startAndEndSpan("in");
      }
      otel.startAndEndSpan("after");
    }
    assertThat(otel.attributesOf("before").get(CONVERSATION_ID)).isEqualTo("outer");
    assertThat(otel.attributesOf("in").get(CONVERSATION_ID)).isEqualTo("inner");
    assertThat(otel.attributesOf("in").get(USER_ID)).isEqualTo("inner_user");
    assertThat(otel.attributesOf("after").get(CONVERSATION_ID)).isEqualTo("outer");
    assertThat(otel.attributesOf("after").get(USER_ID)).isEqualTo("outer_user");
  }

  /**
   * A nested conversation with another id inherits neither the outer user nor the outer turn (the
   * Python SDK's did).
   */
  @Test
  void nestedConversationWithAnotherIdInheritsNeitherUserNorTurn() {
    try (ConversationContext outer =
        ConversationContext.builder("outer").userId("outer_user").turn(7).start()) {
      try (ConversationContext inner = ConversationContext.builder("inner").start()) {
        assertThat(inner.userId()).isEmpty();
        assertThat(ContextSnapshot.current().userId()).isEmpty();
        assertThat(ContextSnapshot.current().turn()).isEmpty();
        otel.startAndEndSpan("in");
      }
      otel.startAndEndSpan("after");
    }
    assertThat(otel.attributesOf("in").get(CONVERSATION_ID)).isEqualTo("inner");
    assertThat(otel.attributesOf("in").get(USER_ID)).isNull();
    assertThat(otel.attributesOf("in").get(CONVERSATION_TURN)).isNull();
    assertThat(otel.attributesOf("after").get(USER_ID)).isEqualTo("outer_user");
    assertThat(otel.attributesOf("after").get(CONVERSATION_TURN)).isEqualTo(7L);
  }

  @Test
  void reenteringTheSameIdKeepsUserAndTurn() {
    try (ConversationContext outer =
        ConversationContext.builder("same").userId("u").turn(3).start()) {
      try (ConversationContext again = ConversationContext.builder("same").start()) {
        assertThat(again.userId()).hasValue("u");
        otel.startAndEndSpan("in");
      }
    }
    assertThat(otel.attributesOf("in").get(CONVERSATION_ID)).isEqualTo("same");
    assertThat(otel.attributesOf("in").get(USER_ID)).isEqualTo("u");
    assertThat(otel.attributesOf("in").get(CONVERSATION_TURN)).isEqualTo(3L);
  }

  @Test
  void sequentialReentryOfTheSameIdWorks() {
    for (int i = 0; i < 3; i++) {
      try (ConversationContext c = ConversationContext.builder("same").start()) {
        otel.startAndEndSpan("s" + i);
      }
    }
    assertThat(otel.values(CONVERSATION_ID)).containsExactly("same", "same", "same");
  }

  @Test
  void workflowInsideConversationTagsOnlyTheSpansInsideIt() {
    try (ConversationContext c = ConversationContext.builder("conv").userId("u").start()) {
      otel.startAndEndSpan("before");
      try (WorkflowContext w =
          WorkflowContext.builder("wf_1").type("rag").openTelemetry(otel.openTelemetry()).start()) {
        otel.startAndEndSpan("in");
      }
      otel.startAndEndSpan("after");
    }
    assertThat(otel.attributesOf("before").get(WORKFLOW_ID)).isNull();
    assertThat(otel.attributesOf("in").get(WORKFLOW_ID)).isEqualTo("wf_1");
    assertThat(otel.attributesOf("in").get(CONVERSATION_ID)).isEqualTo("conv");
    assertThat(otel.attributesOf("in").get(USER_ID)).isEqualTo("u");
    assertThat(otel.attributesOf("after").get(WORKFLOW_ID)).isNull();
    assertThat(otel.attributesOf("after").get(CONVERSATION_ID)).isEqualTo("conv");
  }

  @Test
  void twoWorkflowsInOneConversation() {
    try (ConversationContext c = ConversationContext.builder("conv").start()) {
      try (WorkflowContext w = WorkflowContext.builder("wf_a").contextOnly().start()) {
        otel.startAndEndSpan("a");
      }
      try (WorkflowContext w = WorkflowContext.builder("wf_b").contextOnly().start()) {
        otel.startAndEndSpan("b");
      }
    }
    assertThat(otel.attributesOf("a").get(WORKFLOW_ID)).isEqualTo("wf_a");
    assertThat(otel.attributesOf("b").get(WORKFLOW_ID)).isEqualTo("wf_b");
    assertThat(otel.attributesOf("a").get(CONVERSATION_ID)).isEqualTo("conv");
    assertThat(otel.attributesOf("b").get(CONVERSATION_ID)).isEqualTo("conv");
  }

  @Test
  void conversationWorkflowConversation() {
    try (ConversationContext c = ConversationContext.builder("conv_outer").start();
        WorkflowContext w = WorkflowContext.builder("wf").type("t").contextOnly().start();
        ConversationContext c2 = ConversationContext.builder("conv_inner").start()) {
      otel.startAndEndSpan("deep");
    }
    assertThat(otel.attributesOf("deep").get(CONVERSATION_ID)).isEqualTo("conv_inner");
    assertThat(otel.attributesOf("deep").get(WORKFLOW_ID)).isEqualTo("wf");
    assertThat(otel.attributesOf("deep").get(GenAiAttributes.WORKFLOW_TYPE)).isEqualTo("t");
  }

  @Test
  void customAttributesMergeWithOuterScopesInnerWinning() {
    try (PropagatedAttributes p =
            PropagatedAttributes.builder().put("tenant", "acme").put("env", "prod").start();
        ConversationContext c =
            ConversationContext.builder("conv")
                .attribute("env", "staging")
                .attribute("channel", "web")
                .start()) {
      otel.startAndEndSpan("in");
    }
    Attributes a = otel.attributesOf("in");
    assertThat(a.get(ScopeKeys.custom("tenant"))).isEqualTo("acme");
    assertThat(a.get(ScopeKeys.custom("env"))).isEqualTo("staging");
    assertThat(a.get(ScopeKeys.custom("channel"))).isEqualTo("web");
  }

  @Test
  void scopesOpenedWithoutSpansLeaveNothingBehind() {
    try (ConversationContext c = ConversationContext.builder("empty").userId("u").start()) {
      // no span
    }
    assertThat(otel.spans()).isEmpty();
    assertThat(ContextSnapshot.current().isEmpty()).isTrue();
  }

  @Test
  void threadsAreIsolated() throws Exception {
    int threads = 5;
    CyclicBarrier allInside = new CyclicBarrier(threads);
    List<Thread> workers = new ArrayList<>();
    List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < threads; i++) {
      String id = "thread_conv_" + i;
      Thread t =
          new Thread(
              () -> {
                try (ConversationContext c =
                    ConversationContext.builder(id).userId("user_" + id).start()) {
                  allInside.await(
                      10, TimeUnit.SECONDS); // all five scopes are open at the same time
                  otel.startAndEndSpan("span_" + id);
                } catch (Throwable e) {
                  errors.add(e);
                }
              });
      workers.add(t);
      t.start();
    }
    for (Thread t : workers) {
      t.join(10_000);
    }
    assertThat(errors).isEmpty();
    assertThat(otel.spans()).hasSize(threads);
    for (SpanData s : otel.spans()) {
      String id = s.getName().substring("span_".length());
      assertThat(s.getAttributes().get(CONVERSATION_ID)).isEqualTo(id);
      assertThat(s.getAttributes().get(USER_ID)).isEqualTo("user_" + id);
    }
    Set<String> ids =
        otel.spans().stream()
            .map(s -> s.getAttributes().get(CONVERSATION_ID))
            .collect(Collectors.toSet());
    assertThat(ids).hasSize(threads);
    // and the scopes did not leak onto this thread
    assertThat(ContextSnapshot.current().isEmpty()).isTrue();
  }

  @Test
  void aNewThreadDoesNotInheritTheScope() throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    try (ConversationContext c = ConversationContext.builder("conv").start()) {
      new Thread(
              () -> {
                otel.startAndEndSpan("other_thread");
                done.countDown();
              })
          .start();
      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(otel.attributesOf("other_thread").get(CONVERSATION_ID)).isNull();
  }

  @Test
  void specialCharactersAndLongIdsAreAcceptedAndExportedUnchanged() {
    String special = "user@example.com/session#1?a=b&c=d 🚀 ünïcödé \"quoted\" \n tab\t";
    String longId = "x".repeat(10_000);
    try (ConversationContext c = ConversationContext.builder(special).userId(longId).start()) {
      otel.startAndEndSpan("special");
    }
    assertThat(otel.attributesOf("special").get(CONVERSATION_ID)).isEqualTo(special);
    assertThat(otel.attributesOf("special").get(USER_ID)).isEqualTo(longId);
  }

  @Test
  void nullOrBlankIdsAreRejectedNamingTheParameter() {
    assertThatThrownBy(() -> ConversationContext.builder(null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("conversationId");
    assertThatThrownBy(() -> ConversationContext.builder(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("conversationId");
    assertThatThrownBy(() -> ConversationContext.builder(" \t\n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("conversationId");
    assertThatThrownBy(() -> ConversationContext.builder("c").userId("  "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("userId");
    assertThatThrownBy(() -> ConversationContext.builder("c").turn(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("turn");
    assertThatThrownBy(() -> ConversationContext.builder("c").attribute(" ", "v"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("key");
    // a rejected builder opened nothing
    assertThat(ContextSnapshot.current().isEmpty()).isTrue();
  }

  @Test
  void explicitTurnIsStampedOnEverySpan() {
    try (ConversationContext c = ConversationContext.builder("conv").turn(5).start()) {
      otel.startAndEndSpan("a");
      otel.startAndEndSpan("b");
    }
    assertThat(otel.values(CONVERSATION_TURN)).containsExactly(5L, 5L);
  }
}
