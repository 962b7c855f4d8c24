/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.Map;

/** The headers of a request from another service, read the way a propagator reads them. */
public final class InboundHeaders {

  private InboundHeaders() {}

  /** Reads headers held in a map. */
  public static final TextMapGetter<Map<String, String>> GETTER =
      new TextMapGetter<>() {
        // deprecated in newer APIs, but abstract in 1.49, which these tests also run on
        @SuppressWarnings("deprecation")
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
          return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
          return carrier.get(key);
        }
      };

  /** The context a request carrying this {@code baggage} header arrives in. */
  public static Context inbound(String baggageHeader) {
    Map<String, String> headers = Map.of("baggage", baggageHeader);
    return W3CBaggagePropagator.getInstance().extract(Context.root(), headers, GETTER);
  }
}
