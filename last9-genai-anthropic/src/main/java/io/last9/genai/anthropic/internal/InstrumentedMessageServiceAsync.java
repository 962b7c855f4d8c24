/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.anthropic.internal;

import com.anthropic.core.ClientOptions;
import com.anthropic.core.RequestOptions;
import com.anthropic.core.http.AsyncStreamResponse;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageTokensCount;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.services.async.MessageServiceAsync;
import com.anthropic.services.async.messages.BatchServiceAsync;
import io.opentelemetry.context.Scope;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The asynchronous Messages service with a span per {@code create} and {@code createStreaming}. The
 * span is current while the request is started, and ends when the future completes (or the stream
 * completes or is closed). The returned future completes after the span has ended, with the
 * client's own result or exception instance; cancelling it cancels the client's future.
 */
final class InstrumentedMessageServiceAsync implements MessageServiceAsync {

  private final MessageServiceAsync delegate;
  private final ChatInstrumenter instrumenter;
  private final int maxContentLength;

  InstrumentedMessageServiceAsync(
      MessageServiceAsync delegate, ChatInstrumenter instrumenter, int maxContentLength) {
    this.delegate = delegate;
    this.instrumenter = instrumenter;
    this.maxContentLength = maxContentLength;
  }

  @Override
  public CompletableFuture<Message> create(
      MessageCreateParams params, RequestOptions requestOptions) {
    ChatCall call = instrumenter.start(params, false);
    CompletableFuture<Message> future;
    try (Scope ignored = call.makeCurrent()) {
      future = delegate.create(params, requestOptions);
    } catch (Throwable t) {
      call.fail(t);
      throw t;
    }
    CompletableFuture<Message> result = new CompletableFuture<>();
    future.whenComplete(
        (message, error) -> {
          if (error != null) {
            call.fail(error);
            result.completeExceptionally(error);
          } else {
            call.succeed(message);
            result.complete(message);
          }
        });
    result.whenComplete(
        (m, e) -> {
          if (result.isCancelled()) {
            future.cancel(false);
          }
        });
    return result;
  }

  @Override
  public AsyncStreamResponse<RawMessageStreamEvent> createStreaming(
      MessageCreateParams params, RequestOptions requestOptions) {
    ChatCall call = instrumenter.start(params, true);
    AsyncStreamResponse<RawMessageStreamEvent> stream;
    try (Scope ignored = call.makeCurrent()) {
      stream = delegate.createStreaming(params, requestOptions);
    } catch (Throwable t) {
      call.fail(t);
      throw t;
    }
    return new TracedAsyncStreamResponse(stream, new StreamRecorder(call, maxContentLength));
  }

  @Override
  public CompletableFuture<MessageTokensCount> countTokens(
      MessageCountTokensParams params, RequestOptions requestOptions) {
    return delegate.countTokens(params, requestOptions);
  }

  @Override
  public BatchServiceAsync batches() {
    return delegate.batches();
  }

  @Override
  public MessageServiceAsync.WithRawResponse withRawResponse() {
    return delegate.withRawResponse();
  }

  @Override
  public MessageServiceAsync withOptions(Consumer<ClientOptions.Builder> modifier) {
    return new InstrumentedMessageServiceAsync(
        delegate.withOptions(modifier), instrumenter, maxContentLength);
  }
}
