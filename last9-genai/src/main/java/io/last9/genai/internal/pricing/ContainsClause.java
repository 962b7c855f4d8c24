package io.last9.genai.internal.pricing;

/** {@code {"contains": "..."}}: the text contains the (lower-cased) part anywhere. */
record ContainsClause(String part) implements MatchClause {

  @Override
  public boolean matches(String lowerCaseText) {
    return lowerCaseText.contains(part);
  }
}
