/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal.setup;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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

  /**
   * OpenTelemetry's duration format ({@code 500ms}, {@code 10s}, {@code 1h}, {@code 2d}, a bare
   * number of milliseconds) and ISO-8601 ({@code PT10S}), as Quarkus and Spring also write them.
   */
  @Override
  public Duration getDuration(String name) {
    String v = getString(name);
    if (v == null || v.isBlank()) {
      return null;
    }
    String s = v.trim().toLowerCase(Locale.ROOT);
    try {
      if (s.startsWith("p")) {
        return Duration.parse(s.toUpperCase(Locale.ROOT));
      }
      int i = 0;
      while (i < s.length() && Character.isDigit(s.charAt(i))) {
        i++;
      }
      long n = Long.parseLong(s.substring(0, i));
      switch (s.substring(i).trim()) {
        case "":
        case "ms":
          return Duration.ofMillis(n);
        case "us":
          return Duration.ofNanos(n * 1000);
        case "ns":
          return Duration.ofNanos(n);
        case "s":
          return Duration.ofSeconds(n);
        case "m":
          return Duration.ofMinutes(n);
        case "h":
          return Duration.ofHours(n);
        case "d":
          return Duration.ofDays(n);
        default:
          break;
      }
    } catch (RuntimeException e) {
      // reported below
    }
    throw new ConfigurationException("Invalid duration property " + name + "=" + v);
  }

  /** A list written as one comma-separated value, its entries trimmed and blanks dropped. */
  protected static List<String> commaSeparated(String value) {
    List<String> out = new ArrayList<>();
    for (String part : value.split(",")) {
      if (!part.isBlank()) {
        out.add(part.trim());
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** A map written as one value of comma-separated {@code key=value} pairs. */
  protected static Map<String, String> keyValuePairs(String name, String value) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : value.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new ConfigurationException(
            "Invalid map property: " + name + "=" + value + " (expected key=value pairs)");
      }
      out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    return Collections.unmodifiableMap(out);
  }

  private static ConfigurationException invalid(String name, String value) {
    return new ConfigurationException("Invalid value for property " + name + "=" + value);
  }
}
