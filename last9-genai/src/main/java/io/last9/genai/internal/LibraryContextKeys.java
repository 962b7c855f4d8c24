/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

import io.last9.genai.observe.internal.ObservationRun;
import io.opentelemetry.context.ContextKey;

/**
 * The context keys under which the library's scopes and observed calls travel.
 *
 * <p>In a class of their own so that the start of a span can look for them without loading the
 * classes of what they hold: in a cold JVM, the first span outside every scope would otherwise load
 * and verify both (about 40 KB of bytecode) and make their loggers, for nothing.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class LibraryContextKeys {

  /** The conversation, workflow and request scopes in force. */
  public static final ContextKey<ScopeState> SCOPE_STATE =
      ContextKey.named("last9-genai-scope-state");

  /** The observed LLM call whose span is being started, or which the context is inside. */
  public static final ContextKey<ObservationRun> OBSERVED_CALL =
      ContextKey.named("last9-genai-observed-call");

  private LibraryContextKeys() {}
}
