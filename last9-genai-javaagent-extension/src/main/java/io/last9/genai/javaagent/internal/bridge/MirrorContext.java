/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent.internal.bridge;

import io.last9.genai.bridge.Payload;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * An agent-side {@link Context} that also carries the application's last9-genai state, as the
 * application's copy of the library wrote it: {@link Payload}s of JDK types, which this class moves
 * without reading them.
 *
 * <p>Under the Java agent the application's contexts are kept inside the agent's: the application's
 * copy of the library stores its scope state in the application's context, under a key the agent's
 * copy cannot know. The bridge therefore makes the agent's side of such a context a {@code
 * MirrorContext}: it delegates every entry to the context it wraps and carries the application's
 * payloads beside them. Every context derived from it with {@link #with} is a mirror too, so the
 * state travels with it exactly as a context entry would: to child spans, to tasks the agent's
 * executor instrumentation wraps, and back out when the scope that made it current closes.
 *
 * <p>The agent's copy, in another class loader, cannot name this class: it reads a mirror through
 * {@link IntFunction#apply(int)}, where {@link #MARKER_SLOT} gives {@link #MARKER} and {@link
 * #PAYLOADS_SLOT} the payloads.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class MirrorContext implements Context, IntFunction<Object> {

  /** The slot whose value identifies a mirrored context. */
  public static final int MARKER_SLOT = -1;

  /** The value at {@link #MARKER_SLOT}: names this class's slots, in case they ever change. */
  public static final String MARKER = "last9-genai-mirror/2";

  /**
   * The slot whose value is the payloads, an {@code Object[]} of them: the innermost of each kind.
   */
  public static final int PAYLOADS_SLOT = 0;

  private final Context delegate;
  private final Object[] payloads;

  /**
   * A mirror over the agent context {@code delegate}, carrying {@code payloads} (see {@link #add}).
   */
  public MirrorContext(Context delegate, Object[] payloads) {
    this.delegate = delegate;
    this.payloads = payloads;
  }

  /** The agent context this one wraps. */
  Context delegate() {
    return delegate;
  }

  /**
   * {@code outer} payloads (or none) with {@code payload} in place of the one of its kind: an inner
   * scope's state replaces the enclosing one's, and an observed call's frame stays beside it.
   */
  public static Object[] add(Object[] outer, Object[] payload) {
    if (outer == null) {
      return new Object[] {payload};
    }
    String kind = Payload.kind(payload);
    for (int i = 0; i < outer.length; i++) {
      if (kind.equals(Payload.kind((Object[]) outer[i]))) {
        Object[] replaced = outer.clone();
        replaced[i] = payload;
        return replaced;
      }
    }
    Object[] grown = Arrays.copyOf(outer, outer.length + 1);
    grown[outer.length] = payload;
    return grown;
  }

  Object[] payloads() {
    return payloads;
  }

  @Override
  public <V> V get(ContextKey<V> key) {
    return delegate.get(key);
  }

  @Override
  public <V> Context with(ContextKey<V> key, V value) {
    Context d = delegate.with(key, value);
    return d == delegate ? this : new MirrorContext(d, payloads);
  }

  @Override
  public Object apply(int slot) {
    switch (slot) {
      case MARKER_SLOT:
        return MARKER;
      case PAYLOADS_SLOT:
        return payloads;
      default:
        return null;
    }
  }

  @Override
  public String toString() {
    return "MirrorContext{" + delegate + '}';
  }
}
