/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing;

/**
 * The USD cost of one LLM call: its input side (every input count: text, cache reads and writes,
 * audio, images, video), its output side (every output count: text, reasoning, audio, images), and
 * the total, which adds the fees that belong to neither side (per request, per web search, per
 * second of audio...). No intermediate rounding is applied.
 *
 * @param inputUsd USD for all input counts
 * @param outputUsd USD for all output counts
 * @param totalUsd {@code inputUsd + outputUsd}, plus the per-request and per-use fees
 */
public record CostBreakdown(double inputUsd, double outputUsd, double totalUsd) {

  /** A cost from its two sides, with no other fee. */
  public static CostBreakdown of(double inputUsd, double outputUsd) {
    return new CostBreakdown(inputUsd, outputUsd, inputUsd + outputUsd);
  }
}
