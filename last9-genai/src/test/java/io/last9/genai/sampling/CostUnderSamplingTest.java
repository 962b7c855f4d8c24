/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.last9.genai.ConversationContext;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.Last9SpanProcessor;
import io.last9.genai.WorkflowContext;
import io.last9.genai.observe.GenAiObservation;
import io.last9.genai.observe.ResponseInfo;
import io.last9.genai.pricing.ModelPricing;
import io.last9.genai.pricing.Usage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.DoublePointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Cost stays complete under sampling: with a 1% trace-id ratio sampler wrapped in {@link
 * CostPreservingSampler}, every one of 10,000 priced calls counts in the cost metric and in its
 * workflow's totals, although only about 1% of the traces are exported.
 */
class CostUnderSamplingTest {

  private static final Map<String, ModelPricing> PRICING =
      Map.of(
          "gpt-4o", ModelPricing.of(2.50, 10.0),
          "claude-sonnet-4-5", ModelPricing.of(3.0, 15.0));
  private static final String[] MODELS = {"gpt-4o", "claude-sonnet-4-5"};

  private static final int WORKFLOWS = 1_000;
  private static final int CALLS_PER_WORKFLOW = 8;
  private static final int STANDALONE_CALLS = 2_000;

  private final InMemorySpanExporter exported = InMemorySpanExporter.create();
  private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
  private final Queue<ReadableSpan> recorded = new ConcurrentLinkedQueue<>();
  private OpenTelemetrySdk sdk;

  @AfterEach
  void close() {
    if (sdk != null) {
      sdk.close();
    }
  }

  @Test
  void everyCallIsPricedAndCountedAtOnePercentSampling() {
    start(CostPreservingSampler.wrap(Sampler.traceIdRatioBased(0.01)));
    Truth truth = runCalls();

    assertThat(truth.calls).isEqualTo(WORKFLOWS * CALLS_PER_WORKFLOW + STANDALONE_CALLS);
    assertThat(costMetricSum()).isCloseTo(truth.totalUsd, within(1e-9));

    // every workflow's totals, on the scope and on its span (exported or not), are the sum of all
    // its calls
    Map<String, ReadableSpan> workflowSpans = new HashMap<>();
    for (ReadableSpan s : recorded) {
      String id = s.getAttribute(GenAiAttributes.WORKFLOW_ID);
      if (id != null && "invoke_workflow".equals(s.getAttribute(GenAiAttributes.OPERATION_NAME))) {
        workflowSpans.put(id, s);
      }
    }
    assertThat(workflowSpans).hasSize(WORKFLOWS);
    for (Map.Entry<String, Double> w : truth.byWorkflow.entrySet()) {
      assertThat(truth.scopeTotals.get(w.getKey()))
          .as("scope total of %s", w.getKey())
          .isCloseTo(w.getValue(), within(1e-12));
      ReadableSpan span = workflowSpans.get(w.getKey());
      assertThat(span.getAttribute(GenAiAttributes.WORKFLOW_TOTAL_COST_USD))
          .as("span total of %s", w.getKey())
          .isCloseTo(w.getValue(), within(1e-12));
      assertThat(span.getAttribute(GenAiAttributes.WORKFLOW_LLM_CALLS))
          .isEqualTo(CALLS_PER_WORKFLOW);
    }

    // and yet only the sampled traces were exported: about 1% of 3,000 traces
    Set<String> exportedTraces = new HashSet<>();
    for (SpanData s : exported.getFinishedSpanItems()) {
      assertThat(s.getSpanContext().isSampled()).isTrue();
      exportedTraces.add(s.getTraceId());
    }
    int traces = WORKFLOWS + STANDALONE_CALLS;
    assertThat(exportedTraces.size()).isBetween(1, traces / 10);
    assertThat(recorded).hasSizeGreaterThan(exported.getFinishedSpanItems().size() * 10);
    // a span that is recorded only is still priced, so an exported priced span is priced the same
    // way
    double exportedCost =
        exported.getFinishedSpanItems().stream()
            .map(s -> s.getAttributes().get(GenAiAttributes.USAGE_COST_USD))
            .filter(c -> c != null)
            .mapToDouble(Double::doubleValue)
            .sum();
    assertThat(exportedCost).isLessThan(truth.totalUsd / 5);
  }

