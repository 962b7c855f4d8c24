/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent.internal;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;
import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isAnnotatedWith;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

import io.last9.genai.bridge.ObserveHook;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import java.lang.reflect.Method;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Every class that declares an {@code @ObserveGenAi} method: the method's body runs between the
 * application's {@code ObserveHook.enter} and {@code ObserveHook.exit}, and returns what {@code
 * exit} returns (the same value, or a {@code CompletionStage}, {@code Mono}, {@code Flux} or {@code
 * Stream} that ends the span when the work completes). The method's own exception propagates
 * unchanged, after being recorded.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
final class ObserveInstrumentation implements TypeInstrumentation {

  private static final ElementMatcher.Junction<MethodDescription> OBSERVED =
      isMethod()
          .and(isAnnotatedWith(named(ObserveInstrumentationModule.ANNOTATION)))
          .and(not(isAbstract()));

  @Override
  public ElementMatcher<ClassLoader> classLoaderOptimization() {
    return hasClassesNamed(ObserveInstrumentationModule.ANNOTATION);
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return declaresMethod(OBSERVED);
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        OBSERVED, ObserveInstrumentation.class.getName() + "$ObserveAdvice");
  }

  /** Inlined into each {@code @ObserveGenAi} method. */
  @SuppressWarnings("unused")
  public static final class ObserveAdvice {

    private ObserveAdvice() {}

    @Advice.OnMethodEnter(suppress = Throwable.class)
    public static Object enter(
        @Advice.Origin Method method,
        @Advice.This(optional = true) Object target,
        @Advice.AllArguments Object[] args) {
      return ObserveHook.enter(method, target, args);
    }

    @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
    public static void exit(
        @Advice.Enter Object token,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      if (token != null) {
        returned = ObserveHook.exit(token, returned, thrown);
      }
    }
  }
}
