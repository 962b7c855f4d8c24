/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

import java.util.Locale;

/**
 * Parses the booleans users write in configuration: {@code true}/{@code false}, {@code yes}/{@code
 * no}, {@code on}/{@code off}, {@code 1}/{@code 0}, {@code enabled}/{@code disabled}, in any case.
 * Anything else is not a boolean, so a typo is reported instead of silently meaning {@code false}.
 *
 * <p>Internal, not for public use; it may change at any time.
 */
public final class BooleanValues {

  /** The accepted spellings, for error messages. */
  public static final String SPELLINGS = "true/false, yes/no, on/off, 1/0, enabled/disabled";

  private BooleanValues() {}

  /** The boolean {@code value} spells, or null when it is not one of the accepted spellings. */
  public static Boolean parse(String value) {
    if (value == null) {
      return null;
    }
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "true":
      case "yes":
      case "on":
      case "1":
      case "enabled":
        return Boolean.TRUE;
      case "false":
      case "no":
      case "off":
      case "0":
      case "disabled":
        return Boolean.FALSE;
      default:
        return null;
    }
  }
}
