/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.quarkus.it;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.quarkus.arc.ClientProxy;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the tracer provider Quarkus built is made of: its sampler and its span processors. */
final class TracerProviderParts {

  private TracerProviderParts() {}

  static SdkTracerProvider of(OpenTelemetry openTelemetry) {
    return ((OpenTelemetrySdk) ClientProxy.unwrap(openTelemetry)).getSdkTracerProvider();
  }

  /** The sampler's description, the samplers it wraps included. */
  static String sampler(OpenTelemetry openTelemetry) {
    return of(openTelemetry).getSampler().getDescription();
  }

  /**
   * How many of the provider's span processors are the library's: read from the SDK's description
   * of its processors (each listed once under {@code spanProcessorsAll}), the only view of them the
   * SDK gives.
   */
  static int last9Processors(OpenTelemetry openTelemetry) {
    String provider = of(openTelemetry).toString();
    int all = provider.indexOf("spanProcessorsAll=");
    if (all < 0) {
      throw new AssertionError("no list of span processors in " + provider);
    }
    Matcher m = Pattern.compile("Last9SpanProcessor\\{").matcher(provider.substring(all));
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
