/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import java.util.regex.Pattern;

/**
 * {@code {"regex": "..."}}: the pattern is found somewhere in the text ({@link
 * java.util.regex.Matcher#find()} semantics, like Python's {@code re.search}), case-insensitively.
 *
 * <p>A pricing file's pattern is compiled when the file is read, so a bad one is reported there. A
 * bundled one (checked when the build wrote the catalog) is compiled on its first match: a cold JVM
 * that prices a model matched before any regex clause never loads {@code java.util.regex}.
 */
final class RegexClause implements MatchClause {

  private final String source;
  // Single-check: two threads may both compile, and either result is the same pattern. Volatile
  // because Pattern's own fields are not final, so it must not be published through a race.
  private volatile Pattern pattern;

  private RegexClause(String source, Pattern pattern) {
    this.source = source;
    this.pattern = pattern;
  }

  /** A clause over a pattern already compiled (and so checked). */
  static RegexClause compiled(Pattern pattern) {
    return new RegexClause(pattern.pattern(), pattern);
  }

  /** A clause over a pattern known to compile, compiled on first use. */
  static RegexClause ofCheckedSource(String source) {
    return new RegexClause(source, null);
  }

  /** The pattern, compiled case-insensitively. */
  Pattern pattern() {
    Pattern p = pattern;
    if (p == null) {
      p = Pattern.compile(source, Pattern.CASE_INSENSITIVE);
      pattern = p;
    }
    return p;
  }

  @Override
  public boolean matches(String lowerCaseText) {
    return pattern().matcher(lowerCaseText).find();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RegexClause other && other.source.equals(source);
  }

  @Override
  public int hashCode() {
    return source.hashCode();
  }

  @Override
  public String toString() {
    return "RegexClause[pattern=" + source + "]";
  }
}
