/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.ContextSnapshot;
import io.last9.genai.ConversationContext;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.internal.Registrations;
import io.last9.genai.internal.ScopeActivation;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ObservationScopeActivatorTest {

  @RegisterExtension final Last9TelemetryExtension otel = Last9TelemetryExtension.create();

  private final ObservationRegistry registry = ObservationRegistry.create();

  private Registrations.Registration activator;

  @BeforeEach
  void bridge() {
    OtelTracer tracer = new OtelTracer(otel.tracer(), new OtelCurrentTraceContext(), event -> {});
    registry.observationConfig().observationHandler(new DefaultTracingObservationHandler(tracer));
    activator = ScopeActivation.register(new ObservationScopeActivator(registry, tracer));
  }

  @AfterEach
  void unbridge() {
    activator.close();
  }

  @Test
  void aScopeObservationReopenedOnTheSameThreadLeavesNothingCurrentWhenAllClose() {
    Observation request = Observation.start("http.server.requests", registry);
    try (Observation.Scope inRequest = request.openScope()) {
      Observation scopeObservation;
      try (ConversationContext c = ConversationContext.builder("conv-1").start()) {
        scopeObservation = registry.getCurrentObservation();
        assertThat(scopeObservation).isNotSameAs(request);
        // as Reactor's context propagation does around a signal of a request that has it open
        try (Observation.Scope restored = scopeObservation.openScope()) {
          assertThat(ContextSnapshot.current().conversationId()).contains("conv-1");
          Observation.start("chat", registry).stop();
        }
        assertThat(ContextSnapshot.current().conversationId()).contains("conv-1");
      }
      assertThat(ContextSnapshot.current().isEmpty()).isTrue();
      assertThat(registry.getCurrentObservation()).isSameAs(request);
    } finally {
      request.stop();
    }
    assertThat(Context.current()).isSameAs(Context.root());
    assertThat(Span.current().getSpanContext().isValid()).isFalse();
    assertThat(otel.span("chat").getAttributes().get(GenAiAttributes.CONVERSATION_ID))
        .isEqualTo("conv-1");
  }
}
