/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Waits for the garbage collector: what a test expects to be unreachable is collected by a full
 * collection ({@code System.gc()} runs one unless the JVM is told to ignore it), and what the
 * library removes after a collection (the open-span table's entries) is removed shortly after.
 */
public final class Collected {

  private static final long LIMIT_NANOS = 10_000_000_000L;

  private Collected() {}

  /** Collects garbage until {@code condition} holds; fails naming {@code what} after 10 s. */
  public static void await(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + LIMIT_NANOS;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("still reachable after 10 s of garbage collection: " + what);
      }
      System.gc();
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what, e);
      }
    }
  }

  /** Collects garbage until every one of {@code refs} is cleared; fails naming the first left. */
  public static void awaitCleared(List<Named> refs) {
    for (Named r : refs) {
      await(r.name, () -> r.ref.refersTo(null));
    }
  }

  /** A weak reference to something a test expects to be collected, with what to call it. */
  public static final class Named {
    final String name;
    final WeakReference<Object> ref;

    public Named(String name, Object referent) {
      this.name = name;
      this.ref = new WeakReference<>(referent);
    }
  }
}
