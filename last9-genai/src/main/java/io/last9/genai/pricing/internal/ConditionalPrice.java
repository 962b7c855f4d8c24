/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import java.time.Instant;
import java.util.Objects;

/**
 * A {@link PriceSet} together with the constraint that says when it is in force; a null constraint
 * means always. A model whose {@code prices} is a plain object has a single unconstrained
 * conditional price.
 */
record ConditionalPrice(PriceConstraint constraint, PriceSet prices) {

  ConditionalPrice {
    Objects.requireNonNull(prices, "prices");
  }

  /** Returns true when the constraint is absent or in force at the instant. */
  boolean isActiveAt(Instant at) {
    return constraint == null || constraint.isActiveAt(at);
  }
}
