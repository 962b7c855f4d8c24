/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import io.last9.genai.pricing.CostBreakdown;

/**
 * The cost of one call's usage under one price set, with what could not be priced as given.
 *
 * @param cost the USD cost
 * @param unpricedMask bits ({@code UsageComponent} ordinals) of the components with a count that no
 *     price covered
 * @param clampedMask bits of the components whose counts were inconsistent and were clamped before
 *     pricing
 * @param unreportedMask bits of the components the usage did not report although the price set
 *     bills them below the total they are part of (cache reads): the cost is then an upper bound
 *     <p>Internal, not for public use: it may change at any time, without notice.
 */
public record PricedUsage(
    CostBreakdown cost, long unpricedMask, long clampedMask, long unreportedMask) {}
