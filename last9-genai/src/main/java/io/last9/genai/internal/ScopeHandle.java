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
 * <p>A scope closed while a scope opened inside it is still current (or on another thread) is
 * reported and marked; when the inner one closes, the marked outer ones are unwound with it, so no
 * closed scope's state survives. The handle keeps no link to the enclosing scopes: a scope that is
 * never closed retains what a leaked OpenTelemetry scope retains, and a few fields more.
 *
 * <p>Internal, not for public use; it may change at any time.
 */
public final class ScopeHandle implements Scope {

  private static final Logger logger = Logger.getLogger(ScopeHandle.class.getName());

  /** Owner-less: what goes wrong here is the application's or the JVM's, not one SDK set-up's. */
  static final OnceLogger warnings = new OnceLogger(logger);

  private static final ContextKey<ScopeHandle> KEY = ContextKey.named("last9-genai-scope-handle");

  private final Scope otelScope;

  /** The kind of scope ({@code ConversationContext}, ...), for reports: never an id. */
  private final String kind;

  private boolean closed;
  private volatile boolean closedOutOfOrder;

  private ScopeHandle(Context base, String kind) {
    this.kind = kind;
    this.otelScope = ScopeActivation.makeCurrent(base.with(KEY, this));
  }

  /** Makes {@code context} current; {@code kind} names the kind of scope in wrong-order reports. */
  public static ScopeHandle open(Context context, String kind) {
    return new ScopeHandle(context, kind);
  }

  /** True when this scope's entry is the innermost library scope of the current context. */
  private boolean isCurrent() {
    return Context.current().get(KEY) == this;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (!isCurrent()) {
      closedOutOfOrder = true;
      warnings.warn(
          "scope-order",
          Level.WARNING,
          kind
              + " was closed while a scope opened inside it was still open (or on another thread). Close "
              + "scopes in reverse order, with try-with-resources; its state is removed when the inner scope "
              + "closes.",
          null);
      return;
    }
    otelScope.close();
    if (isCurrent()) {
      // the context storage refused the close: something opened inside this scope (not a library
      // scope) is
      // still current; OpenTelemetry ignores such a close, so the state stays until that scope
      // closes
      warnings.warn(
          "scope-close-ignored",
          Level.WARNING,
          kind
              + " was closed while an OpenTelemetry scope opened inside it was still current; the context "
              + "storage kept it current. Close scopes in reverse order, with try-with-resources.",
          null);
      return;
    }
    for (ScopeHandle outer = Context.current().get(KEY);
        outer != null && outer.closedOutOfOrder;
        outer = Context.current().get(KEY)) {
      outer.closedOutOfOrder = false;
      outer.otelScope.close();
    }
  }
}
