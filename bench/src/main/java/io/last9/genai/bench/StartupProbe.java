/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.bench;

import io.last9.genai.GenAiAttributes;
import io.last9.genai.Last9SpanProcessor;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;

/**
 * The start-up benchmark's program (see {@code benchmarks/startup.py}): a whole process that builds
 * its tracing, ends one priced LLM span and exits, so the cost of the library in a cold JVM (CLIs,
 * batch jobs, serverless functions) is measured as a user pays it.
 *
 * <ul>
 *   <li>{@code sdk-without}: an SDK with a discarding exporter;
 *   <li>{@code sdk-with}: the same with {@code Last9SpanProcessor.create()}'s defaults (metric
 *       off); exits 1 when the span was not priced, because an early span must not go unpriced;
 *   <li>{@code agent}: spans through {@code GlobalOpenTelemetry}, run under the Java agent with and
 *       without the extension.
 * </ul>
 */
public final class StartupProbe {

  private StartupProbe() {}

  public static void main(String[] args) {
    // -Dprobe.cpu=true (startup.py sets it on every side): the CPU spent before main (all of it,
    // the main thread's and the JIT's), and the JIT's and GC's shares at the end, on stderr
    long[] atMain = Boolean.getBoolean("probe.cpu") ? ProcessCpu.atMain() : null;
    run(args.length > 0 ? args[0] : "sdk-with");
    if (atMain != null) {
      String cpu = ProcessCpu.report(atMain);
      if (cpu != null) {
        System.err.println(cpu);
      }
    }
  }

  private static void run(String mode) {
    if (mode.equals("agent")) {
      endLlmSpan(GlobalOpenTelemetry.getTracer("io.last9.genai.bench.startup"));
      return;
    }
    SdkTracerProviderBuilder b = SdkTracerProvider.builder();
    boolean with = mode.equals("sdk-with");
    if (with) {
      b.addSpanProcessor(Last9SpanProcessor.builder().meterProvider(MeterProvider.noop()).build());
    }
    b.addSpanProcessor(SimpleSpanProcessor.create(new Discard()));
    try (SdkTracerProvider provider = b.build()) {
      Span span = endLlmSpan(provider.get("io.last9.genai.bench.startup"));
      if (with && ((ReadableSpan) span).getAttribute(GenAiAttributes.USAGE_COST_USD) == null) {
        System.err.println("the first span was not priced");
        System.exit(1);
      }
    }
  }

  private static Span endLlmSpan(Tracer tracer) {
    Span span =
        tracer
            .spanBuilder("chat gpt-4o")
            .setAttribute(GenAiAttributes.OPERATION_NAME, "chat")
            .setAttribute(GenAiAttributes.REQUEST_MODEL, "gpt-4o")
            .setAttribute(GenAiAttributes.PROVIDER_NAME, "openai")
            .startSpan();
    span.setAttribute(GenAiAttributes.RESPONSE_MODEL, "gpt-4o-2024-08-06");
    span.setAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 2_000L);
    span.setAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, 150L);
    // As the library's OpenAI, Anthropic and LangChain4j instrumentations report it. Without a
    // cache-read count the cost is an upper bound, and the processor says so once per model in an
    // INFO record: -Dprobe.noCacheRead=true measures that case (the JDK's first console record).
    if (!Boolean.getBoolean("probe.noCacheRead")) {
      span.setAttribute(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS, 0L);
    }
    span.end();
    return span;
  }

  /** An exporter that drops what it is given. */
  private static final class Discard implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
