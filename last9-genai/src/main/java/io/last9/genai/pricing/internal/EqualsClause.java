/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

/** {@code {"equals": "..."}}: the text equals the (lower-cased) value. */
record EqualsClause(String value) implements MatchClause {

  @Override
  public boolean matches(String lowerCaseText) {
    return lowerCaseText.equals(value);
  }
}
