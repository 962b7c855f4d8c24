package io.last9.genai.internal.pricing;

import io.last9.genai.CostBreakdown;
import io.last9.genai.Usage;

/**
 * The text-token prices of one genai-prices {@code ModelPrice} object, in USD per million tokens, and the cost
 * formula that applies them.
 *
 * <p>Cost of a usage, with every price taken at the tier selected by the request's total input tokens
 * ({@link Usage#inputTokens()}, see {@link TieredPrice}):
 *
 * <pre>
 * input  = (uncached x input_mtok + cacheRead x cache_read_mtok + cacheCreation x cache_write_mtok) / 1e6
 * output = output_reasoning_mtok present
 *            ? ((output - reasoning) x output_mtok + reasoning x output_reasoning_mtok) / 1e6
 *            : output x output_mtok / 1e6
 * total  = input + output + requests_kcount / 1000 (when present: the fee of one request)
 * </pre>
 *
 * <p>A missing {@code input_mtok} or {@code output_mtok} counts as 0 (embedding models have no output price).
 *
 * <p><b>Deviation from genai-prices:</b> a missing {@code cache_read_mtok} or {@code cache_write_mtok} falls back to
 * the input price, so cached tokens are never silently free; genai-prices itself would price them at 0. All other
 * price keys of the file (audio, image, video, web searches, citations, 1-hour cache writes, ...) are accepted but
 * not used. No intermediate rounding is applied.
 */
final class PriceSet {

  private static final double PER_MILLION = 1_000_000d;
  private static final double REQUESTS_PER_KCOUNT = 1_000d;
  private static final TieredPrice FREE = TieredPrice.flat(0);

  private final TieredPrice input;
  private final TieredPrice cacheRead;
  private final TieredPrice cacheWrite;
  private final TieredPrice output;
  /** Null when the entry has no separate reasoning price (reasoning is then billed as output). */
  private final TieredPrice outputReasoning;
  /** USD per thousand requests, 0 when absent. */
  private final double requestsKcount;

  /**
   * Builds the set; any price may be null when the file does not give it.
   *
   * @param requestsKcount USD per thousand requests, or null
   */
  PriceSet(TieredPrice input, TieredPrice cacheRead, TieredPrice cacheWrite, TieredPrice output,
      TieredPrice outputReasoning, Double requestsKcount) {
    this.input = input == null ? FREE : input;
    this.cacheRead = cacheRead == null ? this.input : cacheRead;
    this.cacheWrite = cacheWrite == null ? this.input : cacheWrite;
    this.output = output == null ? FREE : output;
    this.outputReasoning = outputReasoning;
    this.requestsKcount = requestsKcount == null ? 0 : requestsKcount;
  }

  /** Prices one request's usage. */
  CostBreakdown cost(Usage usage) {
    long totalInput = usage.inputTokens();
    double in = (usage.uncachedInputTokens() * input.perMillion(totalInput)
        + usage.cacheReadInputTokens() * cacheRead.perMillion(totalInput)
        + usage.cacheCreationInputTokens() * cacheWrite.perMillion(totalInput)) / PER_MILLION;
    double out;
    if (outputReasoning == null) {
      out = usage.outputTokens() * output.perMillion(totalInput) / PER_MILLION;
    } else {
      long reasoning = Math.min(usage.reasoningOutputTokens(), usage.outputTokens());
      out = ((usage.outputTokens() - reasoning) * output.perMillion(totalInput)
          + reasoning * outputReasoning.perMillion(totalInput)) / PER_MILLION;
    }
    return new CostBreakdown(in, out, in + out + requestsKcount / REQUESTS_PER_KCOUNT);
  }

  @Override
  public String toString() {
    return "PriceSet{input=" + input + ", cacheRead=" + cacheRead + ", cacheWrite=" + cacheWrite + ", output="
        + output + (outputReasoning == null ? "" : ", outputReasoning=" + outputReasoning)
        + (requestsKcount == 0 ? "" : ", requestsKcount=" + requestsKcount) + '}';
  }
}
