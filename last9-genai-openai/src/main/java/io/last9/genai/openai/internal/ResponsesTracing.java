/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.openai.internal;

import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.StreamResponse;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseStreamEvent;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.content.ContentCapture;
import io.last9.genai.content.ContentRedactor;
import io.last9.genai.content.internal.Message;
import io.last9.genai.content.internal.Part;
import io.last9.genai.content.internal.SpanContent;
import io.last9.genai.internal.SpanUsage;
import io.last9.genai.internal.Throwables;
import io.last9.genai.observe.ResponseInfo;
import io.last9.genai.observe.internal.ErrorRecorder;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The client span of a Responses API call ({@code responses.create} and {@code
 * responses.createStreaming}, on blocking and async clients), which OpenTelemetry's openai-java
 * instrumentation does not trace: {@code chat {model}}, kind CLIENT, with the same
 * semantic-convention attributes the instrumentation puts on a chat completion, plus cache and
 * reasoning counts, so the processor prices it.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class ResponsesTracing {

  private static final ResponseExtractor EXTRACTOR = new ResponseExtractor();

  private final Tracer tracer;
  private final boolean captureContent;
  private final int maxLength;
  private final ContentRedactor redactor;

  /**
   * Traces with {@code tracer}; captures content in the conventions' keys when {@code
   * captureContent}, each value through {@code redactor} (may be null) and cut to {@code
   * maxLength}.
   */
  public ResponsesTracing(
      Tracer tracer, boolean captureContent, int maxLength, ContentRedactor redactor) {
    this.tracer = tracer;
    this.captureContent = captureContent;
    this.maxLength = maxLength;
    this.redactor = redactor;
  }

  Response create(ResponseCreateParams params, Supplier<Response> call) {
    Span span = start(params);
    try (Scope ignored = span.makeCurrent()) {
      Response r = call.get();
      complete(span, params, r);
      return r;
    } catch (RuntimeException | Error e) {
      recordError(span, e);
      throw e;
    } finally {
      span.end();
    }
  }

  /**
   * An async {@code responses().create}: the span ends when the response arrives, before the
   * returned future completes.
   */
  CompletableFuture<Response> createAsync(
      ResponseCreateParams params, Supplier<CompletableFuture<Response>> call) {
    Span span = start(params);
    CompletableFuture<Response> f;
    try (Scope ignored = span.makeCurrent()) {
      f = call.get();
    } catch (RuntimeException | Error e) {
      recordError(span, e);
      span.end();
      throw e;
    }
    return f.whenComplete(
        (r, t) -> {
          try {
            if (t != null) {
              recordError(span, unwrap(t));
            } else {
              complete(span, params, r);
            }
          } finally {
            span.end();
          }
        });
  }

  /**
   * A streamed {@code responses().createStreaming}: the span is current while the request is sent,
   * takes the usage of the {@code response.completed} event (which the Responses API always sends)
   * and ends with the last event, or when the caller closes the stream before it (then with no
   * usage: the processor marks it unpriced, no_usage).
   */
  StreamResponse<ResponseStreamEvent> createStreaming(
      ResponseCreateParams params, Supplier<StreamResponse<ResponseStreamEvent>> call) {
    Span span = start(params);
    StreamResponse<ResponseStreamEvent> s;
    try (Scope ignored = span.makeCurrent()) {
      s = call.get();
    } catch (RuntimeException | Error e) {
      recordError(span, e);
      span.end();
      throw e;
    }
    return new TracedResponseStream(s, new StreamedCall(span, params));
  }

  /** The async form of {@link #createStreaming}. */
  AsyncStreamResponse<ResponseStreamEvent> createStreamingAsync(
      ResponseCreateParams params, Supplier<AsyncStreamResponse<ResponseStreamEvent>> call) {
    Span span = start(params);
    AsyncStreamResponse<ResponseStreamEvent> s;
    try (Scope ignored = span.makeCurrent()) {
      s = call.get();
    } catch (RuntimeException | Error e) {
      recordError(span, e);
      span.end();
      throw e;
    }
    return new TracedAsyncResponseStream(s, new StreamedCall(span, params));
  }

  private Span start(ResponseCreateParams params) {
    String model = params.model().map(OpenAIUsage::modelName).orElse(null);
    var b =
        tracer
            .spanBuilder(model == null ? "chat" : "chat " + model)
            .setSpanKind(SpanKind.CLIENT)
            .setAttribute(GenAiAttributes.OPERATION_NAME, "chat")
            .setAttribute(GenAiAttributes.PROVIDER_NAME, "openai");
    if (model != null) {
      b.setAttribute(GenAiAttributes.REQUEST_MODEL, model);
    }
    params.temperature().ifPresent(v -> b.setAttribute(GenAiAttributes.REQUEST_TEMPERATURE, v));
    params.topP().ifPresent(v -> b.setAttribute(GenAiAttributes.REQUEST_TOP_P, v));
    params.maxOutputTokens().ifPresent(v -> b.setAttribute(GenAiAttributes.REQUEST_MAX_TOKENS, v));
    return b.startSpan();
  }

  /** Records the finished response on the span (usage, and content when captured). */
  private void complete(Span span, ResponseCreateParams params, Response r) {
    record(span, r);
    if (captureContent) {
      capture(span, params, r);
    }
  }

  private static Throwable unwrap(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }

  /**
   * One streamed Responses call: reads the events as they pass and ends the span once, at the last
   * event, on an error or on close, whichever comes first. Never throws into the caller's stream.
   */
  private final class StreamedCall {
    private final Span span;
    private final ResponseCreateParams params;
    private final AtomicBoolean ended = new AtomicBoolean();

    StreamedCall(Span span, ResponseCreateParams params) {
      this.span = span;
      this.params = params;
    }

    void onEvent(ResponseStreamEvent event) {
      if (ended.get()) {
        return;
      }
      try {
        if (event.isCompleted()) {
          complete(span, params, event.asCompleted().response());
          end();
        } else if (event.isIncomplete()) {
          complete(span, params, event.asIncomplete().response());
          end();
        } else if (event.isFailed()) {
          Response r = event.asFailed().response();
          record(span, r);
          fail(r._error().asKnown().flatMap(e -> e._code().asKnown()).map(c -> c.asString()));
        } else if (event.isError()) {
          fail(event.asError().code());
        }
      } catch (Throwable t) {
        Throwables.rethrowIfFatal(t);
        // an event we cannot read leaves the span without usage, never the caller without its
        // event
      }
    }

    private void fail(Optional<String> code) {
      span.setStatus(StatusCode.ERROR);
      span.setAttribute(GenAiAttributes.ERROR_TYPE, code.orElse("response.failed"));
      end();
    }

    void onError(Throwable error) {
      if (!ended.get()) {
        recordError(span, unwrap(error));
        end();
      }
    }

    void end() {
      if (ended.compareAndSet(false, true)) {
        span.end();
      }
    }
  }

  /** A streamed Responses call for a blocking client. */
  private static final class TracedResponseStream implements StreamResponse<ResponseStreamEvent> {
    private final StreamResponse<ResponseStreamEvent> delegate;
    private final StreamedCall call;

    TracedResponseStream(StreamResponse<ResponseStreamEvent> delegate, StreamedCall call) {
      this.delegate = delegate;
      this.call = call;
    }

    @Override
    public Stream<ResponseStreamEvent> stream() {
      return delegate.stream().peek(call::onEvent);
    }

    @Override
    public void close() {
      try {
        delegate.close();
      } finally {
        call.end();
      }
    }
  }

  /** A streamed Responses call for an async client. */
  private static final class TracedAsyncResponseStream
      implements AsyncStreamResponse<ResponseStreamEvent> {
    private final AsyncStreamResponse<ResponseStreamEvent> delegate;
    private final StreamedCall call;

    TracedAsyncResponseStream(
        AsyncStreamResponse<ResponseStreamEvent> delegate, StreamedCall call) {
      this.delegate = delegate;
      this.call = call;
    }

    private Handler<ResponseStreamEvent> observing(Handler<? super ResponseStreamEvent> handler) {
      return new Handler<>() {
        @Override
        public void onNext(ResponseStreamEvent event) {
          call.onEvent(event);
          handler.onNext(event);
        }

        @Override
        public void onComplete(Optional<Throwable> error) {
          try {
            error.ifPresent(call::onError);
            call.end();
          } finally {
            handler.onComplete(error);
          }
        }
      };
    }

    @Override
    public AsyncStreamResponse<ResponseStreamEvent> subscribe(
        Handler<? super ResponseStreamEvent> handler) {
      delegate.subscribe(observing(handler));
      return this;
    }

    @Override
    public AsyncStreamResponse<ResponseStreamEvent> subscribe(
        Handler<? super ResponseStreamEvent> handler, Executor executor) {
      delegate.subscribe(observing(handler), executor);
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
        call.end();
      }
    }
  }

  private static void record(Span span, Response r) {
    ResponseInfo info;
    try {
      info = EXTRACTOR.extract(r);
    } catch (Throwable e) {
      Throwables.rethrowIfFatal(e);
      return; // a response we cannot read leaves the span without usage, never the caller without
      // its response
    }
    SpanUsage.setResponse(span, info);
    if (info.usage() != null) {
      SpanUsage.setUsage(span, info.usage());
    }
  }

  /**
   * The instructions as system instructions, the input (text, or its messages, function calls and
   * their outputs) as input messages, the output text and function calls as one output message.
   */
  private void capture(Span span, ResponseCreateParams params, Response r) {
    try {
      params
          .instructions()
          .ifPresent(
              i ->
                  SpanContent.systemInstructions(span, List.of(Part.text(i)), redactor, maxLength));
      List<Message> input = new ArrayList<>();
      params.input().ifPresent(in -> addInput(input, in));
      SpanContent.input(span, input, redactor, maxLength);
      List<Part> out = new ArrayList<>();
      String text = ResponseExtractor.outputText(r);
      if (text != null) {
        out.add(Part.text(text));
      }
      boolean toolCall = false;
      for (ResponseOutputItem item : r.output()) {
        if (item.isFunctionCall()) {
          ResponseFunctionToolCall c = item.asFunctionCall();
          out.add(Part.toolCallJson(c.callId(), c.name(), c.arguments()));
          toolCall = true;
        }
      }
      if (!out.isEmpty()) {
        SpanContent.output(
            span,
            List.of(Message.output("assistant", out, toolCall ? "tool_call" : "stop")),
            redactor,
            maxLength);
      }
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t); // content is best effort: the call and its span go on
    }
  }

  private static void addInput(List<Message> messages, ResponseCreateParams.Input in) {
    if (in.isText()) {
      messages.add(Message.text("user", in.asText()));
      return;
    }
    if (!in.isResponse()) {
      return;
    }
    for (ResponseInputItem item : in.asResponse()) {
      if (item.isEasyInputMessage()) {
        EasyInputMessage m = item.asEasyInputMessage();
        String role = m.role().asString();
        if (m.content().isTextInput()) {
          messages.add(Message.text(role, m.content().asTextInput()));
        } else {
          messages.add(Message.of(role, List.of(Part.other("input_content"))));
        }
      } else if (item.isFunctionCall()) {
        ResponseFunctionToolCall c = item.asFunctionCall();
        messages.add(
            Message.of(
                "assistant", List.of(Part.toolCallJson(c.callId(), c.name(), c.arguments()))));
      } else if (item.isFunctionCallOutput()) {
        ResponseInputItem.FunctionCallOutput o = item.asFunctionCallOutput();
        String output = o.output().isString() ? o.output().asString() : "";
        messages.add(
            Message.of(
                "tool", List.of(Part.toolCallResponseJson(o.callId().orElse(null), output))));
      }
    }
  }

  /**
   * Records the error without ever throwing over the caller's own; its message, which often quotes
   * the prompt, is redacted, and left out when this client captures no content.
   */
  private void recordError(Span span, Throwable e) {
    try {
      ErrorRecorder.record(
          span, e, captureContent && ContentCapture.isEnabled(), redactor, maxLength);
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
    }
  }
}
