/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.bridge;

import io.last9.genai.internal.ScopeState;
import io.last9.genai.observe.internal.ObservationRun;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;

/**
 * The one place where the library's own state (a scope's state, an observed call's frame) enters an
 * OpenTelemetry {@link Context}, and the payloads that carry that state to the other copy of the
 * library.
 *
 * <p>Under the OpenTelemetry Java agent, the application's copy of this library and the extension's
 * copy live in different class loaders, each with its own context keys. The extension instruments
 * {@link #with} in the application's copy, asks {@link #payloadOf} for the value just stored, and
 * carries the payload into the agent's context; the extension's copy turns it back into its own
 * state with {@link #restore}. Without the agent, {@link #with} is exactly {@code context.with(key,
 * value)}.
 */
public final class ContextHook {

  private ContextHook() {}

  /** Returns {@code context} with {@code value} stored under {@code key}. */
  public static <T> Context with(Context context, ContextKey<T> key, T value) {
    return context.with(key, value);
  }

  /**
   * {@code value} as a {@link Payload} of JDK types when it is library state that {@link #with}
   * stored, else {@code null}.
   */
  public static Object[] payloadOf(Object value) {
    if (value instanceof ScopeState) {
      return ((ScopeState) value).toPayload();
    }
    if (value instanceof ObservationRun) {
      return ((ObservationRun) value).toPayload();
    }
    return null;
  }

  /**
   * {@code context} with the state {@code payload} carries (written by either copy of the library)
   * stored as this copy's own; {@code context} unchanged for a kind of state this copy does not
   * know, which a newer build may add. Each payload is decoded once.
   *
   * @throws RuntimeException when the payload does not follow its kind's layout
   */
  public static Context restore(Context context, Object[] payload) {
    String kind = Payload.kind(payload);
    if (ScopeState.PAYLOAD_KIND.equals(kind)) {
      return Payload.decoded(payload, ScopeState.class, ScopeState::fromPayload).storeIn(context);
    }
    if (ObservationRun.PAYLOAD_KIND.equals(kind)) {
      return Payload.decoded(payload, ObservationRun.class, ObservationRun::fromPayload)
          .storeIn(context);
    }
    return context;
  }
}
