/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.observe.internal;

import io.last9.genai.GenAiSpanKind;
import io.last9.genai.internal.OnceLogger;
import io.last9.genai.internal.Throwables;
import io.last9.genai.observe.ObserveGenAi;
import io.last9.genai.pricing.internal.PricingTable;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The runtime of {@link ObserveGenAi}, called by whatever weaves the annotation (the Java agent
 * extension's advice, through {@link io.last9.genai.bridge.ObserveHook}; the Spring starter's
 * aspect):
 *
 * <pre>{@code
 * Object token = ObservedMethods.enter(method, target, args);
 * Object result;
 * try {
 *   result = invokeTheMethod();
 * } catch (Throwable t) {
 *   ObservedMethods.exit(token, null, t);
 *   throw t;
 * }
 * return ObservedMethods.exit(token, result, null);
 * }</pre>
 *
 * <p>Both calls run on the method's thread and never throw (a {@code VirtualMachineError} other
 * than a stack overflow aside). {@code exit} returns what the method must return: the same object,
 * or, for a method declared to return a {@code CompletionStage}, a Reactor {@code Mono} or {@code
 * Flux}, or a {@code Stream}, one that ends the span when the work completes. What it returns is
 * always an instance of the method's declared return type.
 *
 * <p>The annotation is read once per method and kept per class ({@link ClassValue}), so the
 * per-call cost is one map lookup; methods are code, so the cache is bounded by the application's
 * size.
 *
 * <p>Internal, not for public use; it may change at any time.
 */
public final class ObservedMethods {

  private static final Logger logger = Logger.getLogger(ObservedMethods.class.getName());

  /** Owner-less: what goes wrong here is the application's or the JVM's, not one SDK set-up's. */
  private static final OnceLogger warnings = new OnceLogger(logger);

  private static final Object NOT_OBSERVED = new Object();

  private static final ClassValue<Map<Method, Object>> SPECS =
      new ClassValue<>() {
        @Override
        protected Map<Method, Object> computeValue(Class<?> type) {
          return new ConcurrentHashMap<>();
        }
      };

  private ObservedMethods() {}

  /**
   * Starts observing a call of {@code method} (annotated {@link ObserveGenAi}) with {@code args};
   * returns a token for {@link #exit}, or {@code null} when there is nothing to observe.
   *
   * @param target the receiver, or null for a static method (not recorded; it is not an argument)
   */
  public static Object enter(Method method, Object target, Object[] args) {
    try {
      Object s =
          SPECS.get(method.getDeclaringClass()).computeIfAbsent(method, ObservedMethods::describe);
      if (s == NOT_OBSERVED) {
        return null;
      }
      MethodSpec ms = (MethodSpec) s;
      if (isWovenTwice(ms, target)) {
        return null;
      }
      Object[] a = args == null ? new Object[0] : args;
      ObservationRun run = ObservationRun.begin(ms.spec, ms.input(a), ms.argNames, a);
      if (run != null) {
        run.declaredReturn = ms.returnType;
        run.target = target;
      }
      return run;
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      warnings.warn(
          "observe-method",
          Level.WARNING,
          "last9-genai could not observe a call of an @ObserveGenAi method; it runs unobserved",
          t);
      return null;
    }
  }

  /**
   * Finishes observing: ends the span now, or when the returned work completes. Returns what the
   * method must return; when {@code thrown} is not null the caller rethrows it (the same instance).
   */
  public static Object exit(Object token, Object returned, Throwable thrown) {
    if (!(token instanceof ObservationRun)) {
      return returned;
    }
    ObservationRun run = (ObservationRun) token;
    run.closeScope();
    if (thrown != null) {
      run.fail(thrown);
      return returned;
    }
    try {
      return Completions.endOnCompletion(run, returned);
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      warnings.warn(
          "observe-method-exit",
          Level.WARNING,
          "last9-genai could not follow the work an @ObserveGenAi method returned; its span ends now",
          t);
      run.succeed(returned);
      return returned;
    }
  }

  /**
   * True when this very call is already observed: two weavers around one method (the Spring
   * starter's aspect on the bean's proxy, the agent's advice inside the method) would otherwise
   * make two spans of one call. It is the same call when the innermost observed call is this method
   * on this object and its span is still the current one.
   */
  private static boolean isWovenTwice(MethodSpec ms, Object target) {
    Context current = Context.current();
    ObservationRun outer = ObservationRun.fromContext(current);
    return outer != null
        && outer.spec() == ms.spec
        && outer.target == target
        && Span.fromContext(current) == outer.span();
  }

  private static Object describe(Method method) {
    ObserveGenAi o = method.getAnnotation(ObserveGenAi.class);
    if (o == null) {
      return NOT_OBSERVED;
    }
    return new MethodSpec(method, o);
  }

  /** What one annotated method's calls share. */
  static final class MethodSpec {
    final ObservationSpec spec;
    final String[] argNames;
    final Class<?> returnType;

    MethodSpec(Method method, ObserveGenAi o) {
      Parameter[] params = method.getParameters();
      this.argNames = new String[params.length];
      for (int i = 0; i < params.length; i++) {
        argNames[i] = params[i].isNamePresent() ? params[i].getName() : "arg" + i;
      }
      this.returnType = method.getReturnType();
      GenAiSpanKind kind = o.kind();
      String name = o.name().isBlank() ? method.getName() : o.name();
      Map<String, String> metadata = new LinkedHashMap<>();
      for (String entry : o.metadata()) {
        int eq = entry.indexOf('=');
        if (eq <= 0) {
          warnings.warn(
              "observe-metadata",
              Level.WARNING,
              "@ObserveGenAi metadata entries are key=value; '"
                  + OnceLogger.shorten(entry)
                  + "' on "
                  + method
                  + " is ignored",
              null);
          continue;
        }
        metadata.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
      }
      List<String> tags = new ArrayList<>();
      for (String t : o.tags()) {
        if (!t.isBlank()) {
          tags.add(t);
        }
      }
      String model = o.model().isBlank() ? null : o.model();
      String provider = o.provider().isBlank() ? null : o.provider();
      this.spec =
          new ObservationSpec(
              kind,
              name,
              null,
              PricingTable.of(Map.of()),
              o.captureInput(),
              o.captureOutput(),
              o.captureArguments(),
              io.last9.genai.content.ContentCapture.DEFAULT_MAX_LENGTH,
              null,
              provider,
              StartAttributes.of(
                  kind, name, model, provider, null, null, null, tags, metadata, null));
    }

    /** The call's input: its one argument, or its arguments by name. */
    Object input(Object[] args) {
      if (args.length == 0) {
        return null;
      }
      if (args.length == 1) {
        return args[0];
      }
      Map<String, Object> byName = new LinkedHashMap<>();
      for (int i = 0; i < args.length; i++) {
        byName.put(argNames[i], args[i]);
      }
      return byName;
    }
  }
}
