/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.it;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Reads what the application exported; waits for spans that end after the response was sent (the
 * server's).
 */
final class ExportedSpans {

  static final AttributeKey<String> CONVERSATION_ID =
      AttributeKey.stringKey("gen_ai.conversation.id");

  private final InMemorySpanExporter exporter;
  private final ObjectProvider<SdkTracerProvider> tracerProviders;

  ExportedSpans(InMemorySpanExporter exporter, ObjectProvider<SdkTracerProvider> tracerProviders) {
    this.exporter = exporter;
    this.tracerProviders = tracerProviders;
  }

  /**
   * Waits (up to 10 s) until {@code until} holds of the spans of {@code conversationId}, and
   * returns them.
   */
  List<SpanData> ofConversation(String conversationId, Predicate<List<SpanData>> until) {
    return await(
        () ->
            exporter.getFinishedSpanItems().stream()
                .filter(s -> conversationId.equals(s.getAttributes().get(CONVERSATION_ID)))
                .collect(Collectors.toList()),
        until);
  }

  private List<SpanData> await(Supplier<List<SpanData>> read, Predicate<List<SpanData>> until) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      tracerProviders.forEach(p -> p.forceFlush().join(5, TimeUnit.SECONDS));
      List<SpanData> spans = read.get();
      if (until.test(spans) || System.nanoTime() > deadline) {
        return spans;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return spans;
      }
    }
  }

  /**
   * Waits (up to 10 s) until {@code until} holds of the trace of the request whose server span has
   * an attribute (its path) that holds {@code marker}, and returns its spans.
   */
  List<SpanData> ofRequest(String marker, Predicate<List<SpanData>> until) {
    return await(
        () -> {
          List<SpanData> all = exporter.getFinishedSpanItems();
          String traceId =
              all.stream()
                  .filter(s -> s.getKind() == SpanKind.SERVER)
                  .filter(
                      s ->
                          s.getAttributes().asMap().values().stream()
                              .anyMatch(v -> String.valueOf(v).contains(marker)))
                  .map(SpanData::getTraceId)
                  .findFirst()
                  .orElse(null);
          return all.stream()
              .filter(s -> s.getTraceId().equals(traceId))
              .collect(Collectors.toList());
        },
        spans -> !spans.isEmpty() && until.test(spans));
  }

  /** Waits (up to 10 s) until {@code until} holds of the spans of trace {@code traceId}. */
  List<SpanData> ofTrace(String traceId, Predicate<List<SpanData>> until) {
    return await(
        () ->
            exporter.getFinishedSpanItems().stream()
                .filter(s -> s.getTraceId().equals(traceId))
                .collect(Collectors.toList()),
        until);
  }

  /**
   * Waits (up to 10 s) for the span with id {@code spanId} (hex), whichever trace it is in; {@code
   * null} if none was exported.
   */
  SpanData withSpanId(String spanId) {
    List<SpanData> found =
        await(
            () ->
                exporter.getFinishedSpanItems().stream()
                    .filter(s -> s.getSpanId().equals(spanId))
                    .collect(Collectors.toList()),
            spans -> !spans.isEmpty());
    return found.isEmpty() ? null : found.get(0);
  }

  List<SpanData> all() {
    tracerProviders.forEach(p -> p.forceFlush().join(5, TimeUnit.SECONDS));
    return exporter.getFinishedSpanItems();
  }

  /**
   * True once the server spans of {@code n} requests (traces) are exported: a set-up may make two
   * per request.
   */
  static Predicate<List<SpanData>> serverSpans(int n) {
    return spans ->
        spans.stream()
                .filter(s -> s.getKind() == SpanKind.SERVER)
                .map(SpanData::getTraceId)
                .distinct()
                .count()
            >= n;
  }
}
