/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import io.last9.genai.internal.ScopeActivation;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.CurrentTraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;

/**
 * Makes a last9-genai scope current for Micrometer too, so every span Micrometer's OpenTelemetry
 * bridge starts inside the scope carries it.
 *
 * <p>Why: when a child observation starts, the bridge parents its span on the span of the parent
 * observation and makes the OpenTelemetry context stored with that span current while it starts the
 * child. A scope opened after the parent observation started (in a controller, a service, an
 * {@code @Async} method) is not in that stored context, so without this its ids, turn and workflow
 * never reach Micrometer's spans, and a workflow span ends up a sibling of the chat spans inside
 * it.
 *
 * <p>How: while an observation is current, opening a scope also opens a lightweight observation (in
 * a private registry, so the application's handlers make no span or metric of it) whose span is the
 * current OpenTelemetry span with the scope's context, and makes that the bridge's current trace
 * context. Child observations then take it as their parent: their spans are children of the current
 * span (the workflow span, an observed call's span) and start from a context that holds the scope.
 * Re-opened on another thread by context propagation (an {@code @Async} executor, Reactor), it
 * restores the same context there. When no observation is current, Micrometer starts spans from the
 * current OpenTelemetry context anyway, and only the scope itself is made current.
 */
final class ObservationScopeActivator implements ScopeActivation.Activator {

  static final String NAME = "last9.genai.scope";

  private final ObservationRegistry applicationRegistry;
  private final ObservationRegistry scopeRegistry = ObservationRegistry.create();

  ObservationScopeActivator(ObservationRegistry applicationRegistry, Tracer tracer) {
    this.applicationRegistry = applicationRegistry;
    scopeRegistry.observationConfig().observationHandler(new ScopeHandler(tracer));
  }

  @Override
  public Scope makeCurrent(Context context) {
    Scope otelScope = context.makeCurrent();
    Observation parent = applicationRegistry.getCurrentObservation();
    if (parent == null) {
      return otelScope;
    }
    Observation.Context observationContext = new Observation.Context();
    TracingContext tracing = new TracingContext();
    // the stored context without a span, so the bridge does not take it for one it has already made
    // current
    tracing.setSpan(OtelSpan.fromOtel(Span.fromContext(context), context.with(Span.getInvalid())));
    observationContext.put(TracingContext.class, tracing);
    Observation observation =
        Observation.createNotStarted(NAME, () -> observationContext, scopeRegistry)
            .parentObservation(parent)
            .start();
    Observation.Scope observationScope = observation.openScope();
    return () -> {
      try {
        observationScope.close();
        observation.stop();
      } finally {
        otelScope.close();
      }
    };
  }

  /**
   * Opens and closes the bridge's trace context scope of a scope observation, on whichever thread
   * opens it. One thread may open the same scope observation again inside itself (Reactor's context
   * propagation restores it around each signal of a request that already has it open), so each
   * opening remembers the one it nests in, and closing restores that.
   */
  private static final class ScopeHandler implements ObservationHandler<Observation.Context> {
    private final Tracer tracer;

    ScopeHandler(Tracer tracer) {
      this.tracer = tracer;
    }

    @Override
    public void onScopeOpened(Observation.Context context) {
      TracingContext tracing = context.get(TracingContext.class);
      if (tracing != null && tracing.getSpan() != null) {
        CurrentTraceContext.Scope opened =
            tracer.currentTraceContext().newScope(tracing.getSpan().context());
        // the bridge's TracingContext keeps one scope per thread: this one, nesting the previous
        tracing.setScope(new NestedScope(opened, tracing.getScope()));
      }
    }

    @Override
    public void onScopeClosed(Observation.Context context) {
      TracingContext tracing = context.get(TracingContext.class);
      if (tracing != null) {
        CurrentTraceContext.Scope scope = tracing.getScope();
        if (scope != null) {
          tracing.setScope(scope instanceof NestedScope ? ((NestedScope) scope).outer : null);
          scope.close();
        }
      }
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
      return true;
    }
  }

  /** A trace context scope opened on a thread, and the one of the same observation it nests in. */
  private static final class NestedScope implements CurrentTraceContext.Scope {
    private final CurrentTraceContext.Scope opened;
    final CurrentTraceContext.Scope outer;

    NestedScope(CurrentTraceContext.Scope opened, CurrentTraceContext.Scope outer) {
      this.opened = opened;
      this.outer = outer;
    }

    @Override
    public void close() {
      opened.close();
    }
  }
}