  @Test
  void withoutTheWrapperTheSamplerLosesTheCostOfDroppedCalls() {
    start(Sampler.traceIdRatioBased(0.01));
    Truth truth = runCalls();

    assertThat(costMetricSum()).isLessThan(truth.totalUsd / 5);
  }

  @Test
  void aSpanOutsideEveryScopeWithoutGenAiAttributesStaysDropped() {
    start(CostPreservingSampler.wrap(Sampler.alwaysOff()));
    Tracer tracer = sdk.getTracer("http");

    Span http = tracer.spanBuilder("GET /health").startSpan();
    Span chat =
        tracer
            .spanBuilder("chat gpt-4o")
            .setAttribute(GenAiAttributes.OPERATION_NAME, "chat")
            .startSpan();
    Span unnamed;
    try (ConversationContext c = ConversationContext.builder("conv-1").start()) {
      unnamed = tracer.spanBuilder("").startSpan();
    }
    http.end();
    chat.end();
    unnamed.end();

    assertThat(http.isRecording()).isFalse();
    assertThat(chat.getSpanContext().isSampled()).isFalse();
    assertThat(recorded)
        .extracting(ReadableSpan::getName)
        .containsExactlyInAnyOrder("chat gpt-4o", "<unspecified span name>");
    assertThat(exported.getFinishedSpanItems()).isEmpty();
  }

  @Test
  void aSampledSpanKeepsTheDelegatesDecisionAndAttributes() {
    Sampler wrapped = CostPreservingSampler.wrap(ConversationSampler.create(1.0));
    assertThat(CostPreservingSampler.wrap(wrapped)).isSameAs(wrapped);
    start(wrapped);

    try (ConversationContext c = ConversationContext.builder("conv-1").start()) {
      Span s = sdk.getTracer("t").spanBuilder("op").startSpan();
      s.end();
    }
    SpanData s = exported.getFinishedSpanItems().get(0);
    assertThat(s.getAttributes().get(GenAiAttributes.SAMPLING_RATIO)).isEqualTo(1.0);
    assertThat(wrapped.getDescription())
        .startsWith("CostPreservingSampler{ConversationSampler{ratio=1.000000");
  }

  /** The calls made and what they cost, computed from the tokens and prices alone. */
  private static final class Truth {
    int calls;
    double totalUsd;
    final Map<String, Double> byWorkflow = new HashMap<>();
    final Map<String, Double> scopeTotals = new HashMap<>();

    double add(String model, long in, long out, String workflowId) {
      ModelPricing p = PRICING.get(model);
      double cost = (in * p.input() + out * p.output()) / 1_000_000;
      calls++;
      totalUsd += cost;
      if (workflowId != null) {
        byWorkflow.merge(workflowId, cost, Double::sum);
      }
      return cost;
    }
  }

