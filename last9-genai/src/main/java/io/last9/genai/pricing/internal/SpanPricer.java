/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import io.last9.genai.GenAiAttributes;
import io.last9.genai.GenAiSpanKind;
import io.last9.genai.internal.OnceLogger;
import io.last9.genai.internal.SpanUsage;
import io.last9.genai.pricing.CostBreakdown;
import io.last9.genai.pricing.CostCalculator;
import io.last9.genai.pricing.CostEstimate;
import io.last9.genai.pricing.UsageComponent;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Prices a span while it ends: any span that carries a model and token counts and no cost yet,
 * whoever made it. Which workflow the call counts in is the processor's business, not this class's.
 */
public final class SpanPricer {

  private static final Logger logger = Logger.getLogger(SpanPricer.class.getName());

  /** This instance's own reports: another set-up in the same JVM never silences them. */
  private final OnceLogger warnings = new OnceLogger(logger);

  /** Appended to a usage key to say why a cost is an upper bound. */
  private static final String NOT_REPORTED_SUFFIX = "_not_reported";

  private static final UsageComponent[] COMPONENTS = UsageComponent.values();

  private static final String[] NOT_REPORTED = notReportedReasons();

  /** What a model call with no usage adds to its workflow: the call, no cost, no tokens. */
  private static final PricedCall NO_USAGE_CALL = new PricedCall(0, 0, 0);

  private static final CalculatorAccess ACCESS = CalculatorAccess.get();

  private final CostCalculator calculator;
  private final CostMetric metric;

  public SpanPricer(CostCalculator calculator, CostMetric metric) {
    this.calculator = calculator;
    this.metric = metric;
  }

  /**
   * Prices {@code span}, a model call: it carries {@code requestModel} or {@code responseModel}
   * (the caller read them; at least one is not null) and token counts or a cost. Writes the cost
   * attributes or the unpriced marker and records the cost metric. Returns what the enclosing
   * workflow's totals need, or {@code null} when the span is not a model call after all. An
   * inference or embeddings span with a model and no usage is marked and counted as a call. {@code
   * kind} is the span's kind as the processor classified it, or {@code null}; {@code
   * inLocalWorkflow} is true when the span started inside a workflow scope of this process (see
   * {@link CostMetric}).
   */
  public PricedCall price(
      ReadWriteSpan span,
      String requestModel,
      String responseModel,
      PricingTable callPricing,
      GenAiSpanKind kind,
      boolean inLocalWorkflow) {
    // Read before this pricing writes the same markers. Only model calls in a workflow ask: the
    // question is whether the workflow's totals already have them.
    boolean countedBefore = inLocalWorkflow && wasPricedByLast9(span);
    PricedCall call =
        priceModelCall(span, requestModel, responseModel, callPricing, kind, inLocalWorkflow);
    return call != null && countedBefore ? call.asCountedBefore() : call;
  }

  /**
   * True when a processor of this library (another one on the same SDK, or the Java agent's copy
   * beside the application's) already priced or marked {@code span}: it also counted the span in
   * the workflow's totals, which travel with the context.
   */
  private static boolean wasPricedByLast9(ReadableSpan span) {
    return span.getAttribute(GenAiAttributes.COST_PRICE_SOURCE) != null
        || Boolean.TRUE.equals(span.getAttribute(GenAiAttributes.COST_UNPRICED));
  }

