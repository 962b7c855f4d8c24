/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

/** {@code {"ends_with": "..."}}: the text ends with the (lower-cased) suffix. */
record EndsWithClause(String suffix) implements MatchClause {

  @Override
  public boolean matches(String lowerCaseText) {
    return lowerCaseText.endsWith(suffix);
  }
}
