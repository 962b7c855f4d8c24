package io.last9.genai;

import io.last9.genai.internal.CallPricingRegistry;
import io.last9.genai.internal.ObservedFrame;
import io.last9.genai.internal.OnceLogger;
import io.last9.genai.internal.WorkflowRegistry;
import io.last9.genai.internal.WorkflowTotals;
import io.last9.genai.internal.cost.PricingTable;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Prices a span while it ends (CONTRACT section 5) and feeds the totals of its workflow. Runs on any span that
 * carries a model and token counts and no cost yet, whoever made it.
 */
final class SpanPricer {

  private static final Logger logger = Logger.getLogger(SpanPricer.class.getName());

  private final CostCalculator calculator;
  private final CostMetric metric;
  SpanPricer(CostCalculator calculator, CostMetric metric) {
    this.calculator = calculator;
    this.metric = metric;
  }

  /** True for a model inference span ({@code chat}, {@code text_completion}, {@code generate_content}). */
  static boolean isInferenceSpan(ReadableSpan span) {
    String op = span.getAttribute(GenAiAttributes.OPERATION_NAME);
    return op != null && (op.equals("chat") || op.equals("text_completion") || op.equals("generate_content"));
  }

  /** True for a span that represents a call to a model: an inference or an embeddings call. */
  static boolean isGenAiCall(ReadableSpan span) {
    String op = span.getAttribute(GenAiAttributes.OPERATION_NAME);
    return op != null && (op.equals("chat") || op.equals("text_completion") || op.equals("generate_content")
        || op.equals("embeddings"));
  }

  /** Lets an instrumented span inside an observed call be priced with that call's own pricing. */
  static void adoptCallPricing(ReadWriteSpan span, ObservedFrame frame) {
    CallPricingRegistry.put(span.getSpanContext().getSpanId(), frame.pricing());
  }

  void onEnding(ReadWriteSpan span) {
    PricingTable callPricing = CallPricingRegistry.remove(span.getSpanContext().getSpanId());
    // Pricing needs a model: any other span (HTTP, database, ...) leaves after these two reads, plus a third, to
    // count tool calls (semconv execute_tool, which this library's tool spans carry too), while a workflow is open.
    String requestModel = span.getAttribute(GenAiAttributes.REQUEST_MODEL);
    String responseModel = span.getAttribute(GenAiAttributes.RESPONSE_MODEL);
    if (requestModel == null && responseModel == null) {
      countToolCall(span);
      return;
    }
    Long input = firstNonNull(span.getAttribute(GenAiAttributes.USAGE_INPUT_TOKENS),
        span.getAttribute(GenAiAttributes.USAGE_PROMPT_TOKENS));
    Long output = firstNonNull(span.getAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS),
        span.getAttribute(GenAiAttributes.USAGE_COMPLETION_TOKENS));
    Double existing = span.getAttribute(GenAiAttributes.USAGE_COST_USD);
    if (input == null && output == null && existing == null) {
      countToolCall(span);
      return;
    }
    long in = input == null ? 0 : input;
    long out = output == null ? 0 : output;
    double cost;
    if (existing != null) {
      cost = existing;
    } else {
      Usage usage = readUsage(span, in, out);
      String provider = firstNonNull(span.getAttribute(GenAiAttributes.PROVIDER_NAME),
          span.getAttribute(GenAiAttributes.SYSTEM));
      Instant startedAt = Instant.ofEpochMilli(System.currentTimeMillis() - span.getLatencyNanos() / 1_000_000);
      CostEstimate estimate =
          calculator.estimate(responseModel, requestModel, provider, usage, startedAt, callPricing);
      if (estimate == null) {
        span.setAttribute(GenAiAttributes.COST_UNPRICED, true);
        String model = responseModel != null ? responseModel : requestModel;
        OnceLogger.warn(logger, "unpriced:" + model, Level.WARNING, "No price known for model '" + model
            + "': its spans carry no cost (marked gen_ai.l9.cost.unpriced). Add it with "
            + "Last9SpanProcessor.builder().pricing(...) or a pricing file.", null);
        cost = 0;
      } else {
        CostBreakdown c = estimate.cost();
        span.setAttribute(GenAiAttributes.USAGE_COST_USD, c.totalUsd());
        span.setAttribute(GenAiAttributes.USAGE_COST_INPUT_USD, c.inputUsd());
        span.setAttribute(GenAiAttributes.USAGE_COST_OUTPUT_USD, c.outputUsd());
        span.setAttribute(GenAiAttributes.COST_PRICE_SOURCE, estimate.source());
        metric.record(span, estimate, provider);
        cost = c.totalUsd();
      }
    }
    WorkflowTotals totals = workflowOf(span);
    if (totals != null) {
      totals.addLlmCall(cost, in, out);
      if (isToolSpan(span)) {
        // a tool that reports the usage of the model call it made is still a tool call
        totals.addToolCall();
      }
    }
  }

  private static Usage readUsage(ReadableSpan span, long in, long out) {
    return Usage.builder()
        .inputTokens(in)
        .outputTokens(out)
        .cacheReadInputTokens(orZero(span.getAttribute(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS)))
        .cacheCreationInputTokens(orZero(firstNonNull(
            span.getAttribute(GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS),
            span.getAttribute(GenAiAttributes.USAGE_CACHE_WRITE_INPUT_TOKENS))))
        .reasoningOutputTokens(orZero(span.getAttribute(GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS)))
        .build();
  }

  private static void countToolCall(ReadableSpan span) {
    if (!WorkflowRegistry.isEmpty() && isToolSpan(span)) {
      WorkflowTotals totals = workflowOf(span);
      if (totals != null) {
        totals.addToolCall();
      }
    }
  }

  private static boolean isToolSpan(ReadableSpan span) {
    return "execute_tool".equals(span.getAttribute(GenAiAttributes.OPERATION_NAME));
  }

  private static WorkflowTotals workflowOf(ReadableSpan span) {
    String workflowId = span.getAttribute(GenAiAttributes.WORKFLOW_ID);
    return workflowId == null ? null : WorkflowRegistry.find(workflowId);
  }

  private static long orZero(Long v) {
    return v == null || v < 0 ? 0 : v;
  }

  private static <T> T firstNonNull(T a, T b) {
    return a != null ? a : b;
  }
}
