/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How a scope of the library (and an observed call) makes its context current. By default that is
 * {@link Context#makeCurrent()}. A host integration whose own context machinery keeps a second
 * notion of "current" registers an {@link Activator} that makes the context current there too: the
 * Spring starter does so for Micrometer's current observation, because Micrometer's OpenTelemetry
 * bridge starts a child span from the context stored with the parent observation, not from the
 * current OpenTelemetry context, and would otherwise drop every scope opened after that observation
 * started.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class ScopeActivation {

  private static final Logger logger = Logger.getLogger(ScopeActivation.class.getName());

  /** Owner-less: what goes wrong here is the application's or the JVM's, not one SDK set-up's. */
  private static final OnceLogger warnings = new OnceLogger(logger);

  /** Makes a context current; registered by a host integration. */
  @FunctionalInterface
  public interface Activator {
    /**
     * Makes {@code context} current (its entries, at least, must be in the current context until
     * the returned scope closes) and returns the scope that restores the previous state. Must not
     * throw.
     */
    Scope makeCurrent(Context context);
  }

  private static final Registrations<Activator> activators =
      new Registrations<>("the scope activator");

  private ScopeActivation() {}

  /**
   * Makes scopes current through {@code a} until the returned registration is closed (then the one
   * registered before it, or the default, is back).
   */
  public static Registrations.Registration register(Activator a) {
    return activators.register(a);
  }

  /** The activator in force, or {@code null}. */
  public static Activator activator() {
    return activators.current();
  }

  /**
   * Makes {@code context} current through the registered activator, or directly when there is none.
   */
  public static Scope makeCurrent(Context context) {
    Activator a = activators.current();
    if (a == null) {
      return context.makeCurrent();
    }
    try {
      return a.makeCurrent(context);
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      warnings.warn(
          "scope-activator",
          Level.WARNING,
          "last9-genai's scope activator failed; the scope is made current in OpenTelemetry only",
          t);
      return context.makeCurrent();
    }
  }
}
