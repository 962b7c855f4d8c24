/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.openai.internal;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.services.async.ResponseServiceAsync;
import com.openai.services.async.chat.ChatCompletionServiceAsync;
import com.openai.services.blocking.ResponseService;
import com.openai.services.blocking.chat.ChatCompletionService;
import io.last9.genai.internal.OnceLogger;
import io.last9.genai.internal.Throwables;
import io.opentelemetry.api.trace.Span;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The layer under OpenTelemetry's instrumentation: it wraps the user's raw client, and the
 * instrumentation wraps it. So every call it sees runs inside the instrumentation's client span
 * (current, still open), and every response it sees is seen before that span ends: that is where it
 * writes the cache and reasoning counts the instrumentation does not, asks streams for their usage
 * chunk, and makes the Responses API span the instrumentation does not make. It reaches the
 * services through {@link LayeredClients}, the proxy chain it shares with {@link
 * StreamSafetyLayer}.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class UsageLayer implements ClientLayer {

  private static final Logger logger = Logger.getLogger(UsageLayer.class.getName());

  /** Owner-less: what goes wrong here is the client library's or the JVM's, not one set-up's. */
  private static final OnceLogger warnings = new OnceLogger(logger);

  private final Hooks hooks;

  private UsageLayer(Hooks hooks) {
    this.hooks = hooks;
  }

  /** Wraps the user's client; the result goes to {@code OpenAITelemetry.wrap}. */
  public static OpenAIClient wrap(OpenAIClient client, Hooks hooks) {
    return LayeredClients.wrap(client, new UsageLayer(hooks));
  }

  /** Wraps the user's async client; the result goes to {@code OpenAITelemetry.wrap}. */
  public static OpenAIClientAsync wrap(OpenAIClientAsync client, Hooks hooks) {
    return LayeredClients.wrap(client, new UsageLayer(hooks));
  }

  @Override
  public ChatCompletionService chatCompletions(ChatCompletionService service) {
    return new StampingCompletions(service).proxy();
  }

  @Override
  public ResponseService responses(ResponseService service) {
    return new TracedResponses(service).proxy();
  }

  @Override
  public ChatCompletionServiceAsync chatCompletionsAsync(ChatCompletionServiceAsync service) {
    return new StampingCompletionsAsync(service).proxy();
  }

  @Override
  public ResponseServiceAsync responsesAsync(ResponseServiceAsync service) {
    return new TracedResponsesAsync(service).proxy();
  }

  /** The params a stream is sent with: with the usage chunk asked for, unless switched off. */
  private ChatCompletionCreateParams streamed(ChatCompletionCreateParams params) {
    return hooks.streamUsage() ? withUsageChunk(params) : params;
  }

  /**
   * Adds {@code stream_options.include_usage=true} unless the caller set {@code include_usage}
   * either way.
   */
  static ChatCompletionCreateParams withUsageChunk(ChatCompletionCreateParams params) {
    Optional<ChatCompletionStreamOptions> options = params.streamOptions();
    if (options.isPresent() && options.get().includeUsage().isPresent()) {
      return params;
    }
    ChatCompletionStreamOptions.Builder b =
        options
            .map(ChatCompletionStreamOptions::toBuilder)
            .orElseGet(ChatCompletionStreamOptions::builder);
    return params.toBuilder().streamOptions(b.includeUsage(true).build()).build();
  }

  /** The instrumentation's client span when it is the current span, else {@code null}. */
  static HookedOpenTelemetry.ClientSpan clientSpan() {
    Span s = Span.current();
    return s instanceof HookedOpenTelemetry.ClientSpan ? (HookedOpenTelemetry.ClientSpan) s : null;
  }

  /**
   * Sets {@code error.type} (the exception class, as the semantic conventions suggest), which
   * 2.31.1 omits.
   */
  static void errorType(Span span, Throwable t) {
    if (span != null) {
      span.setAttribute(io.last9.genai.GenAiAttributes.ERROR_TYPE, t.getClass().getName());
    }
  }

  /**
   * Writes the response's usage details on the span. It runs in the application's call, so nothing
   * it throws may reach the application: the span then keeps the instrumentation's totals.
   */
  static void stamp(Span span, CompletionUsage usage) {
    if (span == null || usage == null) {
      return;
    }
    try {
      OpenAIUsage.stampDetails(span, OpenAIUsage.of(usage));
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      warnings.warn(
          "usage-details",
          Level.WARNING,
          "last9-genai could not read a response's token details (cache, reasoning, audio); its "
              + "span is priced on the input and output totals",
          t);
    }
  }

  /** Bridges a response's content to its span, as {@link #stamp} does its usage. */
  private void completion(HookedOpenTelemetry.ClientSpan span, ChatCompletion c) {
    try {
      hooks.completionFromResponse(span, c);
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      warnings.warn(
          "response-content",
          Level.WARNING,
          "last9-genai could not capture a response's content on its span",
          t);
    }
  }

  /** Writes the usage details on the client span; asks streams for their usage chunk. */
  private final class StampingCompletions extends Interceptor<ChatCompletionService> {
    StampingCompletions(ChatCompletionService delegate) {
      super(delegate, ChatCompletionService.class);
    }

    @Override
    Object intercept(String name, Class<?>[] params, Object[] args) {
      CreateCall<ChatCompletionCreateParams> call =
          createCall(params, args, ChatCompletionCreateParams.class);
      if (call == null) {
        return PASS;
      }
      ChatCompletionCreateParams p = call.params();
      HookedOpenTelemetry.ClientSpan span = clientSpan();
      try {
        if (name.equals("create")) {
          ChatCompletion c = delegate.create(p, call.options());
          stamp(span, c.usage().orElse(null));
          return c;
        }
        if (name.equals("createStreaming")) {
          StreamResponse<ChatCompletionChunk> s =
              delegate.createStreaming(streamed(p), call.options());
          if (span == null) {
            return s;
          }
          UsageStream u = new UsageStream(s, span);
          StreamHandoff.offer(u);
          return u;
        }
      } catch (RuntimeException | Error e) {
        errorType(span, e);
        throw e;
      }
      return PASS;
    }
  }

  /** Makes the Responses API span the instrumentation does not make (with this layer's hooks). */
  private final class TracedResponses extends Interceptor<ResponseService> {
    TracedResponses(ResponseService delegate) {
      super(delegate, ResponseService.class);
    }

    @Override
    Object intercept(String name, Class<?>[] params, Object[] args) {
      CreateCall<ResponseCreateParams> call = responsesCall(params, args);
      if (call == null) {
        return PASS;
      }
      ResponseCreateParams p = call.params();
      if (name.equals("create") && params[0] == ResponseCreateParams.class) {
        return hooks.responsesTracing().create(p, () -> delegate.create(p, call.options()));
      }
      if (name.equals("createStreaming")) {
        return hooks
            .responsesTracing()
            .createStreaming(p, () -> delegate.createStreaming(p, call.options()));
      }
      return PASS;
    }
  }

  /** The async form of {@link TracedResponses}. */
  private final class TracedResponsesAsync extends Interceptor<ResponseServiceAsync> {
    TracedResponsesAsync(ResponseServiceAsync delegate) {
      super(delegate, ResponseServiceAsync.class);
    }

    @Override
    Object intercept(String name, Class<?>[] params, Object[] args) {
      CreateCall<ResponseCreateParams> call = responsesCall(params, args);
      if (call == null) {
        return PASS;
      }
      ResponseCreateParams p = call.params();
      if (name.equals("create") && params[0] == ResponseCreateParams.class) {
        return hooks.responsesTracing().createAsync(p, () -> delegate.create(p, call.options()));
      }
      if (name.equals("createStreaming")) {
        return hooks
            .responsesTracing()
            .createStreamingAsync(p, () -> delegate.createStreaming(p, call.options()));
      }
      return PASS;
    }
  }

  /** The async form of {@link StampingCompletions}, which also bridges the completion's content. */
  private final class StampingCompletionsAsync extends Interceptor<ChatCompletionServiceAsync> {
    StampingCompletionsAsync(ChatCompletionServiceAsync delegate) {
      super(delegate, ChatCompletionServiceAsync.class);
    }

    @Override
    Object intercept(String name, Class<?>[] params, Object[] args) {
      CreateCall<ChatCompletionCreateParams> call =
          createCall(params, args, ChatCompletionCreateParams.class);
      if (call == null) {
        return PASS;
      }
      ChatCompletionCreateParams p = call.params();
      HookedOpenTelemetry.ClientSpan span = clientSpan();
      if (name.equals("create")) {
        CompletableFuture<ChatCompletion> f = delegate.create(p, call.options());
        if (span == null) {
          return f;
        }
        // runs before the instrumentation's callbacks on the returned future, so before its span
        // ends
        return f.handle(
            (c, t) -> {
              if (t != null) {
                Throwable cause =
                    t instanceof java.util.concurrent.CompletionException && t.getCause() != null
                        ? t.getCause()
                        : t;
                errorType(span, cause);
                throw t instanceof java.util.concurrent.CompletionException
                    ? (java.util.concurrent.CompletionException) t
                    : new java.util.concurrent.CompletionException(t);
              }
              stamp(span, c.usage().orElse(null));
              completion(span, c);
              return c;
            });
      }
      if (name.equals("createStreaming")) {
        AsyncStreamResponse<ChatCompletionChunk> s =
            delegate.createStreaming(streamed(p), call.options());
        return span == null ? s : new UsageAsyncStream(s, span);
      }
      return PASS;
    }
  }
}
