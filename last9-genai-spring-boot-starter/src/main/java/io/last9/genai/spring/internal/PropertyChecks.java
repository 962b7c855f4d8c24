/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import java.util.function.Consumer;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

/**
 * Hands a configured value to a library builder and reports the builder's refusal as Boot's {@link
 * InvalidConfigurationPropertyValueException}, so the start-up failure names the property, its
 * value and the builder's reason.
 */
final class PropertyChecks {

  private PropertyChecks() {}

  /**
   * Passes {@code value} to {@code setter}; an {@link IllegalArgumentException} fails naming {@code
   * property}.
   */
  static <T> void set(String property, T value, Consumer<? super T> setter) {
    try {
      setter.accept(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidConfigurationPropertyValueException(property, value, e.getMessage());
    }
  }

  /** {@link #set}, when {@code value} is given. */
  static <T> void setIfPresent(String property, T value, Consumer<? super T> setter) {
    if (value != null) {
      set(property, value, setter);
    }
  }
}
