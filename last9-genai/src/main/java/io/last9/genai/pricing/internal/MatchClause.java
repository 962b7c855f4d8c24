/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

/**
 * One clause of the genai-prices match language ({@code starts_with}, {@code ends_with}, {@code
 * contains}, {@code equals}, {@code regex}, {@code or}, {@code and}), used to recognise model names
 * and provider names.
 *
 * <p>Clauses are built once when a pricing file is loaded: their strings are lower-cased and their
 * regular expressions compiled at that time. {@link #matches(String)} must be given an already
 * lower-cased text.
 */
interface MatchClause {

  /**
   * Returns true when the clause accepts the text.
   *
   * @param lowerCaseText the reference to test, already trimmed and lower-cased with {@code
   *     Locale.ROOT}
   */
  boolean matches(String lowerCaseText);
}
