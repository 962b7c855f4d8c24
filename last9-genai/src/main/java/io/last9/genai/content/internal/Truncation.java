/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.content.internal;

/**
 * Cuts one captured value to the length cap without leaving half a value that a redaction rule
 * would have masked whole: when the cut falls inside a word, the word is left out, and a trailing
 * run of digit groups (the first half of a spaced card or phone number) is left out too, so a rule
 * that runs later (the processor's) never sees a fragment it cannot recognise. It looks back at
 * most {@value #MAX_BACKOFF} characters, so a long token is still cut at the cap; a cut never
 * splits a surrogate pair.
 *
 * <p>Internal, not for public use; it may change at any time.
 */
public final class Truncation {

  static final int MAX_BACKOFF = 256;

  private Truncation() {}

  /** {@code text} cut to at most {@code maxLength} characters. */
  public static String cut(String text, int maxLength) {
    if (text.length() <= maxLength) {
      return text;
    }
    int end = maxLength;
    if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    int floor = Math.max(0, end - MAX_BACKOFF);
    int i = end;
    if (!Character.isWhitespace(text.charAt(end))) {
      while (i > floor && !Character.isWhitespace(text.charAt(i - 1))) {
        i--;
      }
      if (i == floor) {
        i = end; // no boundary near the cut: one long token, cut where the cap says
      }
    }
    int j = i;
    boolean digit = false;
    while (j > floor && isNumberPart(text.charAt(j - 1))) {
      digit |= Character.isDigit(text.charAt(j - 1));
      j--;
    }
    if (digit && (j > floor || floor == 0)) {
      i = j;
    }
    return text.substring(0, i);
  }

  private static boolean isNumberPart(char c) {
    return (c >= '0' && c <= '9')
        || c == ' '
        || c == '-'
        || c == '.'
        || c == '('
        || c == ')'
        || c == '+';
  }
}
