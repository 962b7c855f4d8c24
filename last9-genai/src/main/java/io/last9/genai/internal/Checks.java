/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

/**
 * Argument checks with messages that name the parameter.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class Checks {

  private Checks() {}

  /**
   * Rejects a null or blank id with an {@link IllegalArgumentException} naming {@code parameter}.
   */
  public static String requireId(String value, String parameter) {
    if (value == null) {
      throw new IllegalArgumentException(parameter + " must not be null");
    }
    if (value.isBlank()) {
      throw new IllegalArgumentException(parameter + " must not be blank");
    }
    return value;
  }

  /** Like {@link #requireId} but lets {@code null} through (an optional field left unset). */
  public static String optionalId(String value, String parameter) {
    if (value != null && value.isBlank()) {
      throw new IllegalArgumentException(parameter + " must not be blank");
    }
    return value;
  }

  /**
   * Rejects a negative {@code value} with an {@link IllegalArgumentException} naming {@code
   * parameter}.
   */
  public static int nonNegative(int value, String parameter) {
    if (value < 0) {
      throw new IllegalArgumentException(parameter + " must not be negative, was " + value);
    }
    return value;
  }
}
