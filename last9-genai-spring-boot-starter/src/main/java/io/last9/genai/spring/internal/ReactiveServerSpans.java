/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import io.micrometer.tracing.handler.TracingObservationHandler.TracingContext;
import io.micrometer.tracing.otel.bridge.OtelSpan;
import io.opentelemetry.api.trace.Span;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.server.ServerWebExchange;

/** Finds the OpenTelemetry span of Spring's WebFlux server observation of an exchange. */
final class ReactiveServerSpans {

  private ReactiveServerSpans() {}

  static Span fromObservation(ServerWebExchange exchange) {
    ServerRequestObservationContext context =
        ServerRequestObservationContext.findCurrent(exchange.getAttributes()).orElse(null);
    if (context == null) {
      return null;
    }
    TracingContext tracing = context.get(TracingContext.class);
    if (tracing == null || !(tracing.getSpan() instanceof OtelSpan)) {
      return null;
    }
    return OtelSpan.toOtel(tracing.getSpan());
  }
}
