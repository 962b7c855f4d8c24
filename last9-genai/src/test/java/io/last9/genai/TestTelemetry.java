package io.last9.genai;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension: a fresh {@link OpenTelemetrySdk} per test whose tracer provider has a
 * {@link Last9SpanProcessor} (first) and an {@link InMemorySpanExporter}, and whose meter provider has an
 * {@link InMemoryMetricReader} that the processor records the cost metric to. (OpenTelemetryExtension cannot be
 * used: it builds its own provider without our processor.)
 *
 * <p>After each test it checks that the test left no last9-genai scope and no span current on the thread, so a
 * scope that leaks fails the test that leaked it.
 *
 * <pre>{@code
 * @RegisterExtension final TestTelemetry otel = TestTelemetry.builder().pricing(PRICING).build();
 * }</pre>
 */
final class TestTelemetry implements BeforeEachCallback, AfterEachCallback {

  private final Consumer<Last9SpanProcessor.Builder> configure;
  private final Supplier<TurnStore> turnStore;
  private final List<SpanExporter> extraExporters;
  private final List<SpanProcessor> processorsAfter;

  private InMemorySpanExporter spans;
  private InMemoryMetricReader metrics;
  private OpenTelemetrySdk sdk;
  private Last9SpanProcessor processor;

  private TestTelemetry(Builder b) {
    this.configure = b.configure;
    this.turnStore = b.turnStore;
    this.extraExporters = List.copyOf(b.extraExporters);
    this.processorsAfter = List.copyOf(b.processorsAfter);
  }

  static TestTelemetry create() {
    return builder().build();
  }

  static Builder builder() {
    return new Builder();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    start();
  }

  /** Builds the SDK (called before each test; tests may call it directly). */
  void start() {
    spans = InMemorySpanExporter.create();
    metrics = InMemoryMetricReader.create();
    SdkMeterProvider meterProvider = SdkMeterProvider.builder().registerMetricReader(metrics).build();
    Last9SpanProcessor.Builder pb = Last9SpanProcessor.builder().meterProvider(meterProvider);
    if (turnStore != null) {
      pb.turnStore(turnStore.get());
    }
    configure.accept(pb);
    processor = pb.build();
    var tracerProvider = SdkTracerProvider.builder().addSpanProcessor(processor);
    for (SpanProcessor p : processorsAfter) {
      tracerProvider.addSpanProcessor(p);
    }
    for (SpanExporter e : extraExporters) {
      tracerProvider.addSpanProcessor(SimpleSpanProcessor.create(e));
    }
    tracerProvider.addSpanProcessor(SimpleSpanProcessor.create(spans));
    sdk = OpenTelemetrySdk.builder()
        .setTracerProvider(tracerProvider.build())
        .setMeterProvider(meterProvider)
        .build();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    try {
      assertThat(ContextSnapshot.current().isEmpty())
          .as("a last9-genai scope leaked out of the test: %s", ContextSnapshot.current())
          .isTrue();
      assertThat(Span.current().getSpanContext().isValid()).as("a span leaked out of the test").isFalse();
    } finally {
      sdk.close();
      // make sure nothing leaks into the next test even after a failure
      Context.root().makeCurrent();
    }
  }

  OpenTelemetrySdk otel() {
    return sdk;
  }

  Last9SpanProcessor processor() {
    return processor;
  }

  /** A tracer of a foreign instrumentation (to make spans this library did not make). */
  Tracer tracer() {
    return sdk.getTracer("test-instrumentation");
  }

  /** Every finished span, in end order. */
  List<SpanData> spans() {
    return spans.getFinishedSpanItems();
  }

  void reset() {
    spans.reset();
  }

  /** The one finished span with this name. */
  SpanData span(String name) {
    List<SpanData> found = spans(name);
    assertThat(found).as("spans named '%s' among %s", name, names()).hasSize(1);
    return found.get(0);
  }

  /** The finished spans with this name, in end order. */
  List<SpanData> spans(String name) {
    return spans().stream().filter(s -> s.getName().equals(name)).collect(Collectors.toList());
  }

  List<String> names() {
    return spans().stream().map(SpanData::getName).collect(Collectors.toList());
  }

  /** The values of {@code key} over every finished span that has it. */
  <T> List<T> values(AttributeKey<T> key) {
    List<T> out = new ArrayList<>();
    for (SpanData s : spans()) {
      T v = s.getAttributes().get(key);
      if (v != null) {
        out.add(v);
      }
    }
    return out;
  }

  /** Sum of {@code gen_ai.usage.cost_usd} over every finished span, in end order. */
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

  /** Every metric collected so far, by name. */
  Map<String, MetricData> metrics() {
    return metrics.collectAllMetrics().stream()
        .collect(Collectors.toMap(MetricData::getName, m -> m, (a, b) -> a));
  }

  static final class Builder {
    private Consumer<Last9SpanProcessor.Builder> configure = b -> {};
    private Supplier<TurnStore> turnStore;
    private final List<SpanExporter> extraExporters = new ArrayList<>();
    private final List<SpanProcessor> processorsAfter = new ArrayList<>();

    /** Another processor of the application's, registered right after Last9SpanProcessor. */
    Builder processorAfter(SpanProcessor p) {
      processorsAfter.add(p);
      return this;
    }

    /** Processor-level pricing. */
    Builder pricing(Map<String, ModelPricing> pricing) {
      return configure(b -> b.pricing(pricing));
    }

    /** Any other processor setting. */
    Builder configure(Consumer<Last9SpanProcessor.Builder> c) {
      Consumer<Last9SpanProcessor.Builder> before = configure;
      configure = before.andThen(Objects.requireNonNull(c));
      return this;
    }

    /** A fresh turn store per test. */
    Builder turnStore(Supplier<TurnStore> store) {
      this.turnStore = store;
      return this;
    }

    /** An exporter registered (with a SimpleSpanProcessor) before the in-memory one. */
    Builder exporter(SpanExporter exporter) {
      extraExporters.add(exporter);
      return this;
    }

    TestTelemetry build() {
      return new TestTelemetry(this);
    }
  }
}
