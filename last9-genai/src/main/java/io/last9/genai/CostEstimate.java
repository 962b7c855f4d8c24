package io.last9.genai;

/**
 * The result of pricing one usage.
 *
 * @param cost the USD cost
 * @param pricedModel the price entry that matched: the caller's map key, or the catalog's model id
 * @param source where the price came from: {@code custom:<model>}, {@code call:<model>}, {@code file:<name>} or
 *     {@code genai-prices}, the last two followed by {@code :<provider>/<model>}
 */
public record CostEstimate(CostBreakdown cost, String pricedModel, String source) {}
