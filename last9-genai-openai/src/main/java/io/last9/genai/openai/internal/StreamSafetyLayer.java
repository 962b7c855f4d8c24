/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.openai.internal;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.services.async.chat.ChatCompletionServiceAsync;
import com.openai.services.blocking.chat.ChatCompletionService;

/**
 * The layer over OpenTelemetry's instrumentation, for streams only:
 *
 * <ul>
 *   <li>a stream the caller closes before its last chunk must still end its span: the
 *       instrumentation (2.31.1) rebuilds a {@code ChatCompletion} from the partial chunks on
 *       close, which throws when a choice has no finish reason yet, so its span never ended and the
 *       HTTP response was never closed. Here a failing close ends the span (no usage, no cost) and
 *       closes the response, and the caller gets no exception;
 *   <li>when the usage chunk was asked for by us, not by the caller, the caller does not see it (it
 *       has no choices, which code written for usage-less streams does not expect); the
 *       instrumentation still does. This holds for blocking and async streams.
 * </ul>
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class StreamSafetyLayer implements ClientLayer {

  private static final StreamSafetyLayer INSTANCE = new StreamSafetyLayer();

  private StreamSafetyLayer() {}

  /** Wraps the instrumented client. */
  public static OpenAIClient wrap(OpenAIClient instrumented) {
    return LayeredClients.wrap(instrumented, INSTANCE);
  }

  /** Wraps the instrumented async client. */
  public static OpenAIClientAsync wrap(OpenAIClientAsync instrumented) {
    return LayeredClients.wrap(instrumented, INSTANCE);
  }

  @Override
  public ChatCompletionService chatCompletions(ChatCompletionService service) {
    return new SafeStreamingCompletions(service).proxy();
  }

  @Override
  public ChatCompletionServiceAsync chatCompletionsAsync(ChatCompletionServiceAsync service) {
    return new UsageHidingCompletionsAsync(service).proxy();
  }

  /** Hides the usage chunk the caller did not ask for from async streams. */
  private static final class UsageHidingCompletionsAsync
      extends Interceptor<ChatCompletionServiceAsync> {
    UsageHidingCompletionsAsync(ChatCompletionServiceAsync delegate) {
      super(delegate, ChatCompletionServiceAsync.class);
    }

    @Override
    Object intercept(String name, Class<?>[] params, Object[] args) {
      if (!name.equals("createStreaming")) {
        return PASS;
      }
      CreateCall<ChatCompletionCreateParams> call =
          createCall(params, args, ChatCompletionCreateParams.class);
      if (call == null) {
        return PASS;
      }
      ChatCompletionCreateParams p = call.params();
      AsyncStreamResponse<ChatCompletionChunk> s = delegate.createStreaming(p, call.options());
      return callerAskedForUsage(p) ? s : new UsageHidingAsyncStream(s);
    }
  }

  static boolean callerAskedForUsage(ChatCompletionCreateParams p) {
    return p.streamOptions().flatMap(s -> s.includeUsage()).isPresent();
  }

  /** The usage-only chunk: no choices, a usage. */
  static boolean isUsageChunk(ChatCompletionChunk c) {
    return c.choices().isEmpty() && c.usage().isPresent();
  }

  /** Hands out {@link SafeStream}s for {@code createStreaming}. */
  private static final class SafeStreamingCompletions extends Interceptor<ChatCompletionService> {
    SafeStreamingCompletions(ChatCompletionService delegate) {
      super(delegate, ChatCompletionService.class);
    }

    @Override
    Object intercept(String name, Class<?>[] params, Object[] args) {
      if (!name.equals("createStreaming")) {
        return PASS;
      }
      CreateCall<ChatCompletionCreateParams> call =
          createCall(params, args, ChatCompletionCreateParams.class);
      if (call == null) {
        return PASS;
      }
      ChatCompletionCreateParams p = call.params();
      boolean callerAskedForUsage = callerAskedForUsage(p);
      StreamHandoff.open();
      StreamResponse<ChatCompletionChunk> s;
      UsageStream raw;
      try {
        s = delegate.createStreaming(p, call.options());
      } finally {
        raw = StreamHandoff.take();
      }
      return new SafeStream(s, raw, !callerAskedForUsage);
    }
  }
}
