/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.openai.internal;

import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.internal.OnceLogger;
import io.last9.genai.internal.Throwables;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * A stream whose close cannot fail: when the instrumentation fails to end a stream the caller
 * closed early, it ends the span (no usage, no cost) and closes the response; and it hides the
 * usage chunk from a caller that did not ask for it (see {@link StreamSafetyLayer}).
 */
final class SafeStream implements StreamResponse<ChatCompletionChunk> {

  private static final Logger LOGGER = Logger.getLogger(StreamSafetyLayer.class.getName());

  /** Owner-less: what goes wrong here is the application's or the JVM's, not one SDK set-up's. */
  private static final OnceLogger WARNINGS = new OnceLogger(LOGGER);

  private final StreamResponse<ChatCompletionChunk> delegate;
  private final UsageStream raw;
  private final boolean hideUsageChunk;

  SafeStream(
      StreamResponse<ChatCompletionChunk> delegate, UsageStream raw, boolean hideUsageChunk) {
    this.delegate = delegate;
    this.raw = raw;
    this.hideUsageChunk = hideUsageChunk;
  }

  @Override
  public Stream<ChatCompletionChunk> stream() {
    Stream<ChatCompletionChunk> s = delegate.stream();
    return hideUsageChunk ? s.filter(c -> !StreamSafetyLayer.isUsageChunk(c)) : s;
  }

  @Override
  public void close() {
    try {
      delegate.close();
    } catch (Throwable e) {
      Throwables.rethrowIfFatal(e);
      WARNINGS.warn(
          "stream-close",
          Level.FINE,
          "the openai-java instrumentation failed to end a stream closed early; ending its span here",
          e);
      if (raw != null) {
        if (raw.lastId != null) {
          raw.span.setAttribute(GenAiAttributes.RESPONSE_ID, raw.lastId);
        }
        if (raw.lastModel != null) {
          raw.span.setAttribute(GenAiAttributes.RESPONSE_MODEL, raw.lastModel);
        }
        raw.span.end(); // no usage was seen: no tokens, no cost
        try {
          raw.close();
        } catch (Throwable ignored) {
          Throwables.rethrowIfFatal(ignored);
          // the response is closed as far as we can
        }
      }
    }
  }
}
