/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

/** {@code {"starts_with": "..."}}: the text starts with the (lower-cased) prefix. */
record StartsWithClause(String prefix) implements MatchClause {

  @Override
  public boolean matches(String lowerCaseText) {
    return lowerCaseText.startsWith(prefix);
  }
}
