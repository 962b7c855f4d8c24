/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai

/**
 * What a processor's bounded table of open spans holds, for the tests in other packages (the
 * processor keeps the counts package-private: they are for tests and diagnostics only).
 */
object ProcessorTables {
  /** Spans the processor noted (inside a workflow, an observed call, ...) that have not ended. */
  fun openSpans(processor: Last9SpanProcessor): Int = processor.openSpanCount()

  /** Entries the table holds, those of collected spans not yet removed included. */
  fun openSpanEntries(processor: Last9SpanProcessor): Int = processor.openSpanEntries()
}
