/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Makes a scope's context current and restores exactly the enclosing one on close.
 *
 * <p>A scope knows it is current by its own entry in the current context, never by the identity of
 * a {@code Context} object: under a {@code ContextStorage} that wraps contexts (the Java agent's
 * bridge does), {@code Context.current()} is a new object each time, and an identity check would
 * take every close for a wrong-order close.
 *
 * <p>That entry is a small {@link Mark}, not the handle: the handle holds the OpenTelemetry scope,
 * which holds the context it restores, so a handle in the context would chain every leaked scope to
 * the one before it. A scope that is never closed therefore keeps reachable what a leaked {@code
 * makeCurrent()} of the same context keeps: that context, while it is current.
 *
 * <p>A scope closed on its own thread while a scope opened inside it is still current is reported,
 * and its mark remembers the OpenTelemetry scope to close; when the inner one closes, the marked
 * outer ones are unwound with it, so no closed scope's state survives. A scope closed on another
 * thread is reported and otherwise ignored, as OpenTelemetry ignores it: its context stays current
 * on the thread that opened it until that thread's context is replaced, and nothing more is kept.
 *
 * <p>Internal, not for public use; it may change at any time.
 */
public final class ScopeHandle implements Scope {

  private static final Logger logger = Logger.getLogger(ScopeHandle.class.getName());

  /** Owner-less: what goes wrong here is the application's or the JVM's, not one SDK set-up's. */
  static final OnceLogger warnings = new OnceLogger(logger);

  private static final ContextKey<Mark> KEY = ContextKey.named("last9-genai-scope-handle");

  /**
   * A scope's entry in its context. It refers to nothing until its scope is closed out of order on
   * its own thread; then to the OpenTelemetry scope that the close of the inner scope must close.
   */
  private static final class Mark {
    private volatile Scope unwind;
  }

  private final Mark mark = new Mark();

  private final Scope otelScope;

  /** The thread the scope was opened on: a close elsewhere cannot restore that thread's context. */
  private final Thread owner;

  /** The kind of scope ({@code ConversationContext}, ...), for reports: never an id. */
  private final String kind;

  private boolean closed;

  private ScopeHandle(Context base, String kind) {
    this.kind = kind;
    this.owner = Thread.currentThread();
    this.otelScope = ScopeActivation.makeCurrent(base.with(KEY, mark));
  }

  /** Makes {@code context} current; {@code kind} names the kind of scope in wrong-order reports. */
  public static ScopeHandle open(Context context, String kind) {
    return new ScopeHandle(context, kind);
  }

  /** True when this scope's entry is the innermost library scope of the current context. */
  private boolean isCurrent() {
    return Context.current().get(KEY) == mark;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!isCurrent()) {
      boolean ownThread = Thread.currentThread() == owner;
      if (ownThread) {
        mark.unwind = otelScope;
      }
      warnings.warn(
          ownThread ? "scope-order" : "scope-thread",
          Level.WARNING,
          ownThread
              ? kind
                  + " was closed while a scope opened inside it was still open. Close scopes in"
                  + " reverse order, with try-with-resources; its state is removed when the inner"
                  + " scope closes."
              : kind
                  + " was closed on another thread than the one that opened it; as with"
                  + " OpenTelemetry's own scopes, the close is ignored and the scope stays current"
                  + " on the thread that opened it. Close a scope on the thread that opened it.",
          null);
      return;
    }
    otelScope.close();
    if (isCurrent()) {
      // the context storage refused the close: something opened inside this scope (not a library
      // scope) is still current; OpenTelemetry ignores such a close, so the state stays until that
      // scope closes
      warnings.warn(
          "scope-close-ignored",
          Level.WARNING,
          kind
              + " was closed while an OpenTelemetry scope opened inside it was still current; the context "
              + "storage kept it current. Close scopes in reverse order, with try-with-resources.",
          null);
      return;
    }
    for (Mark outer = Context.current().get(KEY);
        outer != null && outer.unwind != null;
        outer = Context.current().get(KEY)) {
      Scope unwind = outer.unwind;
      outer.unwind = null;
      unwind.close();
    }
  }
}