  private PricedCall priceModelCall(
      ReadWriteSpan span,
      String requestModel,
      String responseModel,
      PricingTable callPricing,
      GenAiSpanKind kind,
      boolean inLocalWorkflow) {
    // the semantic conventions' long attributes first: one lookup each on the common path
    long input = SpanCounts.readLong(span, SpanCounts.INPUT);
    if (input == SpanCounts.ABSENT) {
      input = SpanCounts.readLong(span, SpanCounts.PROMPT);
    }
    boolean longsOnly = input != SpanCounts.ABSENT;
    if (input == SpanCounts.ABSENT) {
      input = SpanCounts.readOtherTypes(span, SpanCounts.INPUT);
      if (input == SpanCounts.ABSENT) {
        input = SpanCounts.readOtherTypes(span, SpanCounts.PROMPT);
      }
    }
    long output = SpanCounts.read(span, SpanCounts.OUTPUT);
    if (output == SpanCounts.ABSENT) {
      output = SpanCounts.read(span, SpanCounts.COMPLETION);
    }
    Double existing = span.getAttribute(GenAiAttributes.USAGE_COST_USD);
    if (input == SpanCounts.ABSENT && output == SpanCounts.ABSENT && existing == null) {
      return markNoUsage(span, kind);
    }
    if (input == SpanCounts.INVALID || output == SpanCounts.INVALID) {
      markInvalid(span, responseModel, requestModel);
      return new PricedCall(0, Math.max(input, 0), Math.max(output, 0));
    }
    long in = Math.max(input, 0);
    long out = Math.max(output, 0);
    if (existing != null) {
      // a cost someone else computed; a non-finite or negative one is not added to any total
      return new PricedCall(Double.isFinite(existing) && existing >= 0 ? existing : 0, in, out);
    }
    String provider =
        firstNonNull(
            span.getAttribute(GenAiAttributes.PROVIDER_NAME),
            span.getAttribute(GenAiAttributes.SYSTEM));
    Instant startedAt =
        Instant.ofEpochMilli(System.currentTimeMillis() - span.getLatencyNanos() / 1_000_000);
    // an instrumentation that wrote its input total as a long wrote its details as longs
    SpanCounts counts = new SpanCounts(span, in, out, longsOnly);
    CostEstimate estimate =
        ACCESS.estimate(
            calculator, responseModel, requestModel, provider, counts, startedAt, callPricing);
    if (counts.invalid()) {
      markInvalid(span, responseModel, requestModel);
      return new PricedCall(0, in, out);
    }
    if (estimate == null) {
      span.setAttribute(GenAiAttributes.COST_UNPRICED, true);
      String reason = ACCESS.unpricedReason(calculator, provider);
      span.setAttribute(GenAiAttributes.COST_UNPRICED_REASON, reason);
      String model = responseModel != null ? responseModel : requestModel;
      if (CalculatorAccess.UNKNOWN_PROVIDER.equals(reason)) {
        if (warnings.firstForValue("unpriced-provider", provider, Level.WARNING)) {
          warnings.log(
              Level.WARNING,
              "No catalog knows provider '"
                  + OnceLogger.shorten(provider)
                  + "': its spans carry no cost (marked gen_ai.l9.cost.unpriced, reason "
                  + "unknown_provider); another provider's price is never used instead. Add the model with "
                  + "Last9SpanProcessor.builder().pricing(...) or a pricing file.",
              null);
        }
      } else {
        if (warnings.firstForValue("unpriced-model", model, Level.WARNING)) {
          warnings.log(
              Level.WARNING,
              "No price known for model '"
                  + OnceLogger.shorten(model)
                  + "': its spans carry no cost (marked gen_ai.l9.cost.unpriced). Add it "
                  + "with Last9SpanProcessor.builder().pricing(...) or a pricing file.",
              null);
        }
      }
      return new PricedCall(0, in, out);
    }
    CostBreakdown c = estimate.cost();
    // most important first: a span at the SDK's attribute limit keeps the keys written before it
    // filled up
    span.setAttribute(GenAiAttributes.USAGE_COST_USD, c.totalUsd());
    span.setAttribute(GenAiAttributes.COST_PRICE_SOURCE, estimate.source());
    span.setAttribute(GenAiAttributes.USAGE_COST_INPUT_USD, c.inputUsd());
    span.setAttribute(GenAiAttributes.USAGE_COST_OUTPUT_USD, c.outputUsd());
    if (span.getAttribute(GenAiAttributes.USAGE_COST_USD) == null) {
      // the workflow totals and the metric still get the cost: they do not read it back from the
      // span
      warnings.warn(
          "cost-attribute-dropped",
          Level.WARNING,
          "A priced span was already at the SDK's "
              + "attribute limit (SpanLimits.maxNumberOfAttributes), so its gen_ai.usage.cost_usd was dropped; raise "
              + "the limit (otel.span.attribute.count.limit) to keep costs on spans.",
          null);
    }
    if (!estimate.unpricedUsage().isEmpty()) {
      span.setAttribute(GenAiAttributes.COST_UNPRICED_USAGE, usageKeys(estimate.unpricedUsage()));
      if (warnings.firstForValue("unpriced-usage", estimate.pricedModel(), Level.WARNING)) {
        warnings.log(
            Level.WARNING,
            "The price of model '"
                + OnceLogger.shorten(estimate.pricedModel())
                + "' ("
                + OnceLogger.shorten(estimate.source())
                + ") has no price for "
                + usageKeys(estimate.unpricedUsage())
                + ": its spans' costs leave those out "
                + "(listed in gen_ai.l9.cost.unpriced_usage).",
            null);
      }
    }
    if (estimate.isUpperBound()) {
      // rare path: the scope is read only when a cache count is missing
      if (UncachedInputCounts.reportedBy(span.getInstrumentationScopeInfo(), provider)) {
        markLowerBound(span, estimate);
      } else {
        markUpperBound(span, estimate);
      }
    }
    if (!estimate.clampedUsage().isEmpty()) {
      span.setAttribute(GenAiAttributes.COST_CLAMPED_USAGE, usageKeys(estimate.clampedUsage()));
      warnings.warn(
          "clamped-usage",
          Level.WARNING,
          "A span's token counts were inconsistent (a part "
              + "larger than its total); they were clamped before pricing and the span lists them in "
              + "gen_ai.l9.cost.clamped_usage.",
          null);
    }
    metric.record(span, estimate, provider, kind, inLocalWorkflow);
    return new PricedCall(c.totalUsd(), in, out);
  }

