/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import java.util.regex.Pattern;

/**
 * {@code {"regex": "..."}}: the pattern is found somewhere in the text ({@link
 * java.util.regex.Matcher#find()} semantics, like Python's {@code re.search}). The pattern is
 * compiled case-insensitively at load time.
 */
record RegexClause(Pattern pattern) implements MatchClause {

  @Override
  public boolean matches(String lowerCaseText) {
    return pattern.matcher(lowerCaseText).find();
  }
}
