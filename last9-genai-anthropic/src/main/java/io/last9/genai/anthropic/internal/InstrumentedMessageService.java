/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.anthropic.internal;

import com.anthropic.core.ClientOptions;
import com.anthropic.core.RequestOptions;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCountTokensParams;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.MessageTokensCount;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.services.blocking.MessageService;
import com.anthropic.services.blocking.messages.BatchService;
import io.opentelemetry.context.Scope;
import java.util.function.Consumer;

/**
 * The blocking Messages service with a span per {@code create} and {@code createStreaming}. Only
 * the two abstract call methods are overridden: the interface's default overloads (no {@link
 * RequestOptions}, structured outputs) funnel into them, so they are traced too. Everything else is
 * delegated unchanged.
 */
final class InstrumentedMessageService implements MessageService {

  private final MessageService delegate;
  private final ChatInstrumenter instrumenter;
  private final int maxContentLength;

  InstrumentedMessageService(
      MessageService delegate, ChatInstrumenter instrumenter, int maxContentLength) {
    this.delegate = delegate;
    this.instrumenter = instrumenter;
    this.maxContentLength = maxContentLength;
  }

  @Override
  public Message create(MessageCreateParams params, RequestOptions requestOptions) {
    ChatCall call = instrumenter.start(params, false);
    Message message;
    try (Scope ignored = call.makeCurrent()) {
      message = delegate.create(params, requestOptions);
    } catch (Throwable t) {
      call.fail(t);
      throw t;
    }
    call.succeed(message);
    return message;
  }

  @Override
  public StreamResponse<RawMessageStreamEvent> createStreaming(
      MessageCreateParams params, RequestOptions requestOptions) {
    ChatCall call = instrumenter.start(params, true);
    StreamResponse<RawMessageStreamEvent> stream;
    try (Scope ignored = call.makeCurrent()) {
      stream = delegate.createStreaming(params, requestOptions);
    } catch (Throwable t) {
      call.fail(t);
      throw t;
    }
    return new TracedStreamResponse(stream, new StreamRecorder(call, maxContentLength));
  }

  @Override
  public MessageTokensCount countTokens(
      MessageCountTokensParams params, RequestOptions requestOptions) {
    return delegate.countTokens(params, requestOptions);
  }

  @Override
  public BatchService batches() {
    return delegate.batches();
  }

  @Override
  public MessageService.WithRawResponse withRawResponse() {
    return delegate.withRawResponse();
  }

  @Override
  public MessageService withOptions(Consumer<ClientOptions.Builder> modifier) {
    return new InstrumentedMessageService(
        delegate.withOptions(modifier), instrumenter, maxContentLength);
  }
}
