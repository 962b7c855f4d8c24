/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;

/**
 * The library's tracer, looked up once per {@link OpenTelemetry} instance rather than per span.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class Tracers {

  /** Instrumentation scope name of spans made by this library. */
  public static final String SCOPE_NAME = "io.last9.genai";

  private static volatile Cached last;

  private Tracers() {}

  /**
   * The tracer of {@code openTelemetry}, or of the host's instance ({@link HostTelemetry}) when it
   * is {@code null}.
   */
  public static Tracer tracer(OpenTelemetry openTelemetry) {
    OpenTelemetry otel = HostTelemetry.resolve(openTelemetry);
    Cached c = last;
    if (c != null && c.openTelemetry == otel) {
      return c.tracer;
    }
    Tracer t = otel.getTracer(SCOPE_NAME, Version.VERSION);
    last = new Cached(otel, t);
    return t;
  }

  private static final class Cached {
    final OpenTelemetry openTelemetry;
    final Tracer tracer;

    Cached(OpenTelemetry openTelemetry, Tracer tracer) {
      this.openTelemetry = openTelemetry;
      this.tracer = tracer;
    }
  }
}
