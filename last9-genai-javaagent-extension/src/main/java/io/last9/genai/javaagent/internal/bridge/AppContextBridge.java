/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent.internal.bridge;

import io.last9.genai.bridge.ContextHook;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Called by the advice on the application's {@code ContextHook.with}: returns the application
 * context the library just built, with its last9-genai state also carried by the agent's side of it
 * (a {@link MirrorContext}), as the payload the application's {@code ContextHook.payloadOf} writes.
 *
 * <p>This class is injected into the class loader of the application's copy of last9-genai, and
 * uses nothing of that copy but the bridge's contract (the {@code io.last9.genai.bridge} package),
 * which an application of another release of the library keeps. In it, {@code
 * io.opentelemetry.context.Context} written in this source is the agent's context (the agent remaps
 * it when it loads this jar), while the application's {@code Context} is only reached through two
 * method handles, {@code makeCurrent()} and {@code Context.current()}, looked up once from the
 * application's own classes.
 *
 * <p>How: under the agent, the application's context is a view over an agent context that holds the
 * application's entries. Making it current makes that agent context current; wrapping the agent's
 * current context in a mirror, making the mirror current and reading the application's current
 * context back gives an application context whose agent side is the mirror. Both scopes are closed
 * before returning, so nothing stays current. Without the agent this class is never loaded.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class AppContextBridge {

  // The agent turns java.util.logging.Logger in this jar into its own logger class, so this class
  // never hands its
  // logger to the application's copy of the library (whose methods take the JDK type): it reports
  // by itself, once.
  private static final Logger logger = Logger.getLogger(AppContextBridge.class.getName());
  private static final AtomicBoolean bridgeFailureReported = new AtomicBoolean();

  /**
   * The application's {@code Context.makeCurrent()}, as {@code (Object) -> AutoCloseable}, or null.
   */
  private static final MethodHandle MAKE_CURRENT;

  /** The application's {@code Context.current()}, as {@code () -> Object}, or null. */
  private static final MethodHandle CURRENT;

  static {
    MethodHandle makeCurrent = null;
    MethodHandle current = null;
    try {
      Class<?> contextType = applicationContextType();
      MethodHandles.Lookup lookup = MethodHandles.publicLookup();
      Method mc = contextType.getMethod("makeCurrent");
      makeCurrent =
          lookup.unreflect(mc).asType(MethodType.methodType(AutoCloseable.class, Object.class));
      current =
          lookup
              .unreflect(contextType.getMethod("current"))
              .asType(MethodType.methodType(Object.class));
    } catch (Throwable t) {
      rethrowIfFatal(t);
      logger.log(
          Level.WARNING,
          "last9-genai: the Java agent extension cannot reach the application's "
              + "OpenTelemetry context; the agent's spans carry no conversation or workflow ids",
          t);
      makeCurrent = null;
      current = null;
    }
    MAKE_CURRENT = makeCurrent;
    CURRENT = current;
  }

  private AppContextBridge() {}

  /**
   * The application's {@code io.opentelemetry.context.Context}: what {@code ContextHook.with}
   * returns.
   */
  private static Class<?> applicationContextType() throws NoSuchMethodException {
    for (Method m : ContextHook.class.getMethods()) {
      if (m.getName().equals("with") && m.getParameterCount() == 3) {
        return m.getReturnType();
      }
    }
    throw new NoSuchMethodException(
        ContextHook.class.getName() + ".with(Context, ContextKey, Object)");
  }

  /**
   * Returns {@code applicationContext} ({@code value} just stored in it) with {@code value}
   * mirrored into its agent side; returns it unchanged when {@code value} is not library state or
   * anything fails.
   */
  public static Object bridge(Object applicationContext, Object value) {
    if (MAKE_CURRENT == null || applicationContext == null) {
      return applicationContext;
    }
    try {
      Object[] payload = ContextHook.payloadOf(value);
      if (payload == null) {
        return applicationContext;
      }
      AutoCloseable applicationScope = (AutoCloseable) MAKE_CURRENT.invokeExact(applicationContext);
      try {
        Context agent = Context.current();
        Context base = agent;
        Object[] outer = null;
        if (agent instanceof MirrorContext) {
          base = ((MirrorContext) agent).delegate();
          outer = ((MirrorContext) agent).payloads();
        }
        try (Scope mirror =
            new MirrorContext(base, MirrorContext.add(outer, payload)).makeCurrent()) {
          return (Object) CURRENT.invokeExact();
        }
      } finally {
        applicationScope.close();
      }
    } catch (Throwable t) {
      rethrowIfFatal(t);
      if (bridgeFailureReported.compareAndSet(false, true)) {
        logger.log(
            Level.WARNING,
            "last9-genai: could not carry a scope into the Java agent's context; spans "
                + "the agent makes inside such scopes carry no conversation or workflow ids (reported once)",
            t);
      }
      return applicationContext;
    }
  }

  /**
   * Lets a {@code VirtualMachineError} other than a stack overflow through: nothing can be done
   * about it here. Written out because the application's copy keeps its own helpers internal.
   */
  private static void rethrowIfFatal(Throwable t) {
    if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
      throw (VirtualMachineError) t;
    }
  }
}
