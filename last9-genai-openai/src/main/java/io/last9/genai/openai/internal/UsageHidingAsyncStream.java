/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.openai.internal;

import com.openai.core.http.AsyncStreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * An async chat completion stream whose caller does not see the usage-only chunk it did not ask for
 * (see {@link StreamSafetyLayer}); the instrumentation under it still reads it.
 */
final class UsageHidingAsyncStream implements AsyncStreamResponse<ChatCompletionChunk> {
  private final AsyncStreamResponse<ChatCompletionChunk> delegate;

  UsageHidingAsyncStream(AsyncStreamResponse<ChatCompletionChunk> delegate) {
    this.delegate = delegate;
  }

  private static Handler<ChatCompletionChunk> hiding(Handler<? super ChatCompletionChunk> handler) {
    return new Handler<>() {
      @Override
      public void onNext(ChatCompletionChunk chunk) {
        if (!StreamSafetyLayer.isUsageChunk(chunk)) {
          handler.onNext(chunk);
        }
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
    delegate.subscribe(hiding(handler));
    return this;
  }

  @Override
  public AsyncStreamResponse<ChatCompletionChunk> subscribe(
      Handler<? super ChatCompletionChunk> handler, Executor executor) {
    delegate.subscribe(hiding(handler), executor);
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
