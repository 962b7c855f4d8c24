/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent.internal;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.last9.genai.bridge.TelemetryHook;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The application's {@code io.last9.genai.bridge.TelemetryHook.globalIsSet()}: under the agent a
 * global OpenTelemetry is always set (the agent's). Agents older than 2.23 do not bridge {@code
 * GlobalOpenTelemetry.isSet()}, which then reads false, and the library's own spans (workflows,
 * observed calls) would go to a no-op.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
final class TelemetryHookInstrumentation implements TypeInstrumentation {

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named(TelemetryHook.class.getName());
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        isStatic().and(named("globalIsSet")).and(takesArguments(0)).and(returns(boolean.class)),
        TelemetryHookInstrumentation.class.getName() + "$GlobalIsSetAdvice");
  }

  /** Inlined into the application's {@code TelemetryHook.globalIsSet()}. */
  @SuppressWarnings("unused")
  public static final class GlobalIsSetAdvice {

    private GlobalIsSetAdvice() {}

    @Advice.OnMethodExit(suppress = Throwable.class)
    public static void exit(@Advice.Return(readOnly = false) boolean set) {
      set = true;
    }
  }
}
