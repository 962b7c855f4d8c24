/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.ContextStorage;
import io.opentelemetry.context.Scope;

/**
 * A {@link ContextStorage} that behaves as the Java agent's bridge does for the application: {@code
 * current()} returns a new view object on every call (the root excepted), so a scope that
 * recognised itself by the identity of the context it made current would never find itself current.
 */
final class ViewingContextStorage implements ContextStorage {

  private final ContextStorage delegate;

  ViewingContextStorage(ContextStorage delegate) {
    this.delegate = delegate;
  }

  @Override
  public Scope attach(Context toAttach) {
    return delegate.attach(toAttach instanceof View ? ((View) toAttach).inner : toAttach);
  }

  @Override
  public Context current() {
    Context c = delegate.current();
    return c == null || c == delegate.root() ? c : new View(c);
  }

  @Override
  public Context root() {
    return delegate.root();
  }

  /** A fresh object over the stored context. */
  private static final class View implements Context {
    final Context inner;

    View(Context inner) {
      this.inner = inner;
    }

    @Override
    public <V> V get(ContextKey<V> key) {
      return inner.get(key);
    }

    @Override
    public <V> Context with(ContextKey<V> key, V value) {
      return new View(inner.with(key, value));
    }
  }
}
