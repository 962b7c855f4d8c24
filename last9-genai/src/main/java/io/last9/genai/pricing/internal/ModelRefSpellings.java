/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The spellings of a model reference that model resolution tries, in order: the reference as given;
 * without its provider prefix ({@code openai/gpt-4o} to {@code gpt-4o}); without a Vertex AI
 * version suffix ({@code claude-sonnet-4-5@20250929} to {@code claude-sonnet-4-5}); without a
 * trailing date ({@code -YYYY-MM-DD} or {@code -YYYYMMDD}, e.g. {@code gpt-4o-2024-08-06} to {@code
 * gpt-4o}). Each step applies to the result of the previous one; only the date itself is removed,
 * so {@code gpt-4o-mini-2024-07-18} becomes {@code gpt-4o-mini}, never {@code gpt-4o}.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class ModelRefSpellings {

  private ModelRefSpellings() {}

  /**
   * Lists the spellings to try, without duplicates.
   *
   * @param ref the trimmed, lower-cased reference
   * @param withoutProviderPrefix the reference after its provider prefix, or null when it has none
   */
  public static List<String> of(String ref, String withoutProviderPrefix) {
    List<String> spellings = new ArrayList<>(4);
    spellings.add(ref);
    String current = ref;
    if (withoutProviderPrefix != null) {
      current = withoutProviderPrefix;
      addIfNew(spellings, current);
    }
    int at = current.indexOf('@');
    if (at > 0) {
      current = current.substring(0, at);
      addIfNew(spellings, current);
    }
    int date = dateSuffixStart(current);
    if (date > 0) {
      current = current.substring(0, date);
      addIfNew(spellings, current);
    }
    return spellings;
  }

  /**
   * Where a trailing {@code -YYYY-MM-DD} or {@code -YYYYMMDD} starts, or -1. Checked by hand, not
   * with a regular expression, because this runs on the first priced span of a cold JVM and {@code
   * java.util.regex} costs about 35 classes to load there.
   */
  static int dateSuffixStart(String s) {
    int n = s.length();
    if (n >= 11 && s.charAt(n - 11) == '-' && s.charAt(n - 6) == '-' && s.charAt(n - 3) == '-') {
      if (digits(s, n - 10, n - 6) && digits(s, n - 5, n - 3) && digits(s, n - 2, n)) {
        return n - 11;
      }
    }
    if (n >= 9 && s.charAt(n - 9) == '-' && digits(s, n - 8, n)) {
      return n - 9;
    }
    return -1;
  }

  private static boolean digits(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private static void addIfNew(List<String> spellings, String spelling) {
    if (!spelling.isEmpty() && !spellings.contains(spelling)) {
      spellings.add(spelling);
    }
  }
}
