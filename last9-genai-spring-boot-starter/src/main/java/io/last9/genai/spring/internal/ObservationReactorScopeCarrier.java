/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.contextpropagation.ObservationThreadLocalAccessor;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Carries a WebFlux filter's scope through Micrometer's observation in the Reactor context.
 *
 * <p>Why: Spring keeps the request's server observation in the Reactor context, not on a thread.
 * Reactor's context propagation restores it on each thread the request hops to, and Spring AI's
 * streaming calls read it from there as their parent; either way the span started next is the
 * server span's child, built from the context stored when the server span started, before the
 * filter opened its scope. So the filter makes the server observation current while it opens the
 * scope (which then opens a scope observation holding it, see {@link ObservationScopeActivator}),
 * and puts that scope observation in the Reactor context in the server observation's place.
 */
final class ObservationReactorScopeCarrier implements ReactorScopeCarrier {

  private final ObservationRegistry registry;

  ObservationReactorScopeCarrier(ObservationRegistry registry) {
    this.registry = registry;
  }

  @Override
  public AutoCloseableScope enter(ContextView request) {
    Object value = request.getOrDefault(ObservationThreadLocalAccessor.KEY, null);
    if (!(value instanceof Observation) || value == registry.getCurrentObservation()) {
      return () -> {};
    }
    Observation.Scope scope = ((Observation) value).openScope();
    return scope::close;
  }

  @Override
  public ContextView carried() {
    Observation current = registry.getCurrentObservation();
    return current == null
        ? Context.empty()
        : Context.of(ObservationThreadLocalAccessor.KEY, current);
  }
}
