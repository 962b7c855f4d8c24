/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

/**
 * Rewrites captured content before it is put on a span: mask e-mail addresses, card numbers,
 * secrets. It runs before truncation, on input, output, captured arguments and exception messages
 * alike. A redactor that throws makes the content be dropped, never exported unredacted.
 */
@FunctionalInterface
public interface ContentRedactor {

  /** Which side of the call the content comes from. */
  enum Side {
    /** The call's input (prompt). */
    INPUT,
    /** The call's output (completion). */
    OUTPUT,
    /**
     * The message of an exception the call threw, recorded on the error span (status, {@code
     * exception} event and stack trace): it often quotes the input.
     */
    ERROR
  }

  /** Returns the text to capture, or {@code null} to capture nothing. */
  String redact(Side side, String content);
}
