/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.observe.internal;

import io.last9.genai.GenAiAttributes;
import io.last9.genai.content.ContentCapture;
import io.last9.genai.content.ContentField;
import io.last9.genai.content.ContentRedactor;
import io.last9.genai.internal.ContentFormatter;
import io.last9.genai.internal.Throwables;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Records an observed call's exception on its span: status ERROR, {@code error.type}, and exactly
 * one {@code exception} event.
 *
 * <p>An exception's message often quotes the input (a validation error that echoes the prompt), so
 * it is treated as content: it goes through the call's redactor ({@link
 * ContentRedactor.Side#ERROR}) and is left out entirely when content capture is off, in the status
 * description, the event's {@code exception.message} and every line of the stack trace alike. That
 * is why the event is written here rather than by {@code Span.recordException}, which exports the
 * raw message and {@code printStackTrace()} output. The client integrations record their errors
 * here too, so every module treats exception messages the same way.
 *
 * <p>Internal, not for public use; it may change at any time.
 */
public final class ErrorRecorder {

  private static final int MAX_CAUSES = 16;
  private static final int MAX_FRAMES_PER_CAUSE = 256;

  private ErrorRecorder() {}

  /**
   * Records {@code error} with the JVM-wide capture switch, no redactor and the default length cap.
   */
  public static void record(Span span, Throwable error) {
    record(span, error, ContentCapture.isEnabled(), null, ContentCapture.DEFAULT_MAX_LENGTH);
  }

  /**
   * Records {@code error}; its messages are redacted by {@code redactor} (may be null) and left out
   * entirely when {@code captureMessages} is false.
   */
  public static void record(
      Span span,
      Throwable error,
      boolean captureMessages,
      ContentRedactor redactor,
      int maxLength) {
    String message = captureMessages ? message(error, redactor, maxLength) : null;
    span.setAttribute(GenAiAttributes.ERROR_TYPE, error.getClass().getName());
    if (message != null) {
      span.setStatus(StatusCode.ERROR, message);
    } else {
      span.setStatus(StatusCode.ERROR);
    }
    AttributesBuilder event =
        Attributes.builder().put(GenAiAttributes.EXCEPTION_TYPE, error.getClass().getName());
    if (message != null) {
      event.put(GenAiAttributes.EXCEPTION_MESSAGE, message);
    }
    event.put(
        GenAiAttributes.EXCEPTION_STACKTRACE,
        stackTrace(error, captureMessages, redactor, maxLength));
    span.addEvent(GenAiAttributes.EVENT_EXCEPTION, event.build());
  }

  /**
   * The redacted message, or null (none, dropped by the redactor, or its {@code getMessage()}
   * failed).
   */
  private static String message(Throwable t, ContentRedactor redactor, int maxLength) {
    String raw;
    try {
      raw = t.getMessage();
    } catch (Throwable e) {
      Throwables.rethrowIfFatal(e);
      return null;
    }
    return ContentFormatter.redactAndTruncate(raw, ContentField.ERROR_MESSAGE, redactor, maxLength);
  }

  /**
   * The stack trace in {@code printStackTrace()} layout, with each message redacted or left out.
   */
  private static String stackTrace(
      Throwable error, boolean captureMessages, ContentRedactor redactor, int maxLength) {
    StringBuilder sb = new StringBuilder(512);
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Throwable t = error;
    for (int depth = 0; t != null && depth < MAX_CAUSES && seen.add(t); depth++) {
      if (depth > 0) {
        sb.append("Caused by: ");
      }
      sb.append(t.getClass().getName());
      String m = captureMessages ? message(t, redactor, maxLength) : null;
      if (m != null) {
        sb.append(": ").append(m);
      }
      sb.append('\n');
      StackTraceElement[] frames = t.getStackTrace();
      int n = Math.min(frames.length, MAX_FRAMES_PER_CAUSE);
      for (int i = 0; i < n; i++) {
        sb.append("\tat ").append(frames[i]).append('\n');
      }
      if (frames.length > n) {
        sb.append("\t... ").append(frames.length - n).append(" more\n");
      }
      t = t.getCause();
    }
    return sb.toString();
  }
}
