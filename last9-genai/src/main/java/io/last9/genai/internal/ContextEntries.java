/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;

/**
 * The one place where the library's own state (a scope's {@link ScopeState}, an observed call's
 * {@link io.last9.genai.observe.internal.ObservationRun}) enters an OpenTelemetry {@link Context}.
 *
 * <p>It exists as a hook: under the OpenTelemetry Java agent, the application's copy of this
 * library and the copy inside the agent (the {@code last9-genai-javaagent-extension} jar) live in
 * different class loaders, each with its own context keys. The extension instruments {@link #with}
 * so that the state also reaches the agent's context, where the agent's span processor reads it.
 * Keep its name and signature stable; without the agent it is exactly {@code context.with(key,
 * value)}.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class ContextEntries {

  private ContextEntries() {}

  /** Returns {@code context} with {@code value} stored under {@code key}. */
  public static <T> Context with(Context context, ContextKey<T> key, T value) {
    return context.with(key, value);
  }
}
