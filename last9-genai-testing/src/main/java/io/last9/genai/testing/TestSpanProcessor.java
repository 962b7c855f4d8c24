/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.testing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A span processor for tests and benchmarks that changes nothing:
 *
 * <ul>
 *   <li>{@link #noop()} asks the SDK for no callback at all. A tracer provider with no processor
 *       hands out no-op spans, so a baseline that must pay for real spans, and nothing else,
 *       registers this one;
 *   <li>{@link #recordingStarts()} keeps the attributes every span had when it started (after the
 *       processors registered before it), to check what a sampler or a processor's {@code onStart}
 *       can see. {@link Last9TelemetryExtension} registers one after {@link
 *       io.last9.genai.Last9SpanProcessor}.
 * </ul>
 */
public final class TestSpanProcessor implements SpanProcessor {

  private final Map<String, Attributes> atStart; // null for the no-op processor

  private TestSpanProcessor(Map<String, Attributes> atStart) {
    this.atStart = atStart;
  }

  /** A processor the SDK never calls. */
  public static TestSpanProcessor noop() {
    return new TestSpanProcessor(null);
  }

  /** A processor that keeps each span's attributes at start, by span id, until {@link #clear()}. */
  public static TestSpanProcessor recordingStarts() {
    return new TestSpanProcessor(new ConcurrentHashMap<>());
  }

  /**
   * The attributes {@code span} had when it started, or null when this processor did not see it
   * start.
   */
  public Attributes attributesAtStart(SpanData span) {
    return atStart == null ? null : atStart.get(span.getSpanId());
  }

  /** How many spans this processor saw start. */
  public int startedSpans() {
    return atStart == null ? 0 : atStart.size();
  }

  /** Forgets every recorded span. */
  public void clear() {
    if (atStart != null) {
      atStart.clear();
    }
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {
    if (atStart != null) {
      atStart.put(span.getSpanContext().getSpanId(), span.toSpanData().getAttributes());
    }
  }

  @Override
  public boolean isStartRequired() {
    return atStart != null;
  }

  @Override
  public void onEnd(ReadableSpan span) {}

  @Override
  public boolean isEndRequired() {
    return false;
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }
}
