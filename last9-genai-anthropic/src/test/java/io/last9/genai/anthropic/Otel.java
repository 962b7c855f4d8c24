package io.last9.genai.anthropic;

import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.ContextSnapshot;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.Last9SpanProcessor;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension: a fresh SDK per test with {@link Last9SpanProcessor} (bundled catalog, in-memory turns), an
 * in-memory exporter, and a processor that keeps every span's attributes as they were at start (to check what a
 * sampler could see). After each test: no scope and no span may have leaked.
 */
final class Otel implements BeforeEachCallback, AfterEachCallback {

  private InMemorySpanExporter spans;
  private OpenTelemetrySdk sdk;
  private final Map<String, Attributes> atStart = new ConcurrentHashMap<>();

  @Override
  public void beforeEach(ExtensionContext context) {
    spans = InMemorySpanExporter.create();
    atStart.clear();
    SdkMeterProvider meters = SdkMeterProvider.builder().registerMetricReader(InMemoryMetricReader.create()).build();
    SdkTracerProvider tracerProvider = SdkTracerProvider.builder()
        .addSpanProcessor(Last9SpanProcessor.builder().meterProvider(meters).build())
        .addSpanProcessor(new StartRecorder())
        .addSpanProcessor(SimpleSpanProcessor.create(spans))
        .build();
    sdk = OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).setMeterProvider(meters).build();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    try {
      assertThat(ContextSnapshot.current().isEmpty()).as("a scope leaked").isTrue();
      assertThat(Span.current().getSpanContext().isValid()).as("a span leaked").isFalse();
    } finally {
      sdk.close();
      Context.root().makeCurrent();
    }
  }

  OpenTelemetrySdk sdk() {
    return sdk;
  }

  List<SpanData> spans() {
    return spans.getFinishedSpanItems();
  }

  SpanData span(String name) {
    List<SpanData> found = spans().stream().filter(s -> s.getName().equals(name)).collect(Collectors.toList());
    assertThat(found).as("spans named %s among %s", name, names()).hasSize(1);
    return found.get(0);
  }

  List<String> names() {
    return spans().stream().map(SpanData::getName).collect(Collectors.toList());
  }

  /** The attributes a span had when it started. */
  Attributes atStart(SpanData span) {
    return atStart.get(span.getSpanId());
  }

  double sumOfCosts() {
    return spans().stream()
        .map(s -> s.getAttributes().get(GenAiAttributes.USAGE_COST_USD))
        .filter(c -> c != null)
        .mapToDouble(Double::doubleValue)
        .sum();
  }

  private final class StartRecorder implements SpanProcessor {
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
}
