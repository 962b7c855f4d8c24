/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.openai.internal;

import com.openai.core.http.AsyncStreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import io.opentelemetry.api.trace.Span;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/** The async form of {@link UsageStream}. */
final class UsageAsyncStream implements AsyncStreamResponse<ChatCompletionChunk> {
  private final AsyncStreamResponse<ChatCompletionChunk> delegate;
  private final Span span;

  UsageAsyncStream(AsyncStreamResponse<ChatCompletionChunk> delegate, Span span) {
    this.delegate = delegate;
    this.span = span;
  }

  private Handler<ChatCompletionChunk> wrap(Handler<? super ChatCompletionChunk> handler) {
    return new Handler<>() {
      @Override
      public void onNext(ChatCompletionChunk chunk) {
        UsageLayer.stamp(span, chunk.usage().orElse(null));
        handler.onNext(chunk);
      }

      @Override
      public void onComplete(Optional<Throwable> error) {
        handler.onComplete(error);
      }
    };
  }

  @Override
  public AsyncStreamResponse<ChatCompletionChunk> subscribe(
      Handler<? super ChatCompletionChunk> handler) {
    delegate.subscribe(wrap(handler));
    return this;
  }

  @Override
  public AsyncStreamResponse<ChatCompletionChunk> subscribe(
      Handler<? super ChatCompletionChunk> handler, Executor executor) {
    delegate.subscribe(wrap(handler), executor);
    return this;
  }

  @Override
  public CompletableFuture<Void> onCompleteFuture() {
    return delegate.onCompleteFuture();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