  /**
   * A model call whose span names a model and carries no token count at all (a stream that did not
   * ask for its usage, or was closed before it came) cannot be priced: it is marked {@code
   * no_usage}, never priced at $0, and still counts as a call in its workflow (with no cost and no
   * tokens). A failed call (status ERROR), other spans that happen to name a model (a tool, a
   * chain), and an observed call whose tokens an instrumented span inside it carries, are left
   * alone.
   */
  private PricedCall markNoUsage(ReadWriteSpan span, GenAiSpanKind kind) {
    if (kind != GenAiSpanKind.LLM && kind != GenAiSpanKind.EMBEDDING) {
      return null;
    }
    if (Boolean.TRUE.equals(span.getAttribute(GenAiAttributes.COST_PRICED_BY_CHILD))) {
      return null;
    }
    if (span.getAttribute(GenAiAttributes.ERROR_TYPE) != null
        || span.toSpanData().getStatus().getStatusCode() == StatusCode.ERROR) {
      // a failed call: its error says why it has no usage, and it is not billed; as before, it is
      // neither marked nor counted (only this rare path copies the span to read its status)
      return null;
    }
    if (Boolean.TRUE.equals(span.getAttribute(GenAiAttributes.COST_UNPRICED))) {
      // already marked with its own reason (counts the response had that were not numbers)
      return NO_USAGE_CALL;
    }
    SpanUsage.markNoUsage(span);
    // a constant message: no string is built per span on this path
    warnings.warn(
        "no-usage",
        Level.INFO,
        "A model call reported no token usage (a stream that did not ask for it, or was closed "
            + "early): its span is not priced and is marked "
            + "gen_ai.l9.cost.unpriced_reason=no_usage. OpenAI streams send their usage only with "
            + "stream_options.include_usage=true.",
        null);
    return NO_USAGE_CALL;
  }

