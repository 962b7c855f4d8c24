package io.last9.genai.openai.internal;

import com.openai.client.OpenAIClient;
import com.openai.core.RequestOptions;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.services.blocking.ChatService;
import com.openai.services.blocking.chat.ChatCompletionService;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.internal.OnceLogger;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The layer over OpenTelemetry's instrumentation, for streams only:
 *
 * <ul>
 *   <li>a stream the caller closes before its last chunk must still end its span: the instrumentation (2.31.1)
 *       rebuilds a {@code ChatCompletion} from the partial chunks on close, which throws when a choice has no
 *       finish reason yet, so its span never ended and the HTTP response was never closed. Here a failing close
 *       ends the span (no usage, no cost) and closes the response, and the caller gets no exception;
 *   <li>when the usage chunk was asked for by us, not by the caller, the caller does not see it (it has no
 *       choices, which code written for usage-less streams does not expect); the instrumentation still does.
 * </ul>
 */
public final class OuterClients {

  private static final Logger logger = Logger.getLogger(OuterClients.class.getName());

  private OuterClients() {}

  /** Wraps the instrumented client. */
  public static OpenAIClient wrap(OpenAIClient instrumented) {
    return new ClientI(instrumented).proxy();
  }

  private static final class ClientI extends Interceptor<OpenAIClient> {
    ClientI(OpenAIClient delegate) {
      super(delegate, OpenAIClient.class);
    }

    @Override
    Object intercept(String name, Class<?>[] params, Object[] args) {
      if (name.equals("chat") && params.length == 0) {
        return new ChatI(delegate.chat()).proxy();
      }
      return PASS;
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
      if (!name.equals("createStreaming")) {
        return PASS;
      }
      CreateCall<ChatCompletionCreateParams> call = createCall(params, args, ChatCompletionCreateParams.class);
      if (call == null) {
        return PASS;
      }
      ChatCompletionCreateParams p = call.params();
      RequestOptions o = call.options();
      boolean callerAskedForUsage = p.streamOptions().flatMap(s -> s.includeUsage()).isPresent();
      StreamHandoff.open();
      StreamResponse<ChatCompletionChunk> s;
      RawClients.UsageStream raw;
      try {
        s = delegate.createStreaming(p, o);
      } finally {
        raw = StreamHandoff.take();
      }
      return new SafeStream(s, raw, !callerAskedForUsage);
    }
  }

  /** See the class comment. */
  static final class SafeStream implements StreamResponse<ChatCompletionChunk> {
    private final StreamResponse<ChatCompletionChunk> delegate;
    private final RawClients.UsageStream raw;
    private final boolean hideUsageChunk;

    SafeStream(StreamResponse<ChatCompletionChunk> delegate, RawClients.UsageStream raw, boolean hideUsageChunk) {
      this.delegate = delegate;
      this.raw = raw;
      this.hideUsageChunk = hideUsageChunk;
    }

    @Override
    public Stream<ChatCompletionChunk> stream() {
      Stream<ChatCompletionChunk> s = delegate.stream();
      return hideUsageChunk ? s.filter(c -> !(c.choices().isEmpty() && c.usage().isPresent())) : s;
    }

    @Override
    public void close() {
      try {
        delegate.close();
      } catch (RuntimeException e) {
        OnceLogger.warn(logger, "stream-close:" + e.getClass().getName(), Level.FINE,
            "the openai-java instrumentation failed to end a stream closed early; ending its span here", e);
        if (raw != null) {
          if (raw.lastId != null) {
            raw.span.setAttribute(GenAiAttributes.RESPONSE_ID, raw.lastId);
          }
          if (raw.lastModel != null) {
            raw.span.setAttribute(GenAiAttributes.RESPONSE_MODEL, raw.lastModel);
          }
          raw.span.end(); // no usage was seen: no tokens, no cost
          try {
            raw.close();
          } catch (RuntimeException ignored) {
            // the response is closed as far as we can
          }
        }
      }
    }
  }
}
