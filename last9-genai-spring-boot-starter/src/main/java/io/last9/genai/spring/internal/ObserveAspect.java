/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import io.last9.genai.observe.ObserveGenAi;
import io.last9.genai.observe.internal.ObservedMethods;
import java.lang.reflect.Method;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.aspectj.lang.reflect.MethodSignature;

/**
 * Weaves {@link ObserveGenAi} into Spring beans with Spring AOP: each call of an annotated method
 * of a bean runs as an observed call (a span with input, output, usage and cost). A method that
 * returns a {@code CompletionStage}, {@code Mono}, {@code Flux} or {@code Stream} ends its span
 * when the work completes. The method's own exception reaches its caller as the same instance. As
 * with any Spring AOP advice, a call from inside the same bean ({@code this.method()}) is not
 * woven.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
@Aspect
public final class ObserveAspect {

  /** The application's content setting: off, no woven method captures content. */
  private final boolean captureContent;

  ObserveAspect(boolean captureContent) {
    this.captureContent = captureContent;
  }

  @Around("@annotation(io.last9.genai.observe.ObserveGenAi) && execution(* *(..))")
  public Object observe(ProceedingJoinPoint call) throws Throwable {
    Method method = ((MethodSignature) call.getSignature()).getMethod();
    Object token = ObservedMethods.enter(method, call.getTarget(), call.getArgs(), captureContent);
    Object returned;
    try {
      returned = call.proceed();
    } catch (Throwable t) {
      ObservedMethods.exit(token, null, t);
      throw t;
    }
    return ObservedMethods.exit(token, returned, null);
  }
}
