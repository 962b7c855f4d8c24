/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.anthropic;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.AnthropicClientAsync;
import io.last9.genai.anthropic.internal.BuiltInTracing;
import io.last9.genai.anthropic.internal.ChatInstrumenter;
import io.last9.genai.anthropic.internal.InstrumentedClient;
import io.last9.genai.anthropic.internal.InstrumentedClientAsync;
import io.last9.genai.content.ContentCapture;
import io.last9.genai.content.ContentRedactor;
import io.last9.genai.internal.Checks;
import io.last9.genai.internal.Throwables;
import io.opentelemetry.api.OpenTelemetry;
import java.util.Objects;

/**
 * OpenTelemetry GenAI spans for the official Anthropic Java client ({@code
 * com.anthropic:anthropic-java}).
 *
 * <p>The wrapped client's Messages service makes one CLIENT span {@code chat {model}} per call:
 * synchronous ({@code messages().create}), asynchronous ({@code async().messages().create}, the
 * span ends when the future completes) and streaming ({@code createStreaming}, the span ends when
 * the stream ends or is closed). The span carries the semantic-convention request attributes from
 * its start, and the response id, model, finish reason and normalised token usage at its end;
 * {@code Last9SpanProcessor} then prices it. Every other service of the client is passed through
 * untouched.
 *
 * <pre>{@code
 * AnthropicClient client = Last9Anthropic.wrap(AnthropicOkHttpClient.fromEnv(), openTelemetry);
 * Message reply = client.messages().create(MessageCreateParams.builder()
 *     .model("claude-sonnet-4-5").maxTokens(1024).addUserMessage("Hello").build());
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe; wrap a client once and share the result.
 */
public final class Last9Anthropic {

  private final OpenTelemetry openTelemetry;
  private final boolean captureContent;
  private final int maxContentLength;
  private final ContentRedactor redactor;

  private Last9Anthropic(Builder b) {
    this.openTelemetry = b.openTelemetry;
    this.captureContent = b.captureContent;
    this.maxContentLength = b.maxContentLength;
    this.redactor = b.redactor;
  }

  /**
   * Wraps {@code client} with the defaults (content capture on, subject to {@link ContentCapture}).
   */
  public static AnthropicClient wrap(AnthropicClient client, OpenTelemetry openTelemetry) {
    return builder(openTelemetry).build().wrap(client);
  }

  /** Wraps an asynchronous {@code client} with the defaults. */
  public static AnthropicClientAsync wrap(
      AnthropicClientAsync client, OpenTelemetry openTelemetry) {
    return builder(openTelemetry).build().wrap(client);
  }

  /** A builder that makes spans with {@code openTelemetry}'s tracer provider. */
  public static Builder builder(OpenTelemetry openTelemetry) {
    return new Builder(Objects.requireNonNull(openTelemetry, "openTelemetry"));
  }

  /** Returns a client whose Messages service (and its {@code async()} view) is traced. */
  public AnthropicClient wrap(AnthropicClient client) {
    Objects.requireNonNull(client, "client");
    if (client instanceof InstrumentedClient) {
      return client;
    }
    AnthropicClient delegate = BuiltInTracing.withoutBuiltIn(client);
    return new InstrumentedClient(delegate, instrumenter(baseUrl(delegate)), maxContentLength);
  }

  /**
   * Returns an asynchronous client whose Messages service (and its {@code sync()} view) is traced.
   */
  public AnthropicClientAsync wrap(AnthropicClientAsync client) {
    Objects.requireNonNull(client, "client");
    if (client instanceof InstrumentedClientAsync) {
      return client;
    }
    AnthropicClientAsync delegate = BuiltInTracing.withoutBuiltIn(client);
    String baseUrl;
    try {
      baseUrl = delegate.options().baseUrl();
    } catch (Throwable e) {
      Throwables.rethrowIfFatal(e);
      baseUrl = null;
    }
    return new InstrumentedClientAsync(delegate, instrumenter(baseUrl), maxContentLength, null);
  }

  private ChatInstrumenter instrumenter(String baseUrl) {
    return new ChatInstrumenter(openTelemetry, captureContent, maxContentLength, redactor, baseUrl);
  }

  private static String baseUrl(AnthropicClient client) {
    try {
      return client.options().baseUrl();
    } catch (Throwable e) {
      Throwables.rethrowIfFatal(e);
      return null;
    }
  }

  /** Builder for {@link Last9Anthropic}. */
  public static final class Builder {
    private final OpenTelemetry openTelemetry;
    private boolean captureContent = true;
    private int maxContentLength = ContentCapture.DEFAULT_MAX_LENGTH;
    private ContentRedactor redactor;

    private Builder(OpenTelemetry openTelemetry) {
      this.openTelemetry = openTelemetry;
    }

    /**
     * Whether the system prompt, the messages and the answer are recorded as {@code
     * gen_ai.system_instructions}, {@code gen_ai.input.messages} and {@code gen_ai.output.messages}
     * (default true). The global {@link ContentCapture} switch wins when off.
     */
    public Builder captureContent(boolean capture) {
      this.captureContent = capture;
      return this;
    }

    /**
     * A hook that rewrites each captured value (each part's text, each string of a tool call's
     * input) before it is recorded; default none.
     */
    public Builder redactor(ContentRedactor redactor) {
      this.redactor = java.util.Objects.requireNonNull(redactor, "redactor");
      return this;
    }

    /** The maximum length of each captured value in characters (default 10,000). */
    public Builder maxContentLength(int maxLength) {
      this.maxContentLength = Checks.nonNegative(maxLength, "maxContentLength");
      return this;
    }

    /** Builds the (reusable) wrapper. */
    public Last9Anthropic build() {
      return new Last9Anthropic(this);
    }
  }
}