  /**
   * Three kinds of calls: an instrumentation's span that names its operation at start (as
   * OpenTelemetry's GenAI instrumentations do), a span named and described only when it ends (as
   * Spring AI's through Micrometer's bridge), and this library's observed calls; in workflows, and
   * outside every scope.
   */
  private Truth runCalls() {
    Truth truth = new Truth();
    Random random = new Random(42);
    Tracer tracer = sdk.getTracer("instrumentation");
    for (int w = 0; w < WORKFLOWS; w++) {
      String workflowId = "wf-" + w;
      WorkflowContext wf =
          WorkflowContext.builder(workflowId).type("rag").openTelemetry(sdk).start();
      try {
        for (int i = 0; i < CALLS_PER_WORKFLOW; i++) {
          String model = MODELS[random.nextInt(MODELS.length)];
          long in = 1 + random.nextInt(5_000);
          long out = 1 + random.nextInt(2_000);
          truth.add(model, in, out, workflowId);
          switch (i % 3) {
            case 0:
              instrumentedCall(tracer, model, in, out);
              break;
            case 1:
              lateNamedCall(tracer, model, in, out);
              break;
            default:
              observedCall(model, in, out);
          }
        }
      } finally {
        wf.close();
      }
      truth.scopeTotals.put(workflowId, wf.totalCostUsd());
    }
    for (int i = 0; i < STANDALONE_CALLS; i++) {
      String model = MODELS[random.nextInt(MODELS.length)];
      long in = 1 + random.nextInt(5_000);
      long out = 1 + random.nextInt(2_000);
      truth.add(model, in, out, null);
      if (i % 2 == 0) {
        instrumentedCall(tracer, model, in, out);
      } else {
        observedCall(model, in, out);
      }
    }
    return truth;
  }

  private static void instrumentedCall(Tracer tracer, String model, long in, long out) {
    Span span =
        tracer
            .spanBuilder("chat " + model)
            .setAttribute(GenAiAttributes.OPERATION_NAME, "chat")
            .setAttribute(GenAiAttributes.REQUEST_MODEL, model)
            .startSpan();
    span.setAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, in);
    span.setAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, out);
    span.end();
  }

  /**
   * Like Micrometer's bridge, which Spring AI uses: an unnamed span with an explicit parent ({@code
   * parentSpan.storeInContext(Context.current())}), named and described only before it ends.
   */
  private static void lateNamedCall(Tracer tracer, String model, long in, long out) {
    Span span =
        tracer
            .spanBuilder("")
            .setParent(Span.current().storeInContext(Context.current()))
            .startSpan();
    try (Scope ignored = span.makeCurrent()) {
      span.updateName("chat " + model);
      span.setAttribute(GenAiAttributes.OPERATION_NAME, "chat");
      span.setAttribute(GenAiAttributes.REQUEST_MODEL, model);
      span.setAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, in);
      span.setAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, out);
    } finally {
      span.end();
    }
  }

  private void observedCall(String model, long in, long out) {
    GenAiObservation.llm("chat")
        .openTelemetry(sdk)
        .model(model)
        .captureInput(false)
        .captureOutput(false)
        .get(() -> ResponseInfo.builder().responseModel(model).usage(Usage.of(in, out)).build());
  }

  private void start(Sampler sampler) {
    SdkMeterProvider meterProvider =
        SdkMeterProvider.builder().registerMetricReader(metrics).build();
    SdkTracerProvider tracerProvider =
        SdkTracerProvider.builder()
            .setSampler(sampler)
            .addSpanProcessor(
                Last9SpanProcessor.builder()
                    .pricing(PRICING)
                    .bundledCatalog(false)
                    .meterProvider(meterProvider)
                    .build())
            .addSpanProcessor(new RecordedSpans(recorded))
            .addSpanProcessor(SimpleSpanProcessor.create(exported))
            .build();
    sdk =
        OpenTelemetrySdk.builder()
            .setTracerProvider(tracerProvider)
            .setMeterProvider(meterProvider)
            .build();
  }

  private double costMetricSum() {
    double sum = 0;
    List<MetricData> all = new ArrayList<>(metrics.collectAllMetrics());
    for (MetricData m : all) {
      if (m.getName().equals("gen_ai.client.cost")) {
        for (DoublePointData p : m.getDoubleSumData().getPoints()) {
          sum += p.getValue();
        }
      }
    }
    return sum;
  }

  /** Sees every span that records, sampled or not (an exporter only sees the sampled ones). */
  private static final class RecordedSpans implements SpanProcessor {
    private final Queue<ReadableSpan> spans;

    RecordedSpans(Queue<ReadableSpan> spans) {
      this.spans = spans;
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
      return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
      spans.add(span);
    }

    @Override
    public boolean isEndRequired() {
      return true;
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
