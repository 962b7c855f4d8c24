/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.openai.internal;

import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;

/** A stream that writes the usage chunk's details on the client span as the chunk passes. */
final class UsageStream implements StreamResponse<ChatCompletionChunk> {
  private final StreamResponse<ChatCompletionChunk> delegate;
  final HookedOpenTelemetry.ClientSpan span;

  UsageStream(StreamResponse<ChatCompletionChunk> delegate, HookedOpenTelemetry.ClientSpan span) {
    this.delegate = delegate;
    this.span = span;
  }

  volatile String lastId;
  volatile String lastModel;

  @Override
  public java.util.stream.Stream<ChatCompletionChunk> stream() {
    return delegate.stream()
        .peek(
            chunk -> {
              lastId = chunk._id().asKnown().orElse(lastId);
              lastModel = chunk._model().asKnown().orElse(lastModel);
              UsageLayer.stamp(span, chunk.usage().orElse(null));
            });
  }

  @Override
  public void close() {
    delegate.close();
  }
}
