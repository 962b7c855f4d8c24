/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

/**
 * The rules for throwables at the library's boundaries: where its code runs inside someone else's
 * (a span processor hook, a wrapper, an extractor, a redactor, a store) it catches {@code
 * Throwable}, since {@code LinkageError}s (an older OpenTelemetry on the classpath) and {@code
 * StackOverflowError}s (a cyclic {@code toString()}) happen in practice; only a {@link
 * VirtualMachineError} is passed on, after cleanup, because nothing can be relied on after one.
 *
 * <p>Internal, not for public use; it may change at any time.
 */
public final class Throwables {

  private Throwables() {}

  /** Rethrows {@code t} when it {@linkplain #isFatal is fatal}; otherwise returns. */
  public static void rethrowIfFatal(Throwable t) {
    if (isFatal(t)) {
      throw (VirtualMachineError) t;
    }
  }

  /**
   * True for a {@link VirtualMachineError} other than a {@link StackOverflowError}: a stack
   * overflow has unwound by the time it is caught, and is a failure of the code that recursed (a
   * user's {@code toString()}), not of the JVM.
   */
  public static boolean isFatal(Throwable t) {
    return t instanceof VirtualMachineError && !(t instanceof StackOverflowError);
  }

  /**
   * Throws {@code t} unchanged, checked or not, so a caller's own exception reaches it as the same
   * instance (declared as returning an exception so call sites can write {@code throw
   * Throwables.sneaky(t)}).
   */
  @SuppressWarnings("unchecked")
  public static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
    throw (E) t;
  }
}
