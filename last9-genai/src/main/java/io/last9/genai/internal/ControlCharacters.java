/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

/**
 * The characters that text from outside the process (an id received as Baggage or in a header, a
 * model name) must not bring into a span, a log line or the console, because they are invisible or
 * change how the text around them is shown: with them an id could break a log line in two, forge
 * one, or read as another id.
 *
 * <p>The set is decided by Unicode general category, as the running JDK's {@link Character} tables
 * classify each code point:
 *
 * <ul>
 *   <li>{@code Cc}, control: C0 and C1 controls and DEL (CR, LF, NUL, ESC, U+0085 NEXT LINE, ...);
 *   <li>{@code Cf}, format: bidirectional controls (U+061C, U+200E, U+200F, U+202A to U+202E,
 *       U+2066 to U+2069), zero-width characters (U+200B to U+200D, U+2060, U+FEFF), the soft
 *       hyphen, tag characters (U+E0001, U+E0020 to U+E007F), ...;
 *   <li>{@code Zl} and {@code Zp}, the line and paragraph separators U+2028 and U+2029;
 *   <li>a lone surrogate: half of a UTF-16 pair without its other half, which is no character at
 *       all.
 * </ul>
 *
 * <p>Ordinary spaces (category {@code Zs}), letters, digits, punctuation, symbols and emoji are not
 * in it. An emoji sequence joined by U+200D ZERO WIDTH JOINER (a {@code Cf}) is.
 *
 * <p>Internal, not for public use; it may change at any time.
 */
public final class ControlCharacters {

  private ControlCharacters() {}

  /** True when {@code codePoint} is one of the characters described above. */
  public static boolean isUnsafe(int codePoint) {
    if (codePoint < 0x7F) {
      return codePoint < 0x20; // the common case, without a table lookup
    }
    if (codePoint <= 0x9F) {
      return true; // DEL and the C1 controls
    }
    switch (Character.getType(codePoint)) {
      case Character.CONTROL:
      case Character.FORMAT:
      case Character.LINE_SEPARATOR:
      case Character.PARAGRAPH_SEPARATOR:
      case Character.SURROGATE:
        return true;
      default:
        return false;
    }
  }

  /** True when {@code text} holds one of the characters described above; false for null. */
  public static boolean containsAny(CharSequence text) {
    return text != null && indexOfFirst(text, 0) >= 0;
  }

  /**
   * {@code text} with every character described above escaped as {@code \\uXXXX} (each UTF-16 unit
   * of it); the same instance when there is none.
   */
  public static String escape(String text) {
    if (text == null) {
      return "null";
    }
    int i = indexOfFirst(text, 0);
    if (i < 0) {
      return text;
    }
    StringBuilder sb = new StringBuilder(text.length() + 16).append(text, 0, i);
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      int units = Character.charCount(cp);
      if (isUnsafe(cp)) {
        for (int k = 0; k < units; k++) {
          appendEscaped(sb, text.charAt(i + k));
        }
      } else {
        sb.append(text, i, i + units);
      }
      i += units;
    }
    return sb.toString();
  }

  /**
   * The index of the first character described above at or after {@code from}, or -1. A surrogate
   * pair is one code point: it is judged by the category of the character it encodes.
   */
  private static int indexOfFirst(CharSequence text, int from) {
    int n = text.length();
    int i = from;
    while (i < n) {
      char c = text.charAt(i);
      if (c >= 0x20 && c < 0x7F) {
        i++; // printable ASCII: most ids are nothing else
        continue;
      }
      int cp = Character.codePointAt(text, i);
      if (isUnsafe(cp)) {
        return i;
      }
      i += Character.charCount(cp);
    }
    return -1;
  }

  private static void appendEscaped(StringBuilder sb, char c) {
    String hex = Integer.toHexString(c);
    sb.append("\\u");
    for (int pad = hex.length(); pad < 4; pad++) {
      sb.append('0');
    }
    sb.append(hex);
  }
}
