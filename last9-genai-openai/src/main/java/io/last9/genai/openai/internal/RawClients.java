package io.last9.genai.openai.internal;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.core.RequestOptions;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.completions.CompletionUsage;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.services.async.ChatServiceAsync;
import com.openai.services.async.chat.ChatCompletionServiceAsync;
import com.openai.services.blocking.ChatService;
import com.openai.services.blocking.ResponseService;
import com.openai.services.blocking.chat.ChatCompletionService;
import io.opentelemetry.api.trace.Span;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The layer under OpenTelemetry's instrumentation: it wraps the user's raw client, and the instrumentation wraps
 * it. So every call it sees runs inside the instrumentation's client span (current, still open), and every
 * response it sees is seen before that span ends: that is where it writes the cache and reasoning counts the
 * instrumentation does not, asks streams for their usage chunk, and makes the Responses API span the
 * instrumentation does not make.
 */
public final class RawClients {

  private RawClients() {}

  /** Wraps the user's client; the result goes to {@code OpenAITelemetry.wrap}. */
  public static OpenAIClient wrap(OpenAIClient client, Hooks hooks) {
    return new ClientI(client, hooks).proxy();
  }

  /** Wraps the user's async client; the result goes to {@code OpenAITelemetry.wrap}. */
  public static OpenAIClientAsync wrap(OpenAIClientAsync client, Hooks hooks) {
    return new ClientAsyncI(client, hooks).proxy();
  }

  /** Adds {@code stream_options.include_usage=true} unless the caller set {@code include_usage} either way. */
  static ChatCompletionCreateParams withUsageChunk(ChatCompletionCreateParams params) {
    Optional<ChatCompletionStreamOptions> options = params.streamOptions();
    if (options.isPresent() && options.get().includeUsage().isPresent()) {
      return params;
    }
    ChatCompletionStreamOptions.Builder b = options.map(ChatCompletionStreamOptions::toBuilder)
        .orElseGet(ChatCompletionStreamOptions::builder);
    return params.toBuilder().streamOptions(b.includeUsage(true).build()).build();
  }

  /** The instrumentation's client span when it is the current span, else {@code null}. */
  static HookedOpenTelemetry.ClientSpan clientSpan() {
    Span s = Span.current();
    return s instanceof HookedOpenTelemetry.ClientSpan ? (HookedOpenTelemetry.ClientSpan) s : null;
  }

  /** Sets {@code error.type} (the exception class, as the semantic conventions suggest), which 2.31.1 omits. */
  static void errorType(Span span, Throwable t) {
    if (span != null) {
      span.setAttribute(io.last9.genai.GenAiAttributes.ERROR_TYPE, t.getClass().getName());
    }
  }

  static void stamp(Span span, CompletionUsage usage) {
    if (span != null && usage != null) {
      OpenAIUsage.stampDetails(span, OpenAIUsage.of(usage));
    }
  }

  private static final class ClientI extends Interceptor<OpenAIClient> {
    private final Hooks hooks;

    ClientI(OpenAIClient delegate, Hooks hooks) {
      super(delegate, OpenAIClient.class);
      this.hooks = hooks;
    }

    @Override
    Object intercept(String name, Class<?>[] params, Object[] args) {
      if (params.length != 0) {
        return PASS;
      }
      switch (name) {
        case "chat":
          return new ChatI(delegate.chat()).proxy();
        case "responses":
          return new ResponsesI(delegate.responses(), hooks).proxy();
        case "async":
          return new ClientAsyncI(delegate.async(), hooks).proxy();
        default:
          return PASS;
      }
    }
  }

  private static final class ChatI extends Interceptor<ChatService> {
    ChatI(ChatService delegate) {
      super(delegate, ChatService.class);
    }

    @Override
    Object intercept(String name, Class<?>[] params, Object[] args) {
      if (name.equals("completions") && params.length == 0) {
        return new CompletionsI(delegate.completions()).proxy();
      }
      return PASS;
    }
  }

  private static final class CompletionsI extends Interceptor<ChatCompletionService> {
    CompletionsI(ChatCompletionService delegate) {
      super(delegate, ChatCompletionService.class);
    }

