package io.last9.genai.internal;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Makes a context current and restores exactly the enclosing one on close, also when scopes are closed in the
 * wrong order: a scope closed while an inner one is still current is reported and marked; when the inner one
 * closes, the marked outer ones are unwound with it, so no closed scope's state survives.
 */
public final class ScopeHandle implements Scope {

  private static final Logger logger = Logger.getLogger(ScopeHandle.class.getName());
  private static final ContextKey<ScopeHandle> KEY = ContextKey.named("last9-genai-scope-handle");

  private final ScopeHandle enclosing;
  private final Context made;
  private final Scope otelScope;
  private final String description;
  private boolean closed;
  private boolean closedOutOfOrder;

  private ScopeHandle(Context base, String description) {
    this.enclosing = base.get(KEY);
    this.made = base.with(KEY, this);
    this.description = description;
    this.otelScope = made.makeCurrent();
  }

  /** Makes {@code context} current; {@code description} names the scope in wrong-order reports. */
  public static ScopeHandle open(Context context, String description) {
    return new ScopeHandle(context, description);
  }

  /** The context this scope made current. */
  public Context context() {
    return made;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (Context.current() != made) {
      closedOutOfOrder = true;
      OnceLogger.warn(logger, "scope-order:" + description, Level.WARNING,
          description + " was closed while a scope opened inside it was still open (or on another thread). "
              + "Close scopes in reverse order, with try-with-resources; its state is removed when the inner "
              + "scope closes.", null);
      return;
    }
    otelScope.close();
    for (ScopeHandle h = enclosing; h != null && h.closedOutOfOrder && Context.current() == h.made;
        h = h.enclosing) {
      h.closedOutOfOrder = false;
      h.otelScope.close();
    }
  }
}
