/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.anthropic.internal;

import com.anthropic.core.http.AsyncStreamResponse;
import com.anthropic.models.messages.RawMessageStreamEvent;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * An {@link AsyncStreamResponse} that feeds every event to a {@link StreamRecorder} before the
 * subscriber sees it, and ends the span when the stream completes, fails, or is closed.
 */
final class TracedAsyncStreamResponse implements AsyncStreamResponse<RawMessageStreamEvent> {

  private final AsyncStreamResponse<RawMessageStreamEvent> delegate;
  private final StreamRecorder recorder;

  TracedAsyncStreamResponse(
      AsyncStreamResponse<RawMessageStreamEvent> delegate, StreamRecorder recorder) {
    this.delegate = delegate;
    this.recorder = recorder;
    // ends the span even when nobody subscribes a handler and the caller only waits on the future
    delegate
        .onCompleteFuture()
        .whenComplete(
            (v, error) -> {
              if (error != null) {
                recorder.fail(error);
              } else {
                recorder.finish();
              }
            });
  }

  @Override
  public AsyncStreamResponse<RawMessageStreamEvent> subscribe(
      Handler<? super RawMessageStreamEvent> handler) {
    delegate.subscribe(new Recording(handler));
    return this;
  }

  @Override
  public AsyncStreamResponse<RawMessageStreamEvent> subscribe(
      Handler<? super RawMessageStreamEvent> handler, Executor executor) {
    delegate.subscribe(new Recording(handler), executor);
    return this;
  }

  @Override
  public CompletableFuture<Void> onCompleteFuture() {
    return delegate.onCompleteFuture();
  }

  @Override
  public void close() {
    try {
      delegate.close();
    } finally {
      recorder.finish();
    }
  }

  private final class Recording implements Handler<RawMessageStreamEvent> {
    private final Handler<? super RawMessageStreamEvent> handler;

    Recording(Handler<? super RawMessageStreamEvent> handler) {
      this.handler = handler;
    }

    @Override
    public void onNext(RawMessageStreamEvent event) {
      recorder.onEvent(event);
      handler.onNext(event);
    }

    @Override
    public void onComplete(Optional<Throwable> error) {
      if (error.isPresent()) {
        recorder.fail(error.get());
      } else {
        recorder.finish();
      }
      handler.onComplete(error);
    }
  }
}
