package io.last9.genai.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.ContextSnapshot;
import io.last9.genai.InMemoryTurnStore;
import io.last9.genai.Last9SpanProcessor;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension: a fresh SDK per test with {@link Last9SpanProcessor} (bundled catalog, fresh turn store) and an
 * in-memory exporter. After each test it checks that no last9-genai scope and no span leaked onto the thread.
 */
final class Telemetry implements BeforeEachCallback, AfterEachCallback {

  private InMemorySpanExporter exporter;
  private OpenTelemetrySdk sdk;

  @Override
  public void beforeEach(ExtensionContext context) {
    exporter = InMemorySpanExporter.create();
    sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder()
            .addSpanProcessor(Last9SpanProcessor.builder().turnStore(InMemoryTurnStore.create()).build())
            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
            .build())
        .build();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    try {
      assertThat(ContextSnapshot.current().isEmpty()).as("a last9-genai scope leaked").isTrue();
      assertThat(Span.current().getSpanContext().isValid()).as("a span leaked").isFalse();
    } finally {
      sdk.close();
      Context.root().makeCurrent();
    }
  }

  OpenTelemetrySdk otel() {
    return sdk;
  }

  List<SpanData> spans() {
    return exporter.getFinishedSpanItems();
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
}
