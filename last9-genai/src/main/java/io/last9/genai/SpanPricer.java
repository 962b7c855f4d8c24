package io.last9.genai;

import io.last9.genai.internal.OnceLogger;
import io.last9.genai.internal.pricing.PricingTable;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Prices a span while it ends: any span that carries a model and token counts and no cost yet, whoever made it.
 * Which workflow the call counts in is the processor's business, not this class's.
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

  /**
   * Prices {@code span} when it is a model call (it carries a model and token counts or a cost), writing the cost
   * attributes or the unpriced marker and recording the cost metric. Returns what the enclosing workflow's totals
   * need, or {@code null} when the span is not a model call.
   */
  PricedCall price(ReadWriteSpan span, PricingTable callPricing) {
    // Pricing needs a model: any other span (HTTP, database, ...) leaves after these two reads.
    String requestModel = span.getAttribute(GenAiAttributes.REQUEST_MODEL);
    String responseModel = span.getAttribute(GenAiAttributes.RESPONSE_MODEL);
    if (requestModel == null && responseModel == null) {
      return null;
    }
    Long input = firstNonNull(span.getAttribute(GenAiAttributes.USAGE_INPUT_TOKENS),
        span.getAttribute(GenAiAttributes.USAGE_PROMPT_TOKENS));
    Long output = firstNonNull(span.getAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS),
        span.getAttribute(GenAiAttributes.USAGE_COMPLETION_TOKENS));
    Double existing = span.getAttribute(GenAiAttributes.USAGE_COST_USD);
    if (input == null && output == null && existing == null) {
      return null;
    }
    long in = input == null ? 0 : input;
    long out = output == null ? 0 : output;
    if (existing != null) {
      return new PricedCall(existing, in, out);
    }
    Usage usage = readUsage(span, in, out);
    String provider = firstNonNull(span.getAttribute(GenAiAttributes.PROVIDER_NAME),
        span.getAttribute(GenAiAttributes.SYSTEM));
    Instant startedAt = Instant.ofEpochMilli(System.currentTimeMillis() - span.getLatencyNanos() / 1_000_000);
    CostEstimate estimate =
        calculator.estimate(responseModel, requestModel, provider, usage, startedAt, callPricing);
    if (estimate == null) {
      span.setAttribute(GenAiAttributes.COST_UNPRICED, true);
      String model = responseModel != null ? responseModel : requestModel;
      OnceLogger.warnForValue(logger, "unpriced-model", model, Level.WARNING, "No price known for model '"
          + OnceLogger.shorten(model) + "': its spans carry no cost (marked gen_ai.l9.cost.unpriced). Add it "
          + "with Last9SpanProcessor.builder().pricing(...) or a pricing file.", null);
      return new PricedCall(0, in, out);
    }
    CostBreakdown c = estimate.cost();
    span.setAttribute(GenAiAttributes.USAGE_COST_USD, c.totalUsd());
    span.setAttribute(GenAiAttributes.USAGE_COST_INPUT_USD, c.inputUsd());
    span.setAttribute(GenAiAttributes.USAGE_COST_OUTPUT_USD, c.outputUsd());
    span.setAttribute(GenAiAttributes.COST_PRICE_SOURCE, estimate.source());
    metric.record(span, estimate, provider);
    return new PricedCall(c.totalUsd(), in, out);
  }

  /**
   * What one model call adds to its workflow's totals.
   *
   * @param costUsd the call's USD cost (0 when it could not be priced)
   * @param inputTokens all input tokens
   * @param outputTokens all output tokens
   */
  record PricedCall(double costUsd, long inputTokens, long outputTokens) {}

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

  private static long orZero(Long v) {
    return v == null || v < 0 ? 0 : v;
  }

  private static <T> T firstNonNull(T a, T b) {
    return a != null ? a : b;
  }
}
