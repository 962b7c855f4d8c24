/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import java.util.List;

/** {@code {"or": [...]}}: at least one of the nested clauses matches. */
record AnyOfClause(List<MatchClause> clauses) implements MatchClause {

  AnyOfClause {
    clauses = List.copyOf(clauses);
  }

  @Override
  public boolean matches(String lowerCaseText) {
    for (MatchClause clause : clauses) {
      if (clause.matches(lowerCaseText)) {
        return true;
      }
    }
    return false;
  }
}
