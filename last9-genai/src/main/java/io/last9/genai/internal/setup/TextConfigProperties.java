/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal.setup;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;

/**
 * A {@link ConfigProperties} over a source that answers every scalar as text (Spring's environment,
 * a configuration file's entry): booleans and numbers are parsed from {@link #getString}, the way
 * OpenTelemetry's own properties are, so each adapter says only how it finds a value. A value that
 * does not parse fails with a {@link ConfigurationException} naming it, which {@link Settings}
 * turns into a message naming the setting as the user wrote it.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public abstract class TextConfigProperties implements ConfigProperties {

  @Override
  public Boolean getBoolean(String name) {
    String v = getString(name);
    return v == null ? null : Boolean.parseBoolean(v.trim());
  }

  @Override
  public Integer getInt(String name) {
    Long v = getLong(name);
    try {
      return v == null ? null : Math.toIntExact(v);
    } catch (ArithmeticException e) {
      throw invalid(name, String.valueOf(v));
    }
  }

  @Override
  public Long getLong(String name) {
    String v = getString(name);
    try {
      return v == null ? null : Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw invalid(name, v);
    }
  }

  @Override
  public Double getDouble(String name) {
    String v = getString(name);
    try {
      return v == null ? null : Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw invalid(name, v);
    }
  }

  private static ConfigurationException invalid(String name, String value) {
    return new ConfigurationException("Invalid value for property " + name + "=" + value);
  }
}
