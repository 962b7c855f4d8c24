/**
 * USD cost from token usage: {@link io.last9.genai.pricing.CostCalculator} prices {@link
 * io.last9.genai.pricing.Usage} from the caller's {@link io.last9.genai.pricing.ModelPricing}, from
 * pricing files and from the bundled catalog, which {@link io.last9.genai.pricing.PriceUpdates} can
 * keep current. {@link io.last9.genai.pricing.CostMetricSink} receives the cost metric.
 */
package io.last9.genai.pricing;
