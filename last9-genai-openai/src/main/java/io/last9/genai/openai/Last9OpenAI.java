/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.OpenAIClientAsync;
import io.last9.genai.content.ContentCapture;
import io.last9.genai.content.ContentRedactor;
import io.last9.genai.internal.Checks;
import io.last9.genai.openai.internal.ContentEventBridge;
import io.last9.genai.openai.internal.ForwardingLogRecordProcessor;
import io.last9.genai.openai.internal.HookedOpenTelemetry;
import io.last9.genai.openai.internal.Hooks;
import io.last9.genai.openai.internal.ResponsesTracing;
import io.last9.genai.openai.internal.StreamSafetyLayer;
import io.last9.genai.openai.internal.UsageLayer;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.logs.LoggerProvider;
import io.opentelemetry.instrumentation.openai.v1_1.OpenAITelemetry;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import java.util.Objects;

/**
 * Traces an official openai-java client with OpenTelemetry's openai-java instrumentation, plus what
 * it lacks, so that every call lands on one {@code chat {model}} / {@code embeddings {model}}
 * client span that {@link io.last9.genai.Last9SpanProcessor} prices:
 *
 * <ul>
 *   <li>cached-input and reasoning token counts ({@code gen_ai.usage.cache_read.input_tokens},
 *       {@code gen_ai.usage.reasoning.output_tokens}) on chat spans, sync, async and streamed;
 *   <li>streams ask for their usage chunk ({@code stream_options.include_usage=true} unless the
 *       caller set it, or {@link Builder#streamUsage(boolean)} is off), so a streamed call is
 *       priced when the stream ends; the caller does not see the added chunk;
 *   <li>a client span for Responses API calls ({@code responses().create} and {@code
 *       createStreaming}, blocking and async), which the instrumentation does not trace;
 *   <li>with content capture on, the instrumentation's per-message log events become the semantic
 *       conventions' {@code gen_ai.input.messages} / {@code gen_ai.output.messages} on the call's
 *       span, each value through the builder's redactor and cut to its cap (the log events still
 *       reach your own logs pipeline); a Responses API call also records its instructions as {@code
 *       gen_ai.system_instructions}.
 * </ul>
 *
 * <pre>{@code
 * OpenAIClient client = Last9OpenAI.wrap(OpenAIOkHttpClient.fromEnv(), openTelemetry);
 * ChatCompletion c = client.chat().completions().create(ChatCompletionCreateParams.builder()
 *     .model("gpt-4o").addUserMessage("What's the weather in SF?").build());   // span "chat gpt-4o", priced
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe; wrap as many clients with one as you like.
 */
public final class Last9OpenAI {

  /** Instrumentation scope of the spans this module makes itself (Responses API calls). */
  public static final String INSTRUMENTATION_NAME = "io.last9.genai.openai";

  private final OpenAITelemetry telemetry;
  private final Hooks hooks;
  private final ContentEventBridge bridge;

  private Last9OpenAI(Builder b) {
    OpenTelemetry otel = b.openTelemetry;
    ContentEventBridge bridge = null;
    LoggerProvider logs = otel.getLogsBridge();
    if (b.captureContent) {
      ContentEventBridge br =
          new ContentEventBridge(b.maxContentLength, b.maxPendingSpans, b.redactor);
      bridge = br;
      logs =
          SdkLoggerProvider.builder()
              .addLogRecordProcessor(br)
              .addLogRecordProcessor(new ForwardingLogRecordProcessor(otel.getLogsBridge()))
              .build();
    }
    this.bridge = bridge;
    ContentEventBridge flushTo = bridge;
    HookedOpenTelemetry hooked =
        new HookedOpenTelemetry(
            otel,
            logs,
            span -> {
              if (flushTo != null) {
                flushTo.flush(span.delegate());
              }
            });
    this.telemetry =
        OpenAITelemetry.builder(hooked).setCaptureMessageContent(b.captureContent).build();
    this.hooks =
        new Hooks(
            bridge,
            new ResponsesTracing(
                otel.getTracer(INSTRUMENTATION_NAME),
                b.captureContent,
                b.maxContentLength,
                b.redactor),
            b.streamUsage);
  }

