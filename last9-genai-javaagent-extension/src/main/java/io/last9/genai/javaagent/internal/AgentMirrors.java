/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent.internal;

import io.last9.genai.bridge.ContextHook;
import io.last9.genai.internal.OnceLogger;
import io.last9.genai.internal.ScopeState;
import io.last9.genai.internal.Throwables;
import io.last9.genai.javaagent.internal.bridge.MirrorContext;
import io.last9.genai.observe.internal.ObservationRun;
import io.opentelemetry.context.Context;
import java.util.function.IntFunction;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The agent's side of the bridge: turns the application's state carried by a mirrored context (see
 * {@link MirrorContext}) into this copy of the library's own {@link ScopeState} and {@link
 * ObservationRun}, over the application's cells, and stores them in the context the agent's span
 * processor reads. The payloads are the application's copy's, read by this copy's {@link
 * ContextHook#restore}: this class never looks inside them.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
final class AgentMirrors {

  private static final Logger logger = Logger.getLogger(AgentMirrors.class.getName());

  /** Owner-less: what goes wrong here is the application's or the JVM's, not one SDK set-up's. */
  private static final OnceLogger warnings = new OnceLogger(logger);

  private AgentMirrors() {}

  /** True when {@code context} carries mirrored application state. */
  static boolean isMirror(Context context) {
    return context instanceof IntFunction
        && MirrorContext.MARKER.equals(((IntFunction<?>) context).apply(MirrorContext.MARKER_SLOT));
  }

  /**
   * {@code parent} with the application's state it mirrors stored as this copy's own; when it
   * mirrors nothing and holds no state of this copy either, the state mirrored by the current
   * context (as the processor itself falls back to the current context for spans given an explicit
   * parent).
   */
  static Context resolve(Context parent) {
    Context source = parent;
    if (!isMirror(parent)) {
      // the current context first: most spans start under it, and then there is nothing to look up
      Context current = Context.current();
      if (current == parent
          || !isMirror(current)
          || ScopeState.fromContext(parent) != null
          || ObservationRun.fromContext(parent) != null) {
        return parent;
      }
      source = current;
    }
    Object[] payloads = (Object[]) ((IntFunction<?>) source).apply(MirrorContext.PAYLOADS_SLOT);
    Context resolved = parent;
    for (Object payload : payloads) {
      resolved = ContextHook.restore(resolved, (Object[]) payload);
    }
    return resolved;
  }

  /**
   * {@link #resolve}, or {@code parent} unchanged when that fails (reported once): a span the agent
   * starts is then treated as outside the application's scopes, never failed.
   */
  static Context resolveOrParent(Context parent) {
    try {
      return resolve(parent);
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      warnings.warn(
          "agent-mirror",
          Level.WARNING,
          "last9-genai could not read the application's "
              + "scopes for a span the agent started; it is treated as outside them (no conversation or workflow "
              + "ids, sampled as such)",
          t);
      return parent;
    }
  }
}
