/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

/**
 * Lets tests of other packages start with no warning reported yet, so a warning one test expects is
 * not suppressed because another test logged the same kind first.
 */
public final class OnceLoggerReset {

  private OnceLoggerReset() {}

  /** Forgets every warning {@link OnceLogger} reported. */
  public static void reset() {
    OnceLogger.resetForTest();
  }
}