    @Override
    Object intercept(String name, Class<?>[] params, Object[] args) {
      CreateCall<ChatCompletionCreateParams> call = createCall(params, args, ChatCompletionCreateParams.class);
      if (call == null) {
        return PASS;
      }
      ChatCompletionCreateParams p = call.params();
      RequestOptions o = call.options();
      HookedOpenTelemetry.ClientSpan span = clientSpan();
      try {
        if (name.equals("create")) {
          ChatCompletion c = delegate.create(p, o);
          stamp(span, c.usage().orElse(null));
          return c;
        }
        if (name.equals("createStreaming")) {
          StreamResponse<ChatCompletionChunk> s = delegate.createStreaming(withUsageChunk(p), o);
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

  private static final class ResponsesI extends Interceptor<ResponseService> {
    private final Hooks hooks;

    ResponsesI(ResponseService delegate, Hooks hooks) {
      super(delegate, ResponseService.class);
      this.hooks = hooks;
    }

    @Override
    Object intercept(String name, Class<?>[] params, Object[] args) {
      if (!name.equals("create")) {
        return PASS;
      }
      CreateCall<ResponseCreateParams> call = createCall(params, args, ResponseCreateParams.class);
      if (call == null) {
        return PASS;
      }
      ResponseCreateParams p = call.params();
      RequestOptions o = call.options();
      return hooks.responsesTracing().create(p, () -> delegate.create(p, o));
    }
  }

  private static final class ClientAsyncI extends Interceptor<OpenAIClientAsync> {
    private final Hooks hooks;

    ClientAsyncI(OpenAIClientAsync delegate, Hooks hooks) {
      super(delegate, OpenAIClientAsync.class);
      this.hooks = hooks;
    }

    @Override
    Object intercept(String name, Class<?>[] params, Object[] args) {
      if (params.length != 0) {
        return PASS;
      }
      switch (name) {
        case "chat":
          return new ChatAsyncI(delegate.chat(), hooks).proxy();
        case "sync":
          return new ClientI(delegate.sync(), hooks).proxy();
        default:
          return PASS;
      }
    }
  }

  private static final class ChatAsyncI extends Interceptor<ChatServiceAsync> {
    private final Hooks hooks;

    ChatAsyncI(ChatServiceAsync delegate, Hooks hooks) {
      super(delegate, ChatServiceAsync.class);
      this.hooks = hooks;
    }

    @Override
    Object intercept(String name, Class<?>[] params, Object[] args) {
      if (name.equals("completions") && params.length == 0) {
        return new CompletionsAsyncI(delegate.completions(), hooks).proxy();
      }
      return PASS;
    }
  }

  private static final class CompletionsAsyncI extends Interceptor<ChatCompletionServiceAsync> {
    private final Hooks hooks;

    CompletionsAsyncI(ChatCompletionServiceAsync delegate, Hooks hooks) {
      super(delegate, ChatCompletionServiceAsync.class);
      this.hooks = hooks;
    }

    @Override
    Object intercept(String name, Class<?>[] params, Object[] args) {
      CreateCall<ChatCompletionCreateParams> call = createCall(params, args, ChatCompletionCreateParams.class);
      if (call == null) {
        return PASS;
      }
      ChatCompletionCreateParams p = call.params();
      RequestOptions o = call.options();
      HookedOpenTelemetry.ClientSpan span = clientSpan();
      if (name.equals("create")) {
        CompletableFuture<ChatCompletion> f = delegate.create(p, o);
        if (span == null) {
          return f;
        }
        // runs before the instrumentation's callbacks on the returned future, so before its span ends
        return f.handle((c, t) -> {
          if (t != null) {
            Throwable cause = t instanceof java.util.concurrent.CompletionException && t.getCause() != null
                ? t.getCause() : t;
            errorType(span, cause);
            throw t instanceof java.util.concurrent.CompletionException
                ? (java.util.concurrent.CompletionException) t : new java.util.concurrent.CompletionException(t);
          }
          stamp(span, c.usage().orElse(null));
          hooks.completionFromResponse(span, c);
          return c;
        });
      }
      if (name.equals("createStreaming")) {
        AsyncStreamResponse<ChatCompletionChunk> s = delegate.createStreaming(withUsageChunk(p), o);
        return span == null ? s : new UsageAsyncStream(s, span);
      }
      return PASS;
    }
  }

  /** A stream that writes the usage chunk's details on the client span as the chunk passes. */
  static final class UsageStream implements StreamResponse<ChatCompletionChunk> {
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
      return delegate.stream().peek(chunk -> {
        lastId = chunk._id().asKnown().orElse(lastId);
        lastModel = chunk._model().asKnown().orElse(lastModel);
        stamp(span, chunk.usage().orElse(null));
      });
    }

    @Override
    public void close() {
      delegate.close();
    }
  }

  /** The async form of {@link UsageStream}. */
  static final class UsageAsyncStream implements AsyncStreamResponse<ChatCompletionChunk> {
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
          stamp(span, chunk.usage().orElse(null));
          handler.onNext(chunk);
        }

        @Override
        public void onComplete(Optional<Throwable> error) {
          handler.onComplete(error);
        }
      };
    }

    @Override
    public AsyncStreamResponse<ChatCompletionChunk> subscribe(Handler<? super ChatCompletionChunk> handler) {
      delegate.subscribe(wrap(handler));
      return this;
    }

    @Override
    public AsyncStreamResponse<ChatCompletionChunk> subscribe(Handler<? super ChatCompletionChunk> handler,
        Executor executor) {
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
}
