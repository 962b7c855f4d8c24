/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import com.openai.client.OpenAIClientAsync;
import com.openai.core.RequestOptions;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.services.async.ChatServiceAsync;
import com.openai.services.async.chat.ChatCompletionServiceAsync;
import io.last9.genai.internal.Throwables;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.ObservationView;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * An openai-java async client whose streamed chat completions keep the caller's trace context and
 * scopes on their HTTP client span.
 *
 * <p>Why: openai-java's async {@code createStreaming} prepares the request, then sends it from a
 * task on the JVM's common pool ({@code thenComposeAsync}), where no observation is current; Spring
 * AI's OkHttp client propagates the observation of the thread that enqueues the call, so Spring AI
 * 2.0's streamed calls got an HTTP client span in a trace of their own, without the request's ids,
 * and sent a {@code traceparent} naming that trace. Here what is current when the call is made (the
 * observation and the OpenTelemetry context, with the last9-genai scopes) is kept under an id (see
 * {@link StreamParentRegistry}) that the request carries in a header; {@link StreamParentPredicate}
 * gives it to the HTTP observation as its parent and takes the header off. When nothing is current
 * at the call (an advisor moved it to another scheduler), the streamed chat observation Spring AI
 * just started on the thread is the parent ({@link StartedChatStreams}). Every other method goes to
 * the client unchanged.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
final class ContextCarryingOpenAiClient {

  private ContextCarryingOpenAiClient() {}

  /** {@code client} with its streamed chat completions carrying the caller's observation. */
  static OpenAIClientAsync wrap(
      OpenAIClientAsync client,
      Supplier<ObservationRegistry> registry,
      StreamParentRegistry parents) {
    return forward(
        OpenAIClientAsync.class,
        client,
        (method, args) ->
            method.getName().equals("chat") && method.getParameterCount() == 0
                ? chat(client.chat(), registry, parents)
                : null);
  }

  private static ChatServiceAsync chat(
      ChatServiceAsync chat, Supplier<ObservationRegistry> registry, StreamParentRegistry parents) {
    return forward(
        ChatServiceAsync.class,
        chat,
        (method, args) ->
            method.getName().equals("completions") && method.getParameterCount() == 0
                ? completions(chat.completions(), registry, parents)
                : null);
  }

  private static ChatCompletionServiceAsync completions(
      ChatCompletionServiceAsync completions,
      Supplier<ObservationRegistry> registry,
      StreamParentRegistry parents) {
    return forward(
        ChatCompletionServiceAsync.class,
        completions,
        (method, args) -> {
          if (!method.getName().equals("createStreaming")
              || method.getParameterCount() != 2
              || method.getParameterTypes()[0] != ChatCompletionCreateParams.class
              || method.getParameterTypes()[1] != RequestOptions.class) {
            return null;
          }
          return createStreaming(
              completions,
              (ChatCompletionCreateParams) args[0],
              (RequestOptions) args[1],
              registry,
              parents);
        });
  }

  private static AsyncStreamResponse<ChatCompletionChunk> createStreaming(
      ChatCompletionServiceAsync completions,
      ChatCompletionCreateParams params,
      RequestOptions options,
      Supplier<ObservationRegistry> registry,
      StreamParentRegistry parents) {
    String id = null;
    try {
      ObservationRegistry r = registry.get();
      if (r != null && !r.isNoop()) {
        Observation current = r.getCurrentObservation();
        Context context = Context.current();
        ObservationView parent =
            current != null && !current.isNoop() ? current : StartedChatStreams.take();
        if (parent != null || Span.fromContext(context).getSpanContext().isValid()) {
          id = parents.register(new StreamParentRegistry.Caller(parent, context));
        }
      }
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      id = null; // the call goes out as Spring AI made it
    }
    if (id == null) {
      return completions.createStreaming(params, options);
    }
    try {
      AsyncStreamResponse<ChatCompletionChunk> s =
          completions.createStreaming(
              params.toBuilder().putAdditionalHeader(StreamParentRegistry.HEADER, id).build(),
              options);
      return new ForgettingStream(s, parents, id);
    } catch (RuntimeException | Error e) {
      parents.forget(id);
      throw e;
    }
  }

  /** Answers the methods it handles with their result, or {@code null} to pass them on. */
  private interface Answer {
    Object answer(Method method, Object[] args);
  }

  private static <T> T forward(Class<T> type, T delegate, Answer answer) {
    InvocationHandler h =
        (proxy, method, args) -> {
          Object r = answer.answer(method, args);
          if (r != null) {
            return r;
          }
          try {
            return method.invoke(delegate, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, h));
  }

  /** The stream, which forgets its parent once it completes or is closed. */
  private static final class ForgettingStream implements AsyncStreamResponse<ChatCompletionChunk> {
    private final AsyncStreamResponse<ChatCompletionChunk> delegate;
    private final StreamParentRegistry parents;
    private final String id;

    ForgettingStream(
        AsyncStreamResponse<ChatCompletionChunk> delegate,
        StreamParentRegistry parents,
        String id) {
      this.delegate = delegate;
      this.parents = parents;
      this.id = id;
    }

    @Override
    public AsyncStreamResponse<ChatCompletionChunk> subscribe(
        Handler<? super ChatCompletionChunk> handler) {
      delegate.subscribe(handler);
      delegate.onCompleteFuture().whenComplete((v, t) -> parents.forget(id));
      return this;
    }

    @Override
    public AsyncStreamResponse<ChatCompletionChunk> subscribe(
        Handler<? super ChatCompletionChunk> handler, Executor executor) {
      delegate.subscribe(handler, executor);
      delegate.onCompleteFuture().whenComplete((v, t) -> parents.forget(id));
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
        parents.forget(id);
      }
    }
  }
}
