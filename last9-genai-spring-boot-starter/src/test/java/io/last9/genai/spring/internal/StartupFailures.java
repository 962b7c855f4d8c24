/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.api.AbstractThrowableAssert;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;

/** The property a failed start-up names: Boot's failure report is built from this exception. */
final class StartupFailures {

  private StartupFailures() {}

  /**
   * Asserts the context failed because of an invalid property value, and returns an assert on that
   * exception.
   */
  static AbstractThrowableAssert<?, ? extends Throwable> invalidProperty(
      AssertableApplicationContext context) {
    assertThat(context).hasFailed();
    Throwable c = context.getStartupFailure();
    while (c != null && !(c instanceof InvalidConfigurationPropertyValueException)) {
      c = c.getCause();
    }
    assertThat(c)
        .as("an InvalidConfigurationPropertyValueException in " + context.getStartupFailure())
        .isNotNull();
    return assertThat(c);
  }
}
