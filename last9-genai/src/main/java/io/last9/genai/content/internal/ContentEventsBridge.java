/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.content.internal;

import io.last9.genai.content.ContentCapture;
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
import java.lang.ref.WeakReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns the per-message content log events of OpenTelemetry's GenAI instrumentations (openai-java's
 * and the AWS SDK's Bedrock {@code gen_ai.user.message}, {@code gen_ai.choice}, ...) into the
 * conventions' {@code gen_ai.input.messages} and {@code gen_ai.output.messages} on the span they
 * belong to.
 *
 * <p>It is both halves: a log record processor, which collects an event when it belongs to the span
 * current where it is emitted and that span is still open (so no state is kept for a span that
 * already ended, such as an async call's late choice events), and the span side, which writes the
 * collected messages when the span ends, while it can still be written, and forgets them: {@link
 * #flush} from {@code Last9SpanProcessor}'s {@code onEnding}, or this object as a span processor
 * registered before it (the Java agent extension's configuration-file set-up, whose reader builds
 * the logger provider before the tracer provider). Bounded by {@value #MAX_SPANS} open spans. The
 * events themselves still reach the logs exporter.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class ContentEventsBridge implements LogRecordProcessor, ExtendedSpanProcessor {

  private static final Logger logger = Logger.getLogger(ContentEventsBridge.class.getName());

  /** Owner-less: what goes wrong here is the application's or the JVM's, not one SDK set-up's. */
  private static final OnceLogger warnings = new OnceLogger(logger);

  /** The most spans with collected messages not yet written. */
  public static final int MAX_SPANS = 10_000;

  /**
   * Made by the first content event: an application that never captures content never loads it (a
   * cold start pays for what it uses).
   */
  private volatile LogEventContent content;

  private final Object lock = new Object();

  /** This bridge's log half, typed as the logger provider takes it. */
  public LogRecordProcessor logRecordProcessor() {
    return this;
  }

  /** Spans with collected messages not yet written (for tests). */
  public int pendingSpans() {
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

  /**
   * The message event this thread last collected. A set-up that adds this bridge to its logger
   * provider twice (a framework's bean list and its own customizer, say) hands it the same record
   * twice, on the same thread; the second must not add the message again. Weak: it keeps no record.
   */
  private final ThreadLocal<WeakReference<ReadWriteLogRecord>> lastCollected = new ThreadLocal<>();

  private boolean seenBefore(ReadWriteLogRecord record) {
    WeakReference<ReadWriteLogRecord> last = lastCollected.get();
    if (last != null && last.get() == record) {
      return true;
    }
    lastCollected.set(new WeakReference<>(record));
    return false;
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
          || ((ReadableSpan) current).hasEnded()
          || seenBefore(record)) {
        return;
      }
      content().add(own, name, record.getBodyValue());
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      warnings.warn(
          "content-events",
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
    flush(span);
  }

  /** Writes the messages collected for {@code span}, which is ending, and forgets them. */
  public void flush(ReadWriteSpan span) {
    LogEventContent c = content;
    if (c == null || c.pendingSpans() == 0) {
      return; // the common case: one volatile read
    }
    try {
      c.flush(span);
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      warnings.warn(
          "content-events-flush",
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
