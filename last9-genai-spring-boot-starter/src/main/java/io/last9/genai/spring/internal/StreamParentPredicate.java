/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import io.last9.genai.internal.OnceLogger;
import io.last9.genai.internal.Throwables;
import io.micrometer.core.instrument.binder.okhttp3.OkHttpContext;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationPredicate;
import io.opentelemetry.context.Scope;
import java.util.logging.Level;
import java.util.logging.Logger;
import okhttp3.Request;
import org.springframework.core.Ordered;

/**
 * Puts the HTTP observation of a streamed OpenAI call (Micrometer's OkHttp observation, made on an
 * OkHttp dispatcher thread where nothing is current) in the context its caller had, found by the id
 * its request carries (see {@link ContextCarryingOpenAiClient}), and takes the id off the request
 * so it is not sent: the caller's observation becomes its parent, and the caller's OpenTelemetry
 * context (its span, the last9-genai scopes) is current while the tracing handler starts the client
 * span, so the span is in the caller's trace, carries its ids, and the {@code traceparent} sent
 * names it.
 *
 * <p>Why a predicate: Micrometer evaluates predicates after an observation's context is made and
 * before any handler sees it, and Boot registers the tracing handlers ahead of any other handler
 * bean, so a handler would come too late to open the context. It decides nothing: it answers {@code
 * true}. It runs last among the predicates, so the observation it prepares is started, and the
 * handler it comes with ({@link #scopeCloser()}, registered after the tracing handlers) closes the
 * context once the span has started, on the same thread.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
final class StreamParentPredicate implements ObservationPredicate, Ordered {

  private static final Logger logger = Logger.getLogger(StreamParentPredicate.class.getName());

  /** Owner-less: what goes wrong here is the application's or the JVM's, not one SDK set-up's. */
  private static final OnceLogger warnings = new OnceLogger(logger);

  /** The caller's context opened on this thread for the observation being started, if any. */
  private static final ThreadLocal<Scope> OPEN = new ThreadLocal<>();

  private final StreamParentRegistry callers;

  StreamParentPredicate(StreamParentRegistry callers) {
    this.callers = callers;
  }

  @Override
  public boolean test(String name, Observation.Context context) {
    if (context instanceof OkHttpContext) {
      adopt((OkHttpContext) context);
    }
    return true;
  }

  private void adopt(OkHttpContext context) {
    try {
      Request request = context.getOriginalRequest();
      String id = request == null ? null : request.header(StreamParentRegistry.HEADER);
      if (id == null) {
        return;
      }
      if (context.getCarrier() != null) {
        context.getCarrier().removeHeader(StreamParentRegistry.HEADER);
      }
      StreamParentRegistry.Caller caller = callers.find(id);
      if (caller == null) {
        return;
      }
      if (caller.observation() != null && context.getParentObservation() == null) {
        context.setParentObservation(caller.observation());
      }
      closeOpen(); // one left by a start that failed before the closer ran
      OPEN.set(caller.context().makeCurrent());
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      warnings.warn(
          "stream-parent",
          Level.WARNING,
          "last9-genai could not put a streamed OpenAI call's HTTP span in its caller's context",
          t);
    }
  }

  private static void closeOpen() {
    Scope open = OPEN.get();
    if (open != null) {
      OPEN.remove();
      open.close();
    }
  }

  /** Last, so that an observation another predicate turns off never gets the context opened. */
  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }

  /**
   * The handler that closes the context this predicate opened, once the other handlers (the tracing
   * handler among them) have seen the observation start.
   */
  static ObservationHandler<OkHttpContext> scopeCloser() {
    return new ScopeCloser();
  }

  private static final class ScopeCloser implements ObservationHandler<OkHttpContext> {
    @Override
    public void onStart(OkHttpContext context) {
      try {
        closeOpen();
      } catch (Throwable t) {
        Throwables.rethrowIfFatal(t);
      }
    }

    @Override
    public boolean supportsContext(Observation.Context context) {
      return context instanceof OkHttpContext;
    }
  }
}
