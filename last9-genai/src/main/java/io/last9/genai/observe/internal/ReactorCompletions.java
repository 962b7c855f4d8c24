/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.observe.internal;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The Reactor part of {@link Completions}, in a class of its own so that Reactor, an optional
 * dependency, is only loaded for methods that return a {@code Mono} or a {@code Flux}.
 */
final class ReactorCompletions {

  private ReactorCompletions() {}

  /** A publisher that ends the run when it completes, fails or is cancelled. */
  static Object endOnTermination(ObservationRun run, Object publisher) {
    if (publisher instanceof Mono) {
      return ((Mono<?>) publisher)
          .doOnSuccess(run::succeed)
          .doOnError(run::fail)
          .doOnCancel(run::cancel);
    }
    if (publisher instanceof Flux) {
      return ((Flux<?>) publisher)
          .doOnComplete(() -> run.succeed(null))
          .doOnError(run::fail)
          .doOnCancel(run::cancel);
    }
    return publisher;
  }
}
