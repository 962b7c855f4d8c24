/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.observe.internal;

import java.util.Spliterator;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Ends an observed call's span when the work it returned completes, not when it returns: a {@link
 * CompletionStage} when it completes, a Reactor {@code Mono} or {@code Flux} when it terminates or
 * is cancelled, a {@link Stream} when it is consumed to the end or closed. Anything else ends the
 * span at once.
 *
 * <p>A stage, publisher or stream that is never completed, subscribed or consumed leaves its span
 * open, as the same code with a hand-written span would.
 */
final class Completions {

  private Completions() {}

  /**
   * Returns {@code returned}, or a replacement of the run's declared return type that ends the
   * span.
   */
  static Object endOnCompletion(ObservationRun run, Object returned) {
    Class<?> declared = run.declaredReturn;
    if (returned instanceof CompletionStage && CompletionStage.class.isAssignableFrom(declared)) {
      CompletionStage<?> following =
          ((CompletionStage<?>) returned)
              .whenComplete(
                  (r, e) -> {
                    if (e != null) {
                      run.fail(e);
                    } else {
                      run.succeed(r);
                    }
                  });
      // a declared subtype whenComplete does not return (a custom future): the original is
      // returned, and the
      // span still ends when it completes, through the stage above
      return declared.isInstance(following) ? following : returned;
    }
    if (returned != null && isReactor(declared)) {
      Object wrapped = ReactorCompletions.endOnTermination(run, returned);
      if (declared.isInstance(wrapped)) {
        return wrapped;
      }
    }
    if (returned instanceof Stream && Stream.class.isAssignableFrom(declared)) {
      Stream<?> wrapped = endOnConsumption(run, (Stream<?>) returned);
      if (declared.isInstance(wrapped)) {
        return wrapped;
      }
    }
    run.succeed(returned);
    return returned;
  }

  /** True for Reactor's Mono or Flux (by name: Reactor is an optional dependency). */
  private static boolean isReactor(Class<?> declared) {
    for (Class<?> c = declared; c != null; c = c.getSuperclass()) {
      String n = c.getName();
      if (n.equals("reactor.core.publisher.Mono") || n.equals("reactor.core.publisher.Flux")) {
        return true;
      }
    }
    return false;
  }

  private static <T> Stream<T> endOnConsumption(ObservationRun run, Stream<T> stream) {
    boolean parallel = stream.isParallel();
    Stream<T> following =
        StreamSupport.stream(new EndingSpliterator<>(stream.spliterator(), run), parallel);
    return following.onClose(
        () -> {
          try {
            stream.close();
          } finally {
            run.cancel();
          }
        });
  }

  /** Ends the run when its source is exhausted; a source that throws fails it. */
  private static final class EndingSpliterator<T> implements Spliterator<T> {
    private final Spliterator<T> source;
    private final ObservationRun run;

    EndingSpliterator(Spliterator<T> source, ObservationRun run) {
      this.source = source;
      this.run = run;
    }

    @Override
    public boolean tryAdvance(Consumer<? super T> action) {
      boolean more;
      try {
        more = source.tryAdvance(action);
      } catch (RuntimeException | Error e) {
        run.fail(e);
        throw e;
      }
      if (!more) {
        run.succeed(null);
      }
      return more;
    }

    @Override
    public void forEachRemaining(Consumer<? super T> action) {
      try {
        source.forEachRemaining(action);
      } catch (RuntimeException | Error e) {
        run.fail(e);
        throw e;
      }
      run.succeed(null);
    }

    @Override
    public Spliterator<T> trySplit() {
      return source.trySplit();
    }

    @Override
    public long estimateSize() {
      return source.estimateSize();
    }

    @Override
    public int characteristics() {
      return source.characteristics();
    }
  }
}
