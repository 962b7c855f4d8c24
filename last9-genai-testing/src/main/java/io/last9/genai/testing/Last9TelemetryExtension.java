/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.GenAiAttributes;
import io.last9.genai.Last9SpanProcessor;
import io.last9.genai.Last9SpanProcessorBuilder;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A JUnit 5 extension: before each test, a fresh {@link OpenTelemetrySdk} whose tracer provider
 * runs a {@link Last9SpanProcessor} first, then a {@link TestSpanProcessor} recording span starts,
 * any processors you add, and an {@link InMemorySpanExporter}; whose meter provider has an {@link
 * InMemoryMetricReader} that the Last9 processor records its cost metric to; and whose logger
 * provider has the processor's {@link Last9SpanProcessor#contentEvents()} and exports to memory.
 * After each test it runs the {@link ContextLeakCheck} (a scope or span left current fails the test
 * that left it) and closes the SDK.
 *
 * <pre>{@code
 * @RegisterExtension
 * final Last9TelemetryExtension otel = Last9TelemetryExtension.builder()
 *     .pricing(Map.of("gpt-4o", ModelPricing.of(2.50, 10.0)))
 *     .build();
 *
 * @Test
 * void pricesTheCall() {
 *   OpenAIClient client = Last9OpenAI.wrap(rawClient, otel.openTelemetry());
 *   ...
 *   assertThat(otel.span("chat gpt-4o")).hasAttributesSatisfying(
 *       equalTo(GenAiAttributes.USAGE_COST_USD, 0.00458));   // OpenTelemetryAssertions
 * }
 * }</pre>
 *
 * <p>Register it on an instance field (JUnit makes one per test) or a static one (one SDK per test
 * either way). OpenTelemetry's own {@code OpenTelemetryExtension} cannot be used here: it builds
 * its provider without our processor. Outside JUnit, {@link #start()} and {@link #close()} do the
 * same by hand.
 */
public final class Last9TelemetryExtension
    implements BeforeEachCallback, AfterEachCallback, AutoCloseable {

  /** The name of the cost counter {@link Last9SpanProcessor} records. */
  public static final String COST_METRIC = "gen_ai.client.cost";

  private static final Duration AWAIT_LIMIT = Duration.ofSeconds(10);

  private final Last9TelemetryExtensionBuilder config;

  private volatile Run run;

  /** What one test's SDK is made of. */
  private record Run(
      OpenTelemetrySdk sdk,
      Last9SpanProcessor processor,
      TestSpanProcessor recorder,
      InMemorySpanExporter spans,
      InMemoryMetricReader metrics,
      InMemoryLogRecordExporter logs) {}

  Last9TelemetryExtension(Last9TelemetryExtensionBuilder config) {
    this.config = config;
  }

  /** An extension with the processor's defaults (bundled price catalog, in-memory turns). */
  public static Last9TelemetryExtension create() {
    return builder().build();
  }

  /** A builder to configure the processor and add processors or exporters. */
  public static Last9TelemetryExtensionBuilder builder() {
    return new Last9TelemetryExtensionBuilder();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    start();
  }

  @Override
  public void afterEach(ExtensionContext context) {
    try {
      ContextLeakCheck.assertNothingCurrent();
    } finally {
      try {
        close();
      } finally {
        ContextLeakCheck.resetCurrentContext();
      }
    }
  }

  /** Builds a fresh SDK (JUnit calls this before each test); returns this extension. */
  public Last9TelemetryExtension start() {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    InMemoryMetricReader metrics = InMemoryMetricReader.create();
    InMemoryLogRecordExporter logs = InMemoryLogRecordExporter.create();
    SdkMeterProvider meterProvider =
        SdkMeterProvider.builder().registerMetricReader(metrics).build();
    Last9SpanProcessorBuilder pb = Last9SpanProcessor.builder().meterProvider(meterProvider);
    if (config.turnStore != null) {
      pb.turnStore(config.turnStore.get());
    }
    config.processor.accept(pb);
    Last9SpanProcessor processor = pb.build();
    TestSpanProcessor recorder = TestSpanProcessor.recordingStarts();
    SdkTracerProviderBuilder tracerProvider =
        SdkTracerProvider.builder().addSpanProcessor(processor).addSpanProcessor(recorder);
    for (Supplier<? extends SpanProcessor> extra : config.spanProcessors) {
      tracerProvider.addSpanProcessor(
          Objects.requireNonNull(extra.get(), "an added span processor supplier"));
    }
    tracerProvider.addSpanProcessor(SimpleSpanProcessor.create(spans));
    OpenTelemetrySdk sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(tracerProvider.build())
            .setMeterProvider(meterProvider)
            .setLoggerProvider(
                SdkLoggerProvider.builder()
                    // as the processor's documentation sets it up: content events onto spans
                    .addLogRecordProcessor(processor.contentEvents())
                    .addLogRecordProcessor(SimpleLogRecordProcessor.create(logs))
                    .build())
            .build();
    run = new Run(sdk, processor, recorder, spans, metrics, logs);
    return this;
  }

  /** Closes this test's SDK (JUnit calls this after each test, after the leak check). */
  @Override
  public void close() {
    Run r = run;
    if (r != null) {
      r.sdk().close();
    }
  }

  /** This test's SDK: hand it to the code under test. */
  public OpenTelemetrySdk openTelemetry() {
    return current().sdk();
  }

  /** This test's {@link Last9SpanProcessor}. */
  public Last9SpanProcessor processor() {
    return current().processor();
  }

  /**
   * A tracer of another instrumentation ({@code test-instrumentation}), to make spans this library
   * did not.
   */
  public Tracer tracer() {
    return openTelemetry().getTracer("test-instrumentation");
  }

  // ------------------------------------------------------------------------------------------------------ spans

  /**
   * Starts and ends a span named {@code name} with {@link #tracer()}, as a child of whatever is
   * current.
   */
  public void startAndEndSpan(String name) {
    startAndEndSpan(name, Attributes.empty());
  }

  /**
   * Starts and ends a span named {@code name} with {@link #tracer()}, as a child of whatever is
   * current, with {@code attributes} set when it starts (as instrumentations set the request side).
   */
  public void startAndEndSpan(String name, Attributes attributes) {
    tracer().spanBuilder(name).setAllAttributes(attributes).startSpan().end();
  }

  /** Every finished span, in end order. */
  public List<SpanData> spans() {
    return current().spans().getFinishedSpanItems();
  }

  /** The finished spans named {@code name}, in end order. */
  public List<SpanData> spans(String name) {
    return spans().stream().filter(s -> s.getName().equals(name)).collect(Collectors.toList());
  }

  /**
   * The one finished span named {@code name}; fails, listing the names there are, unless there is
   * exactly one.
   */
  public SpanData span(String name) {
    List<SpanData> found = spans(name);
    assertThat(found).as("spans named '%s' among %s", name, spanNames()).hasSize(1);
    return found.get(0);
  }

  /** The attributes of the one finished span named {@code spanName} (see {@link #span(String)}). */
  public Attributes attributesOf(String spanName) {
    return span(spanName).getAttributes();
  }

  /** The names of the finished spans, in end order. */
  public List<String> spanNames() {
    return spans().stream().map(SpanData::getName).collect(Collectors.toList());
  }

  /** The values of {@code key} over every finished span that has it, in end order. */
  public <T> List<T> values(AttributeKey<T> key) {
    List<T> out = new ArrayList<>();
    for (SpanData s : spans()) {
      T v = s.getAttributes().get(key);
      if (v != null) {
        out.add(v);
      }
    }
    return out;
  }

  /**
   * The sum of {@code gen_ai.usage.cost_usd} over every finished span (each priced call counted
   * once).
   */
  public double sumOfSpanCosts() {
    return values(GenAiAttributes.USAGE_COST_USD).stream().mapToDouble(Double::doubleValue).sum();
  }

  /**
   * The attributes {@code span} had when it started, after the Last9 processor's {@code onStart}
   * (what a processor registered after it, or an exporter's sampler-side logic, sees).
   */
  public Attributes attributesAtStart(SpanData span) {
    Attributes a = current().recorder().attributesAtStart(span);
    assertThat(a).as("span '%s' did not start under this test's SDK", span.getName()).isNotNull();
    return a;
  }

  /**
   * Waits, at most 10 seconds, until {@code count} spans named {@code name} have finished (a span
   * another thread ends, such as a streamed call's), and returns those there are by then: assert on
   * the result.
   */
  public List<SpanData> awaitSpans(String name, int count) {
    long deadline = System.nanoTime() + AWAIT_LIMIT.toNanos();
    List<SpanData> found = spans(name);
    while (found.size() < count && System.nanoTime() < deadline) {
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      found = spans(name);
    }
    return found;
  }

  /** Forgets the finished spans and the recorded start attributes (the SDK stays as it is). */
  public void clearSpans() {
    current().spans().reset();
    current().recorder().clear();
  }

  // ----------------------------------------------------------------------------------------------
  // metrics, logs

  /** Every metric recorded so far (cumulative). */
  public Collection<MetricData> metrics() {
    return current().metrics().collectAllMetrics();
  }

  /** The metric named {@code name}; fails, listing the names there are, when there is none. */
  public MetricData metric(String name) {
    Collection<MetricData> all = metrics();
    List<MetricData> found =
        all.stream().filter(m -> m.getName().equals(name)).collect(Collectors.toList());
    assertThat(found)
        .as(
            "metric '%s' among %s",
            name, all.stream().map(MetricData::getName).collect(Collectors.toList()))
        .hasSize(1);
    return found.get(0);
  }

  /**
   * The sum, over every attribute set, of the {@value #COST_METRIC} counter so far: 0 when nothing
   * was priced.
   */
  public double costMetricSum() {
    double sum = 0;
    for (MetricData m : metrics()) {
      if (m.getName().equals(COST_METRIC)) {
        for (DoublePointData p : m.getDoubleSumData().getPoints()) {
          sum += p.getValue();
        }
      }
    }
    return sum;
  }

  /** Every log record emitted through this test's logger provider, in emit order. */
  public List<LogRecordData> logs() {
    return current().logs().getFinishedLogRecordItems();
  }

  private Run current() {
    Run r = run;
    if (r == null) {
      throw new IllegalStateException(
          "Last9TelemetryExtension has not started: register it with "
              + "@RegisterExtension, or call start()");
    }
    return r;
  }
}
