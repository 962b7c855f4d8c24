/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing;

import java.util.Objects;
import java.util.Set;

/**
 * The result of pricing one usage.
 *
 * @param cost the USD cost
 * @param pricedModel the price entry that matched: the caller's map key, or the catalog's model id
 * @param source where the price came from, the value of {@code gen_ai.l9.cost.price_source}: {@code
 *     call:<model>} (per-call pricing), {@code custom:<model>} (the caller's map), {@code
 *     file:<file name>:<provider>/<model>} (a pricing file) or {@code
 *     genai-prices:<provider>/<model>@<yyyy-mm-dd>} (the catalog, bundled or fetched by the price
 *     updater, with the date of its data: see {@link PriceUpdates})
 * @param unpricedUsage components with a count that no price of the entry covers: the cost leaves
 *     them out
 * @param clampedUsage components whose counts were inconsistent (a part above its total) and were
 *     clamped
 * @param unreportedUsage components the usage did not report at all (not even as 0) although the
 *     entry bills them below the total they are part of: cache reads, when the entry's cache-read
 *     price is below its input price. Any such tokens were billed at the total's price, so the cost
 *     is an upper bound ({@link #isUpperBound()})
 */
public record CostEstimate(
    CostBreakdown cost,
    String pricedModel,
    String source,
    Set<UsageComponent> unpricedUsage,
    Set<UsageComponent> clampedUsage,
    Set<UsageComponent> unreportedUsage) {

  /** Checks and copies the sets. */
  public CostEstimate {
    Objects.requireNonNull(cost, "cost");
    unpricedUsage = Set.copyOf(unpricedUsage);
    clampedUsage = Set.copyOf(clampedUsage);
    unreportedUsage = Set.copyOf(unreportedUsage);
  }

  /** An estimate with nothing unreported. */
  public CostEstimate(
      CostBreakdown cost,
      String pricedModel,
      String source,
      Set<UsageComponent> unpricedUsage,
      Set<UsageComponent> clampedUsage) {
    this(cost, pricedModel, source, unpricedUsage, clampedUsage, Set.of());
  }

  /** An estimate in which every component was priced as given. */
  public CostEstimate(CostBreakdown cost, String pricedModel, String source) {
    this(cost, pricedModel, source, Set.of(), Set.of(), Set.of());
  }

  /** True when every counted component was priced, as given. */
  public boolean isComplete() {
    return unpricedUsage.isEmpty() && clampedUsage.isEmpty();
  }

  /**
   * True when the cost may be too high because the usage did not report a count that would have
   * lowered it ({@link #unreportedUsage()}).
   */
  public boolean isUpperBound() {
    return !unreportedUsage.isEmpty();
  }
}
