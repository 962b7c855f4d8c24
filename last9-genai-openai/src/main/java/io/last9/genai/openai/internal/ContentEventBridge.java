/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.openai.internal;

import io.last9.genai.content.ContentRedactor;
import io.last9.genai.content.internal.LogEventContent;
import io.last9.genai.content.internal.Message;
import io.last9.genai.internal.OnceLogger;
import io.last9.genai.internal.Throwables;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.logs.LogRecordProcessor;
import io.opentelemetry.sdk.logs.ReadWriteLogRecord;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Turns the per-message content log events of OpenTelemetry's openai-java instrumentation ({@code
 * gen_ai.system.message}, {@code gen_ai.user.message}, {@code gen_ai.assistant.message}, {@code
 * gen_ai.tool.message}, {@code gen_ai.choice}) into the conventions' {@code gen_ai.input.messages}
 * and {@code gen_ai.output.messages} on the call's span.
 *
 * <p>The span is the one the log record belongs to (the record's own context), never the current
 * span, and only a client span of this wrapper that has not ended. Messages are collected per span
 * and written once, when the span ends ({@link #flush}); the state is removed then, and is bounded
 * ({@link LogEventContent}).
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class ContentEventBridge implements LogRecordProcessor {

  private static final Logger logger = Logger.getLogger(ContentEventBridge.class.getName());

  /** Owner-less: what goes wrong here is the application's or the JVM's, not one SDK set-up's. */
  private static final OnceLogger warnings = new OnceLogger(logger);

  private final LogEventContent content;

  /**
   * @param maxLength the cap of each captured value, in characters
   * @param maxSpans how many open spans may hold collected content at once
   * @param redactor rewrites each captured value first, or null
   */
  public ContentEventBridge(int maxLength, int maxSpans, ContentRedactor redactor) {
    this.content = new LogEventContent(maxLength, maxSpans, redactor);
  }

  /** Number of spans with collected content not yet written (for tests and diagnostics). */
  public int pendingSpans() {
    return content.pendingSpans();
  }

  @Override
  public void onEmit(Context context, ReadWriteLogRecord record) {
    try {
      String name = LogEventContent.eventName(record);
      if (!LogEventContent.isMessageEvent(name)) {
        return;
      }
      SpanContext own = record.getSpanContext();
      Span span = Span.fromContext(context);
      if (!own.isValid()
          || !(span instanceof HookedOpenTelemetry.ClientSpan)
          || !span.getSpanContext().equals(own)
          || ((HookedOpenTelemetry.ClientSpan) span).hasEnded()) {
        return;
      }
      content.add(own, name, record.getBodyValue());
    } catch (Throwable e) {
      Throwables.rethrowIfFatal(e);
      warnings.warn(
          "bridge", Level.WARNING, "could not turn a gen_ai log event into span content", e);
    }
  }

  /**
   * Sets the output of an open client span from the response itself, for calls whose {@code
   * gen_ai.choice} events are emitted only after their span ended (async calls).
   */
  public void completion(HookedOpenTelemetry.ClientSpan span, List<Message> messages) {
    if (!span.hasEnded()) {
      content.output(span.getSpanContext(), messages);
    }
  }

  /** Writes the collected content on {@code span} (still open) and forgets it. */
  public void flush(Span span) {
    content.flush(span);
  }
}
