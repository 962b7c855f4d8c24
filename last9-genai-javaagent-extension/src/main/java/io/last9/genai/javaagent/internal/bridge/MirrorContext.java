/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent.internal.bridge;

import io.last9.genai.internal.Version;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import java.util.function.IntFunction;

/**
 * An agent-side {@link Context} that also carries the application's last9-genai state (see {@link
 * MirrorLayout}).
 *
 * <p>Under the Java agent the application's contexts are kept inside the agent's: the application's
 * copy of the library stores its scope state in the application's context, under a key the agent's
 * copy cannot know. The bridge therefore makes the agent's side of such a context a {@code
 * MirrorContext}: it delegates every entry to the context it wraps and carries the application's
 * state beside them. Every context derived from it with {@link #with} is a mirror too, so the state
 * travels with it exactly as a context entry would: to child spans, to tasks the agent's executor
 * instrumentation wraps, and back out when the scope that made it current closes.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class MirrorContext implements Context, IntFunction<Object> {

  private final Context delegate;
  private final Object[] state;
  private final Object[] frame;

  MirrorContext(Context delegate, Object[] state, Object[] frame) {
    this.delegate = delegate;
    this.state = state;
    this.frame = frame;
  }

  /** The agent context this one wraps. */
  Context delegate() {
    return delegate;
  }

  Object[] state() {
    return state;
  }

  Object[] frame() {
    return frame;
  }

  @Override
  public <V> V get(ContextKey<V> key) {
    return delegate.get(key);
  }

  @Override
  public <V> Context with(ContextKey<V> key, V value) {
    Context d = delegate.with(key, value);
    return d == delegate ? this : new MirrorContext(d, state, frame);
  }

  @Override
  public Object apply(int slot) {
    switch (slot) {
      case MirrorLayout.MARKER_SLOT:
        return MirrorLayout.MARKER;
      case MirrorLayout.VERSION_SLOT:
        return Version.VERSION;
      case MirrorLayout.STATE_SLOT:
        return state;
      case MirrorLayout.FRAME_SLOT:
        return frame;
      default:
        return null;
    }
  }

  @Override
  public String toString() {
    return "MirrorContext{" + delegate + '}';
  }
}
