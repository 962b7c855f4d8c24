/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent.internal;

import io.last9.genai.Last9SpanProcessor;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.internal.ExtendedSpanProcessor;

/**
 * {@link Last9SpanProcessor} inside the agent, reading the application's scopes: before each span
 * starts, the application's state that its parent context mirrors (see {@link AgentMirrors}) is put
 * where the processor looks for its own. Everything else is the processor's.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
final class MirroringSpanProcessor implements ExtendedSpanProcessor {

  private final Last9SpanProcessor delegate;

  MirroringSpanProcessor(Last9SpanProcessor delegate) {
    this.delegate = delegate;
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {
    delegate.onStart(AgentMirrors.resolveOrParent(parentContext), span);
  }

  @Override
  public boolean isStartRequired() {
    return true;
  }

  @Override
  public void onEnding(ReadWriteSpan span) {
    delegate.onEnding(span);
  }

  @Override
  public boolean isOnEndingRequired() {
    return delegate.isOnEndingRequired();
  }

  @Override
  public void onEnd(ReadableSpan span) {
    delegate.onEnd(span);
  }

  @Override
  public boolean isEndRequired() {
    return delegate.isEndRequired();
  }

  @Override
  public CompletableResultCode shutdown() {
    return delegate.shutdown();
  }

  @Override
  public CompletableResultCode forceFlush() {
    return delegate.forceFlush();
  }

  @Override
  public String toString() {
    return "MirroringSpanProcessor{" + delegate + '}';
  }
}
