package io.last9.genai.internal;

import io.last9.genai.ResponseInfo;
import io.last9.genai.internal.pricing.PricingTable;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;

/**
 * One observed call in progress, stored in the {@code Context} of the code it wraps. Spans started inside it find
 * it there: an instrumented GenAI span inside it marks it, so the observed span does not price the same tokens a
 * second time, and borrows its per-call pricing. The observe wrapper's own run object is the frame, so an observed
 * call allocates one object for both.
 */
public class ObservedFrame {

  private static final ContextKey<ObservedFrame> KEY = ContextKey.named("last9-genai-observed-frame");

  private final PricingTable pricing;
  private final Span span;
  private volatile boolean instrumentedChild;
  private ResponseInfo reported;

  protected ObservedFrame(PricingTable pricing, Span span) {
    this.pricing = pricing;
    this.span = span;
  }

  /** The observed call's span. */
  public Span span() {
    return span;
  }

  /** Merges what the code inside the call reported by hand; later reports win field by field. */
  public synchronized void report(ResponseInfo info) {
    reported = reported == null ? info : reported.overriddenBy(info);
  }

  /** What was reported by hand, or {@code null}. */
  public synchronized ResponseInfo reported() {
    return reported;
  }

  /** The frame of the innermost observed call in {@code context}, or {@code null}. */
  public static ObservedFrame fromContext(Context context) {
    return context.get(KEY);
  }

  /** Returns {@code context} with this frame in it. */
  public Context storeIn(Context context) {
    return context.with(KEY, this);
  }

  /** The per-call pricing, or {@code null}. */
  public PricingTable pricing() {
    return pricing;
  }

  /** Records that an instrumented GenAI span ran inside this call. */
  public void markInstrumentedChild() {
    instrumentedChild = true;
  }

  /** True when an instrumented GenAI span ran inside this call and carries its tokens. */
  public boolean hasInstrumentedChild() {
    return instrumentedChild;
  }
}
