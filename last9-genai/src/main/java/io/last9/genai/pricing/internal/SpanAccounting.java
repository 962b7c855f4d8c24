/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import io.last9.genai.GenAiAttributes;
import io.last9.genai.GenAiSpanKind;
import io.last9.genai.Last9Limits;
import io.last9.genai.internal.OpenSpanTable;
import io.last9.genai.internal.ScopeState;
import io.last9.genai.internal.SpanClassifier;
import io.last9.genai.internal.WorkflowTotals;
import io.last9.genai.observe.internal.ObservationRun;
import io.last9.genai.pricing.CostCalculator;
import io.last9.genai.pricing.CostMetricSink;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import java.lang.ref.WeakReference;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The processor's accounting: what a span's end will need to be priced and counted (its workflow's
 * totals, the per-call prices of the observed call it runs in), and at the end the price, the cost
 * metric and the workflow totals, counted once even when a second processor of this library sees
 * the same span.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class SpanAccounting {

  /**
   * The tool span this thread last counted in a workflow, so that a second processor of this copy
   * of the library, which the SDK runs on the same thread in the same {@code end()}, does not count
   * it again: a tool span, unlike a model call, carries no pricing marker that would say so. Weak:
   * it keeps no ended span alive.
   */
  private static final ThreadLocal<WeakReference<ReadWriteSpan>> lastToolCounted =
      new ThreadLocal<>();

  private final boolean costTracking;

  /**
   * Made by the end of the first span that names a model rather than with the processor: under the
   * Java agent a processor is built before the application's {@code main}, where each class loaded
   * is also rewritten.
   */
  private volatile SpanPricer pricer;

  // what the pricer is made of; a null calculator is CostCalculator.getDefault()
  private final CostCalculator calculator;
  private final CostMetricSink sink;
  private final Supplier<MeterProvider> meterProvider;
  private final Last9Limits limits;

  /**
   * Accounting that prices with {@code calculator} (null: {@link CostCalculator#getDefault()}, made
   * when the first model call ends) and records the cost metric in {@code sink}, or when that is
   * null with {@code meterProvider}'s meters, within {@code limits}.
   */
  public SpanAccounting(
      CostCalculator calculator,
      CostMetricSink sink,
      Supplier<MeterProvider> meterProvider,
      Last9Limits limits,
      boolean costTracking) {
    this.calculator = calculator;
    this.sink = sink;
    this.meterProvider = meterProvider;
    this.limits = limits;
    this.costTracking = costTracking;
    // a calculator built for the processor said which price data is in force; the default one is
    // made by the first span priced, so it is said here, when asked for (reading the catalog's date
    // and size loads the pricer's classes)
    if (calculator == null
        && Logger.getLogger(CalculatorAccess.LOGGER_NAME).isLoggable(Level.CONFIG)) {
      CalculatorAccess.get().logDefaultPriceData();
    }
  }

  /**
   * The calculator spans are priced with: the one given, else {@link CostCalculator#getDefault()}.
   */
  public CostCalculator calculator() {
    return calculator != null ? calculator : CostCalculator.getDefault();
  }

  /** Whether the pricer has been made (for tests). */
  boolean pricerMade() {
    return pricer != null;
  }

  private SpanPricer pricer() {
    SpanPricer p = pricer;
    if (p != null) {
      return p;
    }
    synchronized (this) {
      p = pricer;
      if (p == null) {
        CostMetricSink s = sink != null ? sink : CostMetric.meterProviderSink(meterProvider);
        p = new SpanPricer(calculator(), new CostMetric(s, limits));
        pricer = p;
      }
      return p;
    }
  }

  /** The totals of the workflow a span started in, or {@code null} when none is kept. */
  public WorkflowTotals totalsAtStart(ScopeState state) {
    return costTracking && state != null ? state.workflowTotals() : null;
  }

  /**
   * The per-call prices a span started inside observed call {@code call} is priced with, or {@code
   * null}; a model call inside it tells the observed call that its own span need not price the
   * usage again.
   */
  public PricingTable callPricingAtStart(ReadWriteSpan span, ObservationRun call) {
    if (call == null) {
      return null;
    }
    if (!call.isStartingOwnSpan() && SpanClassifier.isGenAiCall(span)) {
      call.markInstrumentedChild();
    }
    return costTracking && !call.pricing().isEmpty() ? call.pricing() : null;
  }

  /**
   * Prices {@code span} (of kind {@code kind}, or {@code null}) and adds it to the totals of the
   * workflow it started in, when {@code noted} says which.
   */
  public void atEnd(ReadWriteSpan span, OpenSpanTable.Entry noted, GenAiSpanKind kind) {
    if (!costTracking) {
      return; // no totals are kept either
    }
    WorkflowTotals totals = noted == null ? null : noted.totals();
    // Pricing needs a model: any other span (HTTP, database, ...) leaves after these two reads, and
    // makes no pricer (a service whose spans are none of them never loads the pricer's classes).
    String requestModel = span.getAttribute(GenAiAttributes.REQUEST_MODEL);
    String responseModel = span.getAttribute(GenAiAttributes.RESPONSE_MODEL);
    // a span noted with totals started inside a local workflow: its workflow.type is the
    // service's own, not one received from outside (the cost metric keeps the two apart)
    SpanPricer.PricedCall call =
        requestModel == null && responseModel == null
            ? null
            : pricer()
                .price(
                    span,
                    requestModel,
                    responseModel,
                    noted == null ? null : noted.pricing(),
                    kind,
                    totals != null);
    if (totals == null) {
      return;
    }
    // Another processor of this library that priced the span first (on the same SDK, or the agent's
    // copy beside the application's) has counted it in the same totals, which travel with the
    // context. A model call carries the pricing markers that say so; a tool span that is no model
    // call is told apart by the thread that ends it (lastToolCounted).
    boolean late = false;
    if (call != null) {
      if (call.countedBefore()) {
        return;
      }
      late = totals.addLlmCall(call.costUsd(), call.inputTokens(), call.outputTokens());
    }
    if (kind == GenAiSpanKind.TOOL && firstToCount(span)) {
      // a tool that reports the usage of the model call it made is still a tool call
      late |= totals.addToolCall();
    }
    if (late) {
      // the workflow's span already carries its totals: say so where the cost is, not silently
      span.setAttribute(GenAiAttributes.WORKFLOW_ENDED_AFTER_CLOSE, true);
    }
  }

  /** Whether no other processor of this copy counted {@code span} in its workflow already. */
  private static boolean firstToCount(ReadWriteSpan span) {
    WeakReference<ReadWriteSpan> last = lastToolCounted.get();
    if (last != null && last.get() == span) {
      return false;
    }
    lastToolCounted.set(new WeakReference<>(span));
    return true;
  }
}
