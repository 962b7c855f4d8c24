/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.bridge;

import io.last9.genai.internal.Throwables;
import io.opentelemetry.api.GlobalOpenTelemetry;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Whether a global OpenTelemetry is set, as the library asks before it uses the global instance for
 * its own spans and metric.
 *
 * <p>The Java agent extension makes {@link #globalIsSet()} return {@code true} in the application's
 * copy: under the agent a global OpenTelemetry is always set (the agent's), but agents before 2.23
 * do not bridge {@code GlobalOpenTelemetry.isSet()}, which then reads false.
 */
public final class TelemetryHook {

  /** {@code GlobalOpenTelemetry.isSet()}, present from API 1.52; {@code null} on older APIs. */
  private static final MethodHandle IS_SET = findIsSet();

  private TelemetryHook() {}

  /**
   * True when a global OpenTelemetry has been registered. On APIs without {@code isSet()}, true:
   * the caller then reads {@code GlobalOpenTelemetry.get()}, which is what those versions offer.
   */
  public static boolean globalIsSet() {
    if (IS_SET == null) {
      return true;
    }
    try {
      return (boolean) IS_SET.invokeExact();
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      return true;
    }
  }

  private static MethodHandle findIsSet() {
    try {
      return MethodHandles.publicLookup()
          .findStatic(GlobalOpenTelemetry.class, "isSet", MethodType.methodType(boolean.class));
    } catch (NoSuchMethodException | IllegalAccessException e) {
      return null;
    }
  }
}
