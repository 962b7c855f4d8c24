/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.content;

/**
 * Rewrites captured content before it is put on a span: mask e-mail addresses, card numbers,
 * secrets. It is called once per text-bearing field of each message part, with the field's place
 * ({@link ContentField}: side, role, part type, field name), before the length cap cuts the value;
 * the values inside a tool call's arguments or response are passed one string at a time, so a
 * redactor cannot break their JSON. It also sees captured function arguments and exception
 * messages. A redactor that throws makes the whole attribute be dropped, never exported unredacted;
 * returning {@code null} drops that one value.
 *
 * <pre>{@code
 * ContentRedactor noSystemPrompts =
 *     (field, value) -> "system".equals(field.role()) ? "[system prompt]" : value;
 * }</pre>
 *
 * <p>{@link RedactionRules} are built-in redactors for e-mail addresses, phone numbers, card
 * numbers and API keys.
 */
@FunctionalInterface
public interface ContentRedactor {

  /** Which side of the call the content comes from. */
  enum Side {
    /** The call's input (prompt, system instructions, tool arguments). */
    INPUT,
    /** The call's output (completion, tool result). */
    OUTPUT,
    /**
     * The message of an exception the call threw, recorded on the error span (status, {@code
     * exception} event and stack trace): it often quotes the input.
     */
    ERROR
  }

  /** Returns the text to capture for {@code value} at {@code field}, or {@code null} to drop it. */
  String redact(ContentField field, String value);

  /** This redactor, then {@code next} on what it returned (a dropped value stays dropped). */
  default ContentRedactor andThen(ContentRedactor next) {
    return (field, value) -> {
      String v = redact(field, value);
      return v == null ? null : next.redact(field, v);
    };
  }

  /**
   * Adapts a redactor of the earlier single-string form, which saw only the side and one text.
   *
   * @deprecated implement {@link #redact(ContentField, String)}; this adapter is removed in the
   *     next release.
   */
  @Deprecated
  static ContentRedactor ofText(TextRedactor redactor) {
    return (field, value) -> redactor.redact(field.side(), value);
  }

  /**
   * The earlier single-string form of a redactor.
   *
   * @deprecated implement {@link ContentRedactor#redact(ContentField, String)}; removed in the next
   *     release.
   */
  @Deprecated
  @FunctionalInterface
  interface TextRedactor {
    /** Returns the text to capture, or {@code null} to capture nothing. */
    String redact(Side side, String content);
  }
}
