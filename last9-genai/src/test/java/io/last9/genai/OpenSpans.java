/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

/**
 * What a processor's table of open spans holds, for tests in other packages: the processor keeps
 * these counts package-private, as they are for tests and diagnostics only.
 */
public final class OpenSpans {

  private OpenSpans() {}

  /** Spans the processor noted, not yet ended and not collected. */
  public static int count(Last9SpanProcessor processor) {
    return processor.openSpanCount();
  }

  /** Entries the processor holds, those of collected spans not yet removed included. */
  public static int entries(Last9SpanProcessor processor) {
    return processor.openSpanEntries();
  }
}