  /**
   * Wraps {@code client} with the defaults: content capture as {@link ContentCapture#isEnabled()}
   * says.
   */
  public static OpenAIClient wrap(OpenAIClient client, OpenTelemetry openTelemetry) {
    return builder(openTelemetry).build().wrap(client);
  }

  /** Wraps an async {@code client} with the defaults. */
  public static OpenAIClientAsync wrap(OpenAIClientAsync client, OpenTelemetry openTelemetry) {
    return builder(openTelemetry).build().wrap(client);
  }

  /**
   * A builder over the given OpenTelemetry (the one whose tracer provider has the Last9 processor).
   */
  public static Builder builder(OpenTelemetry openTelemetry) {
    return new Builder(openTelemetry);
  }

  /** Returns a traced view of {@code client}; calls go to {@code client}. */
  public OpenAIClient wrap(OpenAIClient client) {
    Objects.requireNonNull(client, "client");
    return StreamSafetyLayer.wrap(telemetry.wrap(UsageLayer.wrap(client, hooks)));
  }

  /** Returns a traced view of the async {@code client}. */
  public OpenAIClientAsync wrap(OpenAIClientAsync client) {
    Objects.requireNonNull(client, "client");
    return StreamSafetyLayer.wrap(telemetry.wrap(UsageLayer.wrap(client, hooks)));
  }

  /**
   * Number of in-flight calls whose captured content is held until their span ends; 0 when nothing
   * is in flight (every span's state is removed when it ends). For tests of this package.
   */
  int pendingContentSpans() {
    return bridge == null ? 0 : bridge.pendingSpans();
  }

  /** Builder for {@link Last9OpenAI}. */
  public static final class Builder {
    private final OpenTelemetry openTelemetry;
    private boolean captureContent = ContentCapture.isEnabled();
    private int maxContentLength = ContentCapture.DEFAULT_MAX_LENGTH;
    private int maxPendingSpans = 10_000;
    private ContentRedactor redactor;
    private boolean streamUsage = true;

    private Builder(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
    }

    /**
     * Whether prompts and completions are captured (default: {@link ContentCapture#isEnabled()},
     * which is on unless {@code OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=false}).
     */
    public Builder captureContent(boolean capture) {
      this.captureContent = capture;
      return this;
    }

    /**
     * A hook that rewrites each captured value (each message part's text, each string of a tool
     * call's arguments) before it is recorded; default none.
     */
    public Builder redactor(ContentRedactor redactor) {
      this.redactor = Objects.requireNonNull(redactor, "redactor");
      return this;
    }

    /** Cap of each captured value (a message part's text), in characters (default 10,000). */
    public Builder maxContentLength(int maxLength) {
      this.maxContentLength = Checks.nonNegative(maxLength, "maxContentLength");
      return this;
    }

    /** How many in-flight calls may hold captured content at once (default 10,000). */
    public Builder maxPendingSpans(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxPendingSpans must be at least 1, was " + max);
      }
      this.maxPendingSpans = max;
      return this;
    }

    /**
     * Whether a streamed chat completion asks for its usage (adds {@code
     * stream_options.include_usage=true} when the caller did not set {@code include_usage} either
     * way), so that it is priced (default {@code true}). The caller never sees the usage-only chunk
     * it did not ask for, in blocking and async streams alike. Off, a stream whose caller did not
     * ask for usage carries no tokens and its span is marked {@code gen_ai.l9.cost.unpriced=true},
     * {@code unpriced_reason=no_usage}. Responses API streams always end with their usage.
     */
    public Builder streamUsage(boolean ask) {
      this.streamUsage = ask;
      return this;
    }

    /** Builds the wrapper. */
    public Last9OpenAI build() {
      return new Last9OpenAI(this);
    }
  }
}
