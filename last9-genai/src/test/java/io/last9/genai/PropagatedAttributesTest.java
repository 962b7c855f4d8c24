/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import static io.last9.genai.GenAiAttributes.CONVERSATION_ID;
import static io.last9.genai.GenAiAttributes.USER_ID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.api.common.Attributes;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Python test_context, propagate_attributes part, and the merge rules of nested scopes. */
class PropagatedAttributesTest {

  @RegisterExtension final Last9TelemetryExtension otel = Last9TelemetryExtension.create();

  @Test
  void customKeysAreExportedWithThePrefixAsStrings() {
    Map<String, Object> more = new LinkedHashMap<>();
    more.put("count", 42);
    more.put("ratio", 0.5);
    more.put("flag", true);
    try (PropagatedAttributes p =
        PropagatedAttributes.builder().put("tenant", "acme").putAll(more).start()) {
      otel.startAndEndSpan("in");
    }
    Attributes in = otel.attributesOf("in");
    assertThat(in.get(ScopeKeys.custom("tenant"))).isEqualTo("acme");
    assertThat(in.get(ScopeKeys.custom("count"))).isEqualTo("42");
    assertThat(in.get(ScopeKeys.custom("ratio"))).isEqualTo("0.5");
    assertThat(in.get(ScopeKeys.custom("flag"))).isEqualTo("true");
    assertThat(in.size()).isEqualTo(4);
  }

  @Test
  void combinesWithAConversation() {
    try (ConversationContext c = ConversationContext.builder("conv").userId("u").start();
        PropagatedAttributes p = PropagatedAttributes.builder().put("feature", "search").start()) {
      otel.startAndEndSpan("in");
    }
    assertThat(otel.attributesOf("in").get(CONVERSATION_ID)).isEqualTo("conv");
    assertThat(otel.attributesOf("in").get(USER_ID)).isEqualTo("u");
    assertThat(otel.attributesOf("in").get(ScopeKeys.custom("feature"))).isEqualTo("search");
  }

  @Test
  void cleanupAfterExit() {
    try (PropagatedAttributes p = PropagatedAttributes.builder().put("k", "v").start()) {
      otel.startAndEndSpan("in");
    }
    otel.startAndEndSpan("after");
    assertThat(otel.attributesOf("in").get(ScopeKeys.custom("k"))).isEqualTo("v");
    assertThat(otel.attributesOf("after").isEmpty()).isTrue();
  }

  @Test
  void nestedScopesMergeKeyByKeyInnerWinningAndOuterIsRestored() {
    try (PropagatedAttributes outer =
        PropagatedAttributes.builder().put("a", "outer").put("b", "outer").start()) {
      try (PropagatedAttributes inner =
          PropagatedAttributes.builder().put("b", "inner").put("c", "inner").start()) {
        otel.startAndEndSpan("in");
      }
      otel.startAndEndSpan("after");
    }
    assertThat(otel.attributesOf("in").get(ScopeKeys.custom("a"))).isEqualTo("outer");
    assertThat(otel.attributesOf("in").get(ScopeKeys.custom("b"))).isEqualTo("inner");
    assertThat(otel.attributesOf("in").get(ScopeKeys.custom("c"))).isEqualTo("inner");
    assertThat(otel.attributesOf("after").get(ScopeKeys.custom("b"))).isEqualTo("outer");
    assertThat(otel.attributesOf("after").get(ScopeKeys.custom("c"))).isNull();
  }

  /**
   * Custom attributes merge in every kind of scope (Python replaced them in conversation and
   * workflow).
   */
  @Test
  void mergeHoldsThroughEveryKindOfScope() {
    try (PropagatedAttributes p =
            PropagatedAttributes.builder().put("p", "1").put("shared", "p").start();
        ConversationContext c =
            ConversationContext.builder("conv")
                .attribute("c", "2")
                .attribute("shared", "c")
                .start();
        WorkflowContext w =
            WorkflowContext.builder("wf")
                .contextOnly()
                .attribute("w", "3")
                .attribute("shared", "w")
                .start();
        AgentContext a = AgentContext.builder("bot").attribute("a", "4").start()) {
      otel.startAndEndSpan("in");
    }
    Attributes in = otel.attributesOf("in");
    assertThat(in.get(ScopeKeys.custom("p"))).isEqualTo("1");
    assertThat(in.get(ScopeKeys.custom("c"))).isEqualTo("2");
    assertThat(in.get(ScopeKeys.custom("w"))).isEqualTo("3");
    assertThat(in.get(ScopeKeys.custom("a"))).isEqualTo("4");
    assertThat(in.get(ScopeKeys.custom("shared"))).isEqualTo("w");
  }

  /**
   * Python let a custom key named user_id override the typed value; here custom keys live under
   * custom.* .
   */
  @Test
  void aCustomKeyCannotShadowATypedAttribute() {
    try (ConversationContext c = ConversationContext.builder("conv").userId("real").start();
        PropagatedAttributes p =
            PropagatedAttributes.builder().put("user_id", "fake").put("user.id", "fake2").start()) {
      otel.startAndEndSpan("in");
      assertThat(ContextSnapshot.current().userId()).contains("real");
    }
    assertThat(otel.attributesOf("in").get(USER_ID)).isEqualTo("real");
    assertThat(otel.attributesOf("in").get(ScopeKeys.custom("user_id"))).isEqualTo("fake");
    assertThat(otel.attributesOf("in").get(ScopeKeys.custom("user.id"))).isEqualTo("fake2");
  }

  @Test
  void blankKeysAreRejected() {
    assertThatThrownBy(() -> PropagatedAttributes.builder().put("", "v"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("key");
    assertThatThrownBy(() -> PropagatedAttributes.builder().put(null, "v"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("key");
  }
}
