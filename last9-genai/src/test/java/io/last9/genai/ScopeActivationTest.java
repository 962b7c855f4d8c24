/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.internal.Registrations;
import io.last9.genai.internal.ScopeActivation;
import io.last9.genai.observe.GenAiObservation;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Scopes and observed calls make their context current through the registered activator. */
class ScopeActivationTest {

  private static final ContextKey<String> HOST_KEY = ContextKey.named("host-current");

  @RegisterExtension final Last9TelemetryExtension otel = Last9TelemetryExtension.create();

  private final List<String> events = new ArrayList<>();

  private Registrations.Registration activator;

  @AfterEach
  void reset() {
    if (activator != null) {
      activator.close();
    }
  }

  @Test
  void everyScopeAndObservedCallGoesThroughTheActivatorAndClosesInOrder() {
    // a host whose own "current" entry lives beside ours, as Micrometer's observation does
    activator =
        ScopeActivation.register(
            context -> {
              events.add("open");
              Scope scope = context.with(HOST_KEY, "host").makeCurrent();
              return () -> {
                events.add("close");
                scope.close();
              };
            });

    try (ConversationContext c = ConversationContext.builder("conv-1").start()) {
      assertThat(Context.current().get(HOST_KEY)).isEqualTo("host");
      try (WorkflowContext w =
          WorkflowContext.builder("wf-1").openTelemetry(otel.openTelemetry()).start()) {
        GenAiObservation.tool("lookup")
            .openTelemetry(otel.openTelemetry())
            .run(() -> assertThat(Context.current().get(HOST_KEY)).isEqualTo("host"));
      }
    }

    assertThat(events).containsExactly("open", "open", "open", "close", "close", "close");
    assertThat(Context.current().get(HOST_KEY)).isNull();
    // the scopes closed in order: nothing was reported as closed out of order, and the state is
    // gone
    assertThat(ContextSnapshot.current().conversationId()).isEmpty();
  }

  @Test
  void aFailingActivatorFallsBackToOpenTelemetryAlone() {
    activator =
        ScopeActivation.register(
            context -> {
              throw new LinkageError("host library missing");
            });
    try (ConversationContext c = ConversationContext.builder("conv-2").userId("u").start()) {
      assertThat(ContextSnapshot.current().conversationId()).contains("conv-2");
    }
    assertThat(ContextSnapshot.current().conversationId()).isEmpty();
  }
}
