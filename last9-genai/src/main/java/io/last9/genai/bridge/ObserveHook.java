/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.bridge;

import io.last9.genai.observe.internal.ObservedMethods;
import java.lang.reflect.Method;

/**
 * What the Java agent extension weaves around every method annotated {@link
 * io.last9.genai.observe.ObserveGenAi}: the method's body runs between {@link #enter} and {@link
 * #exit}, and the method returns what {@link #exit} returns.
 *
 * <p>Both run on the method's thread and never throw (a {@code VirtualMachineError} other than a
 * stack overflow aside).
 */
public final class ObserveHook {

  private ObserveHook() {}

  /**
   * Starts observing a call of {@code method} with {@code args}; returns a token for {@link #exit},
   * or {@code null} when there is nothing to observe.
   *
   * @param target the receiver, or null for a static method
   */
  public static Object enter(Method method, Object target, Object[] args) {
    return ObservedMethods.enter(method, target, args);
  }

  /**
   * Finishes observing the call {@code token} stands for: returns what the method must return
   * ({@code returned}, or work that ends the span when it completes); when {@code thrown} is not
   * null the method rethrows it.
   */
  public static Object exit(Object token, Object returned, Throwable thrown) {
    return ObservedMethods.exit(token, returned, thrown);
  }
}