  /**
   * Says the cost is an upper bound, and why: the span reports no cache reads (not even 0), and the
   * entry bills cached input below the input price, so any cached tokens were billed in full.
   */
  private void markUpperBound(ReadWriteSpan span, CostEstimate estimate) {
    span.setAttribute(GenAiAttributes.COST_UPPER_BOUND, true);
    span.setAttribute(
        GenAiAttributes.COST_UPPER_BOUND_REASON, notReported(estimate.unreportedUsage()));
    if (warnings.firstForValue("cost-upper-bound", estimate.pricedModel(), Level.INFO)) {
      warnings.log(
          Level.INFO,
          "Spans of model '"
              + OnceLogger.shorten(estimate.pricedModel())
              + "' carry no cached-token count (gen_ai.usage.cache_read.input_tokens), so their input is "
              + "priced in full although cached input costs less: their cost is an upper bound (marked "
              + "gen_ai.l9.cost.upper_bound). The instrumentation that made them does not report cache reads.",
          null);
    }
  }

  /**
   * Says the cost is a lower bound, and why: the span's input count leaves out the prompt cache's
   * reads and writes, which it does not report, so whatever was cached is missing from the cost.
   */
  private void markLowerBound(ReadWriteSpan span, CostEstimate estimate) {
    span.setAttribute(GenAiAttributes.COST_LOWER_BOUND, true);
    span.setAttribute(GenAiAttributes.COST_LOWER_BOUND_REASON, "cache_tokens_not_reported");
    if (warnings.firstForValue("cost-lower-bound", estimate.pricedModel(), Level.INFO)) {
      warnings.log(
          Level.INFO,
          "Spans of model '"
              + OnceLogger.shorten(estimate.pricedModel())
              + "' count only the input outside the prompt cache and report no cache reads or "
              + "writes, so any cached input is missing from their cost: it is a lower bound (marked "
              + "gen_ai.l9.cost.lower_bound). The instrumentation that made them does not report them.",
          null);
    }
  }

  private void markInvalid(ReadWriteSpan span, String responseModel, String requestModel) {
    span.setAttribute(GenAiAttributes.COST_UNPRICED, true);
    span.setAttribute(GenAiAttributes.COST_UNPRICED_REASON, "invalid_usage");
    warnings.warn(
        "invalid-usage",
        Level.WARNING,
        "A span of model '"
            + OnceLogger.shorten(responseModel != null ? responseModel : requestModel)
            + "' has a token count that is "
            + "not a whole number from 0 to 10^12; it is not priced (marked gen_ai.l9.cost.unpriced_reason="
            + "invalid_usage).",
        null);
  }

  /** In the components' declared order, so that a span's list does not depend on a set's order. */
  private static List<String> usageKeys(Set<UsageComponent> components) {
    List<String> keys = new ArrayList<>(components.size());
    for (UsageComponent c : COMPONENTS) {
      if (components.contains(c)) {
        keys.add(c.usageKey());
      }
    }
    return keys;
  }

  /**
   * The upper-bound reason: the first unreported component's key and {@code _not_reported}, from a
   * table made once, because a priced span of an instrumentation that reports no cache reads
   * carries it every time.
   */
  private static String notReported(Set<UsageComponent> unreported) {
    for (UsageComponent c : COMPONENTS) {
      if (unreported.contains(c)) {
        return NOT_REPORTED[c.ordinal()];
      }
    }
    throw new IllegalArgumentException("no unreported usage");
  }

  private static String[] notReportedReasons() {
    String[] reasons = new String[COMPONENTS.length];
    for (UsageComponent c : COMPONENTS) {
      reasons[c.ordinal()] = c.usageKey().concat(NOT_REPORTED_SUFFIX);
    }
    return reasons;
  }

  /**
   * What one model call adds to its workflow's totals.
   *
   * @param costUsd the call's USD cost (0 when it could not be priced)
   * @param inputTokens all input tokens
   * @param outputTokens all output tokens
   * @param countedBefore true when another processor of this library priced the span first, and so
   *     already added it to the workflow's totals
   */
  public record PricedCall(
      double costUsd, long inputTokens, long outputTokens, boolean countedBefore) {

    PricedCall(double costUsd, long inputTokens, long outputTokens) {
      this(costUsd, inputTokens, outputTokens, false);
    }

    PricedCall asCountedBefore() {
      return new PricedCall(costUsd, inputTokens, outputTokens, true);
    }
  }

  private static <T> T firstNonNull(T a, T b) {
    return a != null ? a : b;
  }
}
