/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.it;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Keeps the spans that were recorded but not sampled: what the exporters never see. The sampling
 * suite reads the cost and workflow totals of dropped spans from here.
 */
final class UnsampledSpans implements SpanProcessor {

  private final List<SpanData> ended = new CopyOnWriteArrayList<>();

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {}

  @Override
  public boolean isStartRequired() {
    return false;
  }

  @Override
  public void onEnd(ReadableSpan span) {
    if (!span.getSpanContext().isSampled()) {
      ended.add(span.toSpanData());
    }
  }

  @Override
  public boolean isEndRequired() {
    return true;
  }

  /**
   * Waits (up to 10 s) until {@code until} holds of the unsampled spans that match {@code filter}.
   */
  List<SpanData> await(Predicate<SpanData> filter, Predicate<List<SpanData>> until)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      List<SpanData> spans = ended.stream().filter(filter).collect(Collectors.toList());
      if (until.test(spans) || System.nanoTime() > deadline) {
        return spans;
      }
      Thread.sleep(20);
    }
  }
}
