/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.langchain4j;

import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import io.last9.genai.content.ContentCapture;
import io.last9.genai.content.ContentRedactor;
import io.last9.genai.content.internal.Message;
import io.last9.genai.content.internal.SpanContent;
import io.last9.genai.internal.Checks;
import io.last9.genai.internal.OnceLogger;
import io.last9.genai.internal.Throwables;
import io.last9.genai.langchain4j.internal.ChatContent;
import io.last9.genai.langchain4j.internal.GenAiSpans;
import io.last9.genai.langchain4j.internal.ProviderNames;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A LangChain4j {@link ChatModelListener} that makes one OpenTelemetry GenAI span {@code chat
 * {model}} (kind CLIENT) per call of any LangChain4j chat model, synchronous or streaming. The span
 * carries the semantic-convention request attributes from the start, and the response id, model,
 * finish reasons and token usage (cached and reasoning tokens included where the provider reports
 * them) at the end, so {@code Last9SpanProcessor} prices it and counts it into the enclosing
 * workflow.
 *
 * <pre>{@code
 * ChatModel model = OpenAiChatModel.builder()
 *     .apiKey(key).modelName("gpt-4o")
 *     .listeners(List.of(Last9ChatModelListener.create(openTelemetry)))
 *     .build();
 * try (ConversationContext c = ConversationContext.builder("session-42").start()) {
 *   model.chat("Hello");   // span "chat gpt-4o": conversation id, turn 1, tokens, gen_ai.usage.cost_usd
 * }
 * }</pre>
 *
 * <p>The span is started in {@link #onRequest} with the context current there as its parent, so it
 * keeps its parent and the conversation, turn and workflow of the caller even though LangChain4j
 * calls {@link #onResponse} and {@link #onError} of a streaming model on another thread. It is kept
 * in the request's {@link ChatModelRequestContext#attributes() attributes} map, never in a static
 * map. The span is not made current (a streaming call would have to close the scope on another
 * thread), so HTTP client spans of the call are siblings of it, not children.
 *
 * <p>Content is captured as in the rest of the library: the request's messages as {@code
 * gen_ai.input.messages} and the answer as {@code gen_ai.output.messages}, in the semantic
 * conventions' message schema (tool execution requests and results as parts), each value through
 * the builder's redactor and cut to its length cap (10,000 characters by default). It is on by
 * default, and off when the JVM-wide switch is off ({@link io.last9.genai.content.ContentCapture},
 * {@code OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=false}) or with {@link
 * Builder#captureContent(boolean) captureContent(false)}.
 *
 * <p>The listener never throws: a failure, {@code Error}s included, is logged once through {@code
 * java.util.logging} and the call goes on.
 */
public final class Last9ChatModelListener implements ChatModelListener {

  private static final Logger logger = Logger.getLogger(Last9ChatModelListener.class.getName());

  /** Owner-less: what goes wrong here is the application's or the JVM's, not one SDK set-up's. */
  private static final OnceLogger warnings = new OnceLogger(logger);

  /**
   * Key of the span in the listener attributes map; private to this class, so no one else can
   * replace it.
   */
  private static final Object SPAN_KEY =
      new Object() {
        @Override
        public String toString() {
          return "last9.genai.langchain4j.span";
        }
      };

  private final Tracer tracer;
  private final boolean captureContent;
  private final ContentRedactor redactor;
  private final int maxContentLength;

  private Last9ChatModelListener(Builder builder) {
    this.tracer = GenAiSpans.tracer(builder.openTelemetry);
    this.captureContent = builder.captureContent;
    this.redactor = builder.redactor;
    this.maxContentLength = builder.maxContentLength;
  }

  /**
   * A listener with the defaults, making its spans with {@code openTelemetry}'s tracer provider.
   */
  public static Last9ChatModelListener create(OpenTelemetry openTelemetry) {
    return builder(openTelemetry).build();
  }

  /**
   * Starts building a listener that makes its spans with {@code openTelemetry}'s tracer provider.
   */
  public static Builder builder(OpenTelemetry openTelemetry) {
    return new Builder(openTelemetry);
  }

  @Override
  public void onRequest(ChatModelRequestContext requestContext) {
    try {
      ChatRequest request = requestContext.chatRequest();
      String model = request == null ? null : request.modelName();
      SpanBuilder builder =
          tracer
              .spanBuilder(GenAiSpans.spanName("chat", model))
              .setSpanKind(SpanKind.CLIENT)
              .setParent(Context.current());
      GenAiSpans.setChatRequest(builder, request, ProviderNames.of(requestContext.modelProvider()));
      Span span = builder.startSpan();
      requestContext.attributes().put(SPAN_KEY, span);
      if (captures() && request != null) {
        SpanContent.input(span, ChatContent.input(request.messages()), redactor, maxContentLength);
      }
    } catch (Throwable e) {
      warn("on-request", e);
    }
  }

  @Override
  public void onResponse(ChatModelResponseContext responseContext) {
    Span span = take(responseContext.attributes());
    if (span == null) {
      return;
    }
    try {
      GenAiSpans.setChatResponse(span, responseContext.chatResponse());
      if (captures() && responseContext.chatResponse() != null) {
        Message answer = ChatContent.output(responseContext.chatResponse());
        if (answer != null) {
          SpanContent.output(span, List.of(answer), redactor, maxContentLength);
        }
      }
    } catch (Throwable e) {
      warn("on-response", e);
    } finally {
      span.end();
    }
  }

  @Override
  public void onError(ChatModelErrorContext errorContext) {
    Span span = take(errorContext.attributes());
    if (span == null) {
      return;
    }
    try {
      GenAiSpans.setError(span, errorContext.error(), captures());
    } catch (Throwable e) {
      warn("on-error", e);
    } finally {
      span.end();
    }
  }

  /**
   * Removes the span, so a second onResponse or onError of the same call cannot end it or record
   * twice.
   */
  private static Span take(Map<Object, Object> attributes) {
    if (attributes == null) {
      return null;
    }
    Object span = attributes.remove(SPAN_KEY);
    return span instanceof Span ? (Span) span : null;
  }

  private boolean captures() {
    return captureContent && ContentCapture.isEnabled();
  }

  private static void warn(String where, Throwable e) {
    Throwables.rethrowIfFatal(e);
    warnings.warn(
        "langchain4j-" + where,
        Level.WARNING,
        "last9-genai: the LangChain4j listener failed in "
            + where
            + "; the span may lack attributes",
        e);
  }

  @Override
  public String toString() {
    return "Last9ChatModelListener";
  }

  /** Builder for {@link Last9ChatModelListener}. */
  public static final class Builder {
    private final OpenTelemetry openTelemetry;
    private boolean captureContent = true;
    private ContentRedactor redactor;
    private int maxContentLength = ContentCapture.DEFAULT_MAX_LENGTH;

    private Builder(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
    }

    /**
     * Whether the messages and the answer are captured (default true; the JVM-wide {@link
     * ContentCapture} switch wins).
     */
    public Builder captureContent(boolean capture) {
      this.captureContent = capture;
      return this;
    }

    /**
     * A hook that rewrites captured content before it is recorded (mask e-mail addresses, secrets).
     */
    public Builder redactor(ContentRedactor redactor) {
      this.redactor = Objects.requireNonNull(redactor, "redactor");
      return this;
    }

    /** The maximum captured length in characters (default 10,000). */
    public Builder maxContentLength(int maxLength) {
      this.maxContentLength = Checks.nonNegative(maxLength, "maxContentLength");
      return this;
    }

    /** Builds the listener; it is thread-safe and can be shared by any number of models. */
    public Last9ChatModelListener build() {
      return new Last9ChatModelListener(this);
    }
  }
}
