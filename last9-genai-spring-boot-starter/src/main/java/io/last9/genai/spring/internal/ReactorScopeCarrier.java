/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * Carries a scope opened in a WebFlux filter to the rest of the request, which runs on whichever
 * threads its operators pick, long after the filter returned.
 */
interface ReactorScopeCarrier {

  /**
   * Carries nothing: without a tracing bridge, the scope is current only while the chain is
   * subscribed.
   */
  ReactorScopeCarrier NONE =
      new ReactorScopeCarrier() {
        @Override
        public AutoCloseableScope enter(ContextView request) {
          return () -> {};
        }

        @Override
        public ContextView carried() {
          return Context.empty();
        }
      };

  /**
   * Makes the request's tracing context (found in its Reactor context) current on this thread, so a
   * scope opened inside it nests under it.
   */
  AutoCloseableScope enter(ContextView request);

  /**
   * The entries to write into the rest of the chain's Reactor context: what is current now (a scope
   * opened inside {@link #enter}), for Reactor's context propagation and the instrumentation that
   * reads the Reactor context to find on any thread.
   */
  ContextView carried();

  /** A scope that closes without checked exceptions. */
  interface AutoCloseableScope extends AutoCloseable {
    @Override
    void close();
  }
}
