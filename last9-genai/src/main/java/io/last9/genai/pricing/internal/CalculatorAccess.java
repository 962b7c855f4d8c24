/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import io.last9.genai.pricing.CostCalculator;
import io.last9.genai.pricing.CostEstimate;
import java.time.Instant;

/**
 * The part of {@link CostCalculator} that pricing spans needs and that is not public API: pricing
 * by response and request model with per-call prices, and why a call found no price.
 *
 * <p>The calculator installs the one implementation from its static initializer, so the engine can
 * reach it across packages without widening the public class. Every caller already holds a
 * calculator, so the class is initialized by the time {@link #get()} runs.
 *
 * <p>This class is internal, not for public use. Its API can change at any time.
 */
public abstract class CalculatorAccess {

  /** Why a call got no price: {@code gen_ai.l9.cost.unpriced_reason}. */
  public static final String UNKNOWN_MODEL = "unknown_model";

  /**
   * The provider named on the span is not a provider of any catalog, and no caller price knows the
   * model.
   */
  public static final String UNKNOWN_PROVIDER = "unknown_provider";

  /**
   * The calculator's logger, named here as a constant so that code which may never make a
   * calculator can check its level without loading the calculator's class.
   */
  public static final String LOGGER_NAME = "io.last9.genai.pricing.CostCalculator";

  private static volatile CalculatorAccess instance;

  /** Called once, by {@link CostCalculator}'s static initializer. */
  public static void install(CalculatorAccess access) {
    instance = access;
  }

  /** The installed access. */
  public static CalculatorAccess get() {
    CalculatorAccess access = instance;
    if (access == null) {
      // a caller without a calculator instance: initialize the class, which installs the access
      try {
        Class.forName(CostCalculator.class.getName(), true, CostCalculator.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException(e);
      }
      access = instance;
    }
    return access;
  }

  /**
   * Prices a call named by its response and request models (response first), with optional per-call
   * pricing that comes before every other source; {@code null} when no source knows either model.
   */
  public abstract CostEstimate estimate(
      CostCalculator calculator,
      String responseModel,
      String requestModel,
      String provider,
      UsageReader usage,
      Instant at,
      PricingTable callPricing);

  /**
   * Why {@link #estimate} found no price: {@value #UNKNOWN_PROVIDER} when a provider is named and
   * no catalog knows it, else {@value #UNKNOWN_MODEL}.
   */
  public abstract String unpricedReason(CostCalculator calculator, String provider);

  /** The calculator's price updater, or null. */
  public abstract PriceUpdater priceUpdater(CostCalculator calculator);

  /**
   * Logs, at {@code CONFIG}, the start-up line of {@link CostCalculator#getDefault()}: which price
   * data is in force.
   */
  public abstract void logDefaultPriceData();
}
