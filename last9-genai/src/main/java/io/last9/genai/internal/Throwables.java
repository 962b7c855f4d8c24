package io.last9.genai.internal;

/**
 * The rules for throwables at the library's boundaries: where its code runs inside someone else's (a span
 * processor hook, a wrapper, an extractor, a redactor, a store) it catches {@code Throwable}, since
 * {@code LinkageError}s (an older OpenTelemetry on the classpath) and {@code StackOverflowError}s (a cyclic
 * {@code toString()}) happen in practice; only a {@link VirtualMachineError} is passed on, after cleanup, because
 * nothing can be relied on after one.
 *
 * <p>Internal, not for public use; it may change at any time.
 */
public final class Throwables {

  private Throwables() {}

  /** Rethrows {@code t} when it is a {@link VirtualMachineError} other than a stack overflow; otherwise returns. */
  public static void rethrowIfFatal(Throwable t) {
    // a StackOverflowError is a VirtualMachineError, but the stack has unwound by the time it is caught: it is a
    // failure of the code that recursed (a user's toString(), say), not of the JVM
    if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
      throw (VirtualMachineError) t;
    }
  }

  /**
   * Throws {@code t} unchanged, checked or not, so a caller's own exception reaches it as the same instance
   * (declared as returning an exception so call sites can write {@code throw Throwables.sneaky(t)}).
   */
  @SuppressWarnings("unchecked")
  public static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
    throw (E) t;
  }
}
