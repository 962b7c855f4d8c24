/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import java.util.Objects;

/** One model entry of a provider: the clause recognising its names and its prices. */
record CatalogModel(MatchClause match, CatalogPrice price) {

  CatalogModel {
    Objects.requireNonNull(match, "match");
    Objects.requireNonNull(price, "price");
  }
}
