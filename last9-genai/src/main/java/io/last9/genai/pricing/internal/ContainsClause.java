/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

/** {@code {"contains": "..."}}: the text contains the (lower-cased) part anywhere. */
record ContainsClause(String part) implements MatchClause {

  @Override
  public boolean matches(String lowerCaseText) {
    return lowerCaseText.contains(part);
  }
}
