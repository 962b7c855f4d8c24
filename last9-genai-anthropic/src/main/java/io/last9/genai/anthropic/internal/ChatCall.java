/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.anthropic.internal;

import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.models.messages.Message;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.content.internal.SpanContent;
import io.last9.genai.internal.OnceLogger;
import io.last9.genai.internal.SpanUsage;
import io.last9.genai.internal.Throwables;
import io.last9.genai.observe.ResponseInfo;
import io.last9.genai.observe.internal.ErrorRecorder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One traced Messages call: its span and context, and the one-time recording of its outcome. Every
 * method is safe to call from any thread, more than once; only the first outcome is recorded and
 * the span ends exactly once. Nothing here throws into the caller.
 */
final class ChatCall {

  private static final Logger logger = Logger.getLogger(ChatCall.class.getName());

  /** Owner-less: what goes wrong here is the application's or the JVM's, not one SDK set-up's. */
  private static final OnceLogger warnings = new OnceLogger(logger);

  private final ChatInstrumenter instrumenter;
  private final Span span;
  private final Context context;
  private final AtomicBoolean ended = new AtomicBoolean();

  ChatCall(ChatInstrumenter instrumenter, Span span, Context context) {
    this.instrumenter = instrumenter;
    this.span = span;
    this.context = context;
  }

  /** Makes the call's span current (for the synchronous part of the call). */
  Scope makeCurrent() {
    return context.makeCurrent();
  }

  boolean capturesContent() {
    return span.isRecording() && instrumenter.capturesContent();
  }

  /** Ends the span with what {@code message} says. */
  void succeed(Message message) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    try {
      if (message != null && span.isRecording()) {
        ResponseInfo info = MessageReader.read(message);
        record(info);
        if (instrumenter.capturesContent()) {
          output(MessageReader.output(message));
        }
      }
    } catch (Throwable e) {
      Throwables.rethrowIfFatal(e);
      warnings.warn(
          "anthropic-succeed",
          Level.WARNING,
          "last9-genai-anthropic could not record a response; the span ends without it",
          e);
    }
    span.end();
  }

  /** Ends the span with a response put together by a stream; {@code info} may be partial. */
  void succeedStream(ResponseInfo info, String outputText) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    try {
      if (span.isRecording()) {
        record(info);
        if (instrumenter.capturesContent() && outputText != null) {
          String stop = info.finishReasons().isEmpty() ? null : info.finishReasons().get(0);
          output(MessageReader.textOutput(outputText, stop));
        }
      }
    } catch (Throwable e) {
      Throwables.rethrowIfFatal(e);
      warnings.warn(
          "anthropic-stream",
          Level.WARNING,
          "last9-genai-anthropic could not record a stream; the span ends without it",
          e);
    }
    span.end();
  }

  /** Ends the span as failed: status ERROR, {@code error.type}, one exception event. */
  void fail(Throwable error) {
    if (!ended.compareAndSet(false, true)) {
      return;
    }
    try {
      Throwable cause = unwrap(error);
      // the message often quotes the prompt: left out with this client's capture off, as
      // everywhere in the library
      ErrorRecorder.record(
          span,
          cause,
          instrumenter.capturesContent(),
          instrumenter.redactor(),
          instrumenter.maxContentLength());
      span.setAttribute(GenAiAttributes.ERROR_TYPE, errorType(cause));
    } catch (Throwable e) {
      Throwables.rethrowIfFatal(e);
      warnings.warn(
          "anthropic-fail",
          Level.WARNING,
          "last9-genai-anthropic could not record an error; the span ends without it",
          e);
    }
    span.end();
  }

  /**
   * HTTP status for an error the API answered with (semconv for HTTP clients), else the exception
   * class.
   */
  static String errorType(Throwable cause) {
    if (cause instanceof AnthropicServiceException) {
      return Integer.toString(((AnthropicServiceException) cause).statusCode());
    }
    return cause.getClass().getName();
  }

  private void record(ResponseInfo info) {
    SpanUsage.setResponse(span, info);
    if (info.usage() != null) { // no usage, no cost: never a made-up number
      SpanUsage.setUsage(span, info.usage());
    }
  }

  private void output(io.last9.genai.content.internal.Message message) {
    if (message != null) {
      SpanContent.output(
          span, List.of(message), instrumenter.redactor(), instrumenter.maxContentLength());
    }
  }

  static Throwable unwrap(Throwable t) {
    Throwable c = t;
    while ((c instanceof CompletionException || c instanceof ExecutionException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }
}
