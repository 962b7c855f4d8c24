/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

/**
 * Escapes control characters (CR, LF, NUL, ...) as {@code \\uXXXX}, so text that came from outside
 * (an id, a model name) can neither break a log or console line in two nor forge one.
 *
 * <p>Internal, not for public use; it may change at any time.
 */
public final class ControlCharacters {

  private ControlCharacters() {}

  /**
   * {@code text} with every ISO control character escaped; the same instance when there is none.
   */
  public static String escape(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder sb = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)) {
        if (sb == null) {
          sb = new StringBuilder(text.length() + 16).append(text, 0, i);
        }
        sb.append(String.format("\\u%04x", (int) c));
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? text : sb.toString();
  }
}
