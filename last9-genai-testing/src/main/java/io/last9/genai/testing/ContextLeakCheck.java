/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.testing;

import io.last9.genai.ContextSnapshot;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test that leaves something current on its thread: a last9-genai scope (a conversation,
 * workflow, agent or custom-attribute scope not closed), a span (a {@code Scope} of {@code
 * makeCurrent()} not closed), or any other context. Then it makes the root context current again,
 * so that one leak does not fail the tests after it.
 *
 * <p>{@link Last9TelemetryExtension} runs it after each test; a test with no SDK registers it on
 * its own:
 *
 * <pre>{@code
 * @ExtendWith(ContextLeakCheck.class)
 * class MyTest { ... }
 * }</pre>
 */
public final class ContextLeakCheck implements AfterEachCallback {

  /** The extension; JUnit creates it for {@code @ExtendWith(ContextLeakCheck.class)}. */
  public ContextLeakCheck() {}

  @Override
  public void afterEach(ExtensionContext context) {
    try {
      assertNothingCurrent();
    } finally {
      resetCurrentContext();
    }
  }

  /**
   * Throws an {@link AssertionError} naming what is still current on this thread, when anything is.
   */
  public static void assertNothingCurrent() {
    ContextSnapshot scopes = ContextSnapshot.current();
    if (!scopes.isEmpty()) {
      throw new AssertionError(
          "a last9-genai scope leaked out of the test (a try-with-resources missing?): " + scopes);
    }
    Span span = Span.current();
    if (span.getSpanContext().isValid()) {
      throw new AssertionError(
          "a span leaked out of the test (its makeCurrent() scope was not closed): " + span);
    }
    Context current = Context.current();
    if (current != Context.root()) {
      throw new AssertionError(
          "a context leaked out of the test (a makeCurrent() scope was not closed): " + current);
    }
  }

  /** Makes the root context current on this thread, dropping whatever a leaked scope left there. */
  @SuppressWarnings(
      "MustBeClosedChecker") // deliberately not closed: closing would restore the leaked context
  static void resetCurrentContext() {
    Context.root().makeCurrent();
  }
}
