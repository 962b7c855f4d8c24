/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.anthropic.internal;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.AnthropicClientAsync;
import com.anthropic.core.opentelemetry.OpenTelemetryOptions;
import io.last9.genai.internal.OnceLogger;
import io.last9.genai.internal.Throwables;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * anthropic-java 3.13 traces calls itself, on by default (through the global tracer provider unless
 * one is given; off with {@code ANTHROPIC_OPEN_TELEMETRY=false} or {@code
 * ClientOptions.openTelemetry(...)}). Its span ({@code anthropic.messages.create}) would be a child
 * of ours carrying the same model and tokens, and the processor prices every such span, so the call
 * would be billed twice. The wrapped client therefore gets the client's own span switched off; its
 * trace-context propagation and tracer provider are kept. Versions without the feature are left as
 * they are.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class BuiltInTracing {

  private static final Logger logger = Logger.getLogger(BuiltInTracing.class.getName());

  /** Owner-less: what goes wrong here is the application's or the JVM's, not one SDK set-up's. */
  private static final OnceLogger warnings = new OnceLogger(logger);

  private BuiltInTracing() {}

  /** {@code client}, with the client's own tracing switched off when it was on. */
  public static AnthropicClient withoutBuiltIn(AnthropicClient client) {
    try {
      if (client.options().openTelemetry().traces().enabled()) {
        log();
        OpenTelemetryOptions off =
            client.options().openTelemetry().toBuilder().traces(false).build();
        return client.withOptions(b -> b.openTelemetry(off));
      }
    } catch (Throwable e) {
      Throwables.rethrowIfFatal(e);
      // an anthropic-java without built-in tracing
    }
    return client;
  }

  /** {@code client}, with the client's own tracing switched off when it was on. */
  public static AnthropicClientAsync withoutBuiltIn(AnthropicClientAsync client) {
    try {
      if (client.options().openTelemetry().traces().enabled()) {
        log();
        OpenTelemetryOptions off =
            client.options().openTelemetry().toBuilder().traces(false).build();
        return client.withOptions(b -> b.openTelemetry(off));
      }
    } catch (Throwable e) {
      Throwables.rethrowIfFatal(e);
      // an anthropic-java without built-in tracing
    }
    return client;
  }

  private static void log() {
    warnings.warn(
        "anthropic-builtin-tracing",
        Level.FINE,
        "anthropic-java's own OpenTelemetry spans are switched off on the wrapped client, so each call is traced "
            + "and priced once, by Last9Anthropic's span",
        null);
  }
}
