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
 * A span processor that keeps the attributes every span had when it started (after the processors registered
 * before it), to check what a sampler or a processor's {@code onStart} can see. It changes nothing and does
 * nothing when spans end.
 *
 * <p>{@link Last9TelemetryExtension} registers one after {@link io.last9.genai.Last9SpanProcessor}; see
 * {@link Last9TelemetryExtension#attributesAtStart(SpanData)}.
 */
public final class RecordingSpanProcessor implements SpanProcessor {

  private final Map<String, Attributes> atStart = new ConcurrentHashMap<>();

  private RecordingSpanProcessor() {}

  /** A new processor with nothing recorded. */
  public static RecordingSpanProcessor create() {
    return new RecordingSpanProcessor();
  }

  /** The attributes {@code span} had when it started, or null when it did not start under this processor. */
  public Attributes attributesAtStart(SpanData span) {
    return atStart.get(span.getSpanId());
  }

  /** How many spans started under this processor. */
  public int startedSpans() {
    return atStart.size();
  }

  /** Forgets every recorded span. */
  public void clear() {
    atStart.clear();
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {
    atStart.put(span.getSpanContext().getSpanId(), span.toSpanData().getAttributes());
  }

  @Override
  public boolean isStartRequired() {
    return true;
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
