/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent.internal;

import io.last9.genai.content.ContentCapture;
import io.last9.genai.content.internal.LogEventContent;
import io.last9.genai.internal.OnceLogger;
import io.last9.genai.internal.Throwables;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.LogRecordProcessor;
import io.opentelemetry.sdk.logs.ReadWriteLogRecord;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.internal.ExtendedSpanProcessor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Under the agent, turns the per-message content log events of the agent's GenAI instrumentations
 * (openai-java's {@code gen_ai.user.message}, {@code gen_ai.choice}, ...) into the conventions'
 * {@code gen_ai.input.messages} and {@code gen_ai.output.messages} on the span they belong to.
 *
 * <p>It is both halves: a log record processor in the agent's logger provider, which collects an
 * event when it belongs to the span current where it is emitted and that span is still open (so no
 * state is kept for a span that already ended, such as an async call's late choice events), and a
 * span processor registered before last9-genai's own, which writes the collected messages when the
 * span ends, while it can still be written, and forgets them. Bounded by {@value #MAX_SPANS} open
 * spans. The events themselves still reach the agent's logs exporter.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
final class AgentContentBridge implements LogRecordProcessor, ExtendedSpanProcessor {

  private static final Logger logger = Logger.getLogger(AgentContentBridge.class.getName());

  /** Owner-less: what goes wrong here is the application's or the JVM's, not one SDK set-up's. */
  private static final OnceLogger warnings = new OnceLogger(logger);

  static final int MAX_SPANS = 10_000;

  /**
   * Made by the first content event: an application that never captures content never loads it (a
   * cold start under the agent pays for what it uses).
   */
  private volatile LogEventContent content;

  private final Object lock = new Object();

  /** Spans with collected messages not yet written (for tests). */
  int pendingSpans() {
    LogEventContent c = content;
    return c == null ? 0 : c.pendingSpans();
  }

  private LogEventContent content() {
    LogEventContent c = content;
    if (c != null) {
      return c;
    }
    synchronized (lock) {
      c = content;
      if (c == null) {
        c = new LogEventContent(ContentCapture.DEFAULT_MAX_LENGTH, MAX_SPANS, null);
        content = c;
      }
      return c;
    }
  }

  @Override
  public void onEmit(Context context, ReadWriteLogRecord record) {
    try {
      String name = LogEventContent.eventName(record);
      if (!LogEventContent.isMessageEvent(name) || !ContentCapture.isEnabled()) {
        return;
      }
      SpanContext own = record.getSpanContext();
      Span current = Span.fromContext(context);
      if (!own.isValid()
          || !own.isSampled()
          || !(current instanceof ReadableSpan)
          || !current.getSpanContext().equals(own)
          || ((ReadableSpan) current).hasEnded()) {
        return;
      }
      content().add(own, name, record.getBodyValue());
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      warnings.warn(
          "agent-content-events",
          Level.WARNING,
          "last9-genai could not turn a gen_ai log event into span content",
          t);
    }
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public void onEnding(ReadWriteSpan span) {
    LogEventContent c = content;
    if (c == null || c.pendingSpans() == 0) {
      return;
    }
    try {
      c.flush(span);
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      warnings.warn(
          "agent-content-flush",
          Level.WARNING,
          "last9-genai could not write a span's captured content",
          t);
    }
  }

  @Override
  public boolean isOnEndingRequired() {
    return true;
  }

  @Override
  public void onEnd(ReadableSpan span) {}

  @Override
  public boolean isEndRequired() {
    return false;
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode forceFlush() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public void close() {
    // nothing held but per-span state, which ends with the spans
  }
}
