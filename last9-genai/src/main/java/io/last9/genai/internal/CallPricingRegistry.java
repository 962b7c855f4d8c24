package io.last9.genai.internal;

import io.last9.genai.internal.pricing.PricingTable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The per-call pricing of spans that are open right now, by span id: an observed call's own span and the
 * instrumented GenAI spans inside it. An entry is put when such a span starts and removed when it ends; the map is
 * bounded, so spans that never end cannot grow it without limit.
 */
public final class CallPricingRegistry {

  private static final Logger logger = Logger.getLogger(CallPricingRegistry.class.getName());
  static final int MAX_OPEN = 100_000;
  private static final Map<String, PricingTable> open = new ConcurrentHashMap<>();

  private CallPricingRegistry() {}

  /** Records the pricing of an open span. */
  public static void put(String spanId, PricingTable pricing) {
    if (pricing == null || pricing.isEmpty()) {
      return;
    }
    if (open.size() >= MAX_OPEN) {
      OnceLogger.warn(logger, "call-pricing-full", Level.WARNING, MAX_OPEN
          + " spans with per-call pricing are open at once; newer ones use the processor's pricing", null);
      return;
    }
    open.put(spanId, pricing);
  }

  /** Removes and returns the pricing of an ending span, or {@code null}. */
  public static PricingTable remove(String spanId) {
    return open.isEmpty() ? null : open.remove(spanId);
  }

  /** The number of open entries. */
  public static int size() {
    return open.size();
  }
}
