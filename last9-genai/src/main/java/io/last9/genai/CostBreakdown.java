package io.last9.genai;

/**
 * The USD cost of one LLM call, split into its input side (plain, cache-read and cache-write input) and its output
 * side (output, reasoning included). No intermediate rounding is applied.
 *
 * @param inputUsd USD for all input tokens
 * @param outputUsd USD for all output tokens
 * @param totalUsd {@code inputUsd + outputUsd}, plus any per-request fee of the price entry
 */
public record CostBreakdown(double inputUsd, double outputUsd, double totalUsd) {

  /** A cost from its two sides, with no per-request fee. */
  public static CostBreakdown of(double inputUsd, double outputUsd) {
    return new CostBreakdown(inputUsd, outputUsd, inputUsd + outputUsd);
  }
}
