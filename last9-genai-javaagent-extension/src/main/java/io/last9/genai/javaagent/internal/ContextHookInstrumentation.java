/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent.internal;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.last9.genai.bridge.ContextHook;
import io.last9.genai.javaagent.internal.bridge.AppContextBridge;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The application's {@code io.last9.genai.bridge.ContextHook.with(context, key, value)}: where its
 * last9-genai state enters a context. The returned context gets the state mirrored into its agent
 * side too.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
final class ContextHookInstrumentation implements TypeInstrumentation {

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named(ContextHook.class.getName());
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        isStatic().and(named("with")).and(takesArguments(3)),
        ContextHookInstrumentation.class.getName() + "$WithAdvice");
  }

  /** Inlined into the application's {@code ContextHook.with}. */
  @SuppressWarnings("unused")
  public static final class WithAdvice {

    private WithAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(
        @Advice.Argument(2) Object value,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object context) {
      context = AppContextBridge.bridge(context, value);
    }
  }
}
