/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal.setup;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;

/**
 * Why a setting cannot be used, as parts: the property as the user wrote it, the value and the
 * reason. It travels as the cause of the {@link ConfigurationException} that {@link
 * Settings#invalid} makes (that class is final), so autoconfigure reports the message and the
 * Spring starter rebuilds Boot's invalid-property failure from the parts.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class SettingException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String property;
  private final transient Object value;
  private final String reason;

  SettingException(String property, Object value, String reason) {
    this(property, value, reason, message(property, value, reason));
  }

  SettingException(String property, Object value, String reason, String message) {
    super(message, null, false, false);
    this.property = property;
    this.value = value;
    this.reason = reason;
  }

  static String message(String property, Object value, String reason) {
    return property + ": " + reason + (value == null ? "" : " (was '" + value + "')");
  }

  /** The parts of {@code failure}, when it is a setting's failure; else {@code null}. */
  public static SettingException of(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SettingException) {
        return (SettingException) t;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }

  /** The property, with the prefix the user wrote. */
  public String property() {
    return property;
  }

  /** The value that was refused, or {@code null}. */
  public Object value() {
    return value;
  }

  /** Why it was refused. */
  public String reason() {
    return reason;
  }
}
