/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import java.util.List;

/** {@code {"and": [...]}}: every nested clause matches (an empty list matches everything). */
record AllOfClause(List<MatchClause> clauses) implements MatchClause {

  AllOfClause {
    clauses = List.copyOf(clauses);
  }

  @Override
  public boolean matches(String lowerCaseText) {
    for (MatchClause clause : clauses) {
      if (!clause.matches(lowerCaseText)) {
        return false;
      }
    }
    return true;
  }
}
