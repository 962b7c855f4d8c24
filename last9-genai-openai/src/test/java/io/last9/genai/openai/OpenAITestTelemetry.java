package io.last9.genai.openai;

import io.last9.genai.GenAiAttributes;
import io.last9.genai.Last9SpanProcessor;
import io.last9.genai.ModelPricing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JUnit 5 extension: a fresh SDK per test with the {@link Last9SpanProcessor} (bundled catalog, plus optional
 * pricing) and in-memory span and log exporters. Checks after each test that no span leaked onto the thread.
 */
final class OpenAITestTelemetry implements BeforeEachCallback, AfterEachCallback {

  private final Map<String, ModelPricing> pricing;
  private InMemorySpanExporter spans;
  private InMemoryLogRecordExporter logs;
  private OpenTelemetrySdk sdk;

  OpenAITestTelemetry(Map<String, ModelPricing> pricing) {
    this.pricing = pricing;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    spans = InMemorySpanExporter.create();
    logs = InMemoryLogRecordExporter.create();
    sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder()
            .addSpanProcessor(Last9SpanProcessor.builder().pricing(pricing).build())
            .addSpanProcessor(SimpleSpanProcessor.create(spans))
            .build())
        .setLoggerProvider(SdkLoggerProvider.builder()
            .addLogRecordProcessor(SimpleLogRecordProcessor.create(logs))
            .build())
        .build();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    try {
      assertThat(Span.current().getSpanContext().isValid()).as("a span leaked out of the test").isFalse();
    } finally {
      sdk.close();
      Context.root().makeCurrent();
    }
  }

  OpenTelemetrySdk otel() {
    return sdk;
  }

  List<SpanData> spans() {
    return spans.getFinishedSpanItems();
  }

  List<LogRecordData> logs() {
    return logs.getFinishedLogRecordItems();
  }

  SpanData span(String name) {
    List<SpanData> found = spans(name);
    assertThat(found).as("spans named '%s' among %s", name, names()).hasSize(1);
    return found.get(0);
  }

  List<SpanData> spans(String name) {
    return spans().stream().filter(s -> s.getName().equals(name)).collect(Collectors.toList());
  }

  List<String> names() {
    return spans().stream().map(SpanData::getName).collect(Collectors.toList());
  }

  <T> List<T> values(io.opentelemetry.api.common.AttributeKey<T> key) {
    return spans().stream().map(s -> s.getAttributes().get(key)).filter(java.util.Objects::nonNull)
        .collect(Collectors.toList());
  }

  double sumOfCosts() {
    double sum = 0;
    for (SpanData s : spans()) {
      Double c = s.getAttributes().get(GenAiAttributes.USAGE_COST_USD);
      if (c != null) {
        sum += c;
      }
    }
    return sum;
  }
}
