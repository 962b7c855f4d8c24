/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

import io.last9.genai.bridge.TelemetryHook;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.MeterProvider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Finds the host application's OpenTelemetry for the spans and the metric the library makes itself,
 * so that they go where the host's telemetry goes and never silently to a no-op.
 *
 * <p>Order: an instance given explicitly; the newest one a set-up registered with {@link #prefer}
 * (the Spring starter's bean, {@code Last9GenAi.install()}); the global one, once it is set. On
 * OpenTelemetry API versions before 1.52, which lack {@code GlobalOpenTelemetry.isSet()}, the
 * global instance is read with {@code GlobalOpenTelemetry.get()}, which there registers a no-op
 * when nothing is set yet: the library therefore reads it lazily, at the first span it makes, not
 * at class initialisation.
 *
 * <p>Internal, not for public use; it may change at any time.
 */
public final class HostTelemetry {

  private static final Logger logger = Logger.getLogger(HostTelemetry.class.getName());

  /** Owner-less: what goes wrong here is the application's or the JVM's, not one SDK set-up's. */
  private static final OnceLogger warnings = new OnceLogger(logger);

  private static final Registrations<OpenTelemetry> preferredBySetUps =
      new Registrations<>("the preferred OpenTelemetry");

  private HostTelemetry() {}

  /**
   * Makes {@code openTelemetry} the one the library uses when a caller names none, until the
   * returned registration is closed (then the one registered before it is back).
   */
  public static Registrations.Registration prefer(OpenTelemetry openTelemetry) {
    return preferredBySetUps.register(openTelemetry);
  }

  /** The preferred instance in force, or {@code null}. */
  public static OpenTelemetry preferred() {
    return preferredBySetUps.current();
  }

  /**
   * The instance to use: {@code explicit} when not null, else the preferred one, else the global
   * one; a no-op (reported once) when there is none.
   */
  public static OpenTelemetry resolve(OpenTelemetry explicit) {
    if (explicit != null) {
      return explicit;
    }
    OpenTelemetry p = preferredBySetUps.current();
    if (p != null) {
      return p;
    }
    if (globalIsSet()) {
      return GlobalOpenTelemetry.get();
    }
    warnings.warn(
        "no-opentelemetry",
        Level.WARNING,
        "last9-genai found no OpenTelemetry: no instance was passed with .openTelemetry(...), none was set up "
            + "(Last9GenAi.install(), the Spring starter, the Java agent) and GlobalOpenTelemetry is not set. "
            + "Observed calls and workflows record nothing until one is.",
        null);
    return OpenTelemetry.noop();
  }

  /** The host's meter provider (preferred, then global), or {@code null} when there is none yet. */
  public static MeterProvider meterProvider() {
    OpenTelemetry p = preferredBySetUps.current();
    if (p != null) {
      return p.getMeterProvider();
    }
    return globalIsSet() ? GlobalOpenTelemetry.getMeterProvider() : null;
  }

  /** Whether a global OpenTelemetry is set, through the hook the Java agent extension binds to. */
  static boolean globalIsSet() {
    return TelemetryHook.globalIsSet();
  }
}
