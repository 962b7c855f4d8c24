/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.quarkus.internal;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;

/**
 * The application's MicroProfile configuration (Quarkus's {@code application.properties}, system
 * properties, environment variables, profiles) seen as OpenTelemetry's {@link ConfigProperties}, so
 * the library's one settings reader serves Quarkus applications too. A name under {@code
 * otel.last9.genai.} is looked up first under {@code quarkus.last9.genai.}, the prefix Quarkus
 * users write, then as it is; every other name as it is.
 *
 * <p>Lists are comma-separated or indexed ({@code files[0]}); a map is either one property of
 * {@code key=value} pairs or one property per key ({@code pricing.models.gpt-4o=2.50/10.00}, {@code
 * pricing.models."gpt-4.1".input=2.00}), a quoted key losing its quotes.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class QuarkusConfigProperties implements ConfigProperties {

  static final String OTEL_PREFIX = "otel.last9.genai.";

  /** The prefix Quarkus users write. */
  public static final String QUARKUS_PREFIX = "quarkus.last9.genai.";

  private final Config config;

  public QuarkusConfigProperties(Config config) {
    this.config = config;
  }

  @Override
  public String getString(String name) {
    for (String n : names(name)) {
      String v = raw(n);
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  private String raw(String name) {
    try {
      Optional<String> v = config.getOptionalValue(name, String.class);
      return v.filter(s -> !s.isBlank()).orElse(null);
    } catch (RuntimeException e) {
      throw new ConfigurationException(name + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Boolean getBoolean(String name) {
    String v = getString(name);
    return v == null ? null : Boolean.parseBoolean(v.trim());
  }

  @Override
  public Integer getInt(String name) {
    Long v = getLong(name);
    return v == null ? null : Math.toIntExact(v);
  }

  @Override
  public Long getLong(String name) {
    String v = getString(name);
    try {
      return v == null ? null : Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new ConfigurationException("Invalid value for property " + name + "=" + v);
    }
  }

  @Override
  public Double getDouble(String name) {
    String v = getString(name);
    try {
      return v == null ? null : Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw new ConfigurationException("Invalid value for property " + name + "=" + v);
    }
  }

  /**
   * OpenTelemetry's duration format ({@code 500ms}, {@code 10s}, {@code 1h}, {@code 2d}, a bare
   * number of milliseconds) and, as Quarkus writes durations, ISO-8601 ({@code PT10S}).
   */
  @Override
  public Duration getDuration(String name) {
    String v = getString(name);
    if (v == null) {
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

  @Override
  public List<String> getList(String name) {
    for (String n : names(name)) {
      List<String> list = list(n);
      if (!list.isEmpty()) {
        return list;
      }
    }
    return Collections.emptyList();
  }

  private List<String> list(String name) {
    List<String> out = new ArrayList<>();
    String v = raw(name);
    if (v != null) {
      for (String part : v.split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
      return out;
    }
    for (int i = 0; ; i++) {
      String item = raw(name + "[" + i + "]");
      if (item == null) {
        return out;
      }
      out.add(item.trim());
    }
  }

  @Override
  public Map<String, String> getMap(String name) {
    for (String n : names(name)) {
      Map<String, String> map = map(n);
      if (!map.isEmpty()) {
        return map;
      }
    }
    return Collections.emptyMap();
  }

  private Map<String, String> map(String name) {
    Map<String, String> out = new LinkedHashMap<>();
    String whole = raw(name);
    if (whole != null) {
      for (String pair : whole.split(",")) {
        if (pair.isBlank()) {
          continue;
        }
        int eq = pair.indexOf('=');
        if (eq <= 0) {
          throw new ConfigurationException(
              "Invalid map property: " + name + "=" + whole + " (expected key=value pairs)");
        }
        out.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
      }
      return out;
    }
    String prefix = name + ".";
    for (String property : config.getPropertyNames()) {
      if (property.startsWith(prefix) && property.length() > prefix.length()) {
        String v = raw(property);
        if (v != null) {
          out.put(unquote(property.substring(prefix.length())), v.trim());
        }
      }
    }
    return out;
  }

  /** A key with quoted segments ({@code "gpt-4.1".input}) as plain dotted text. */
  private static String unquote(String key) {
    return key.indexOf('"') < 0 ? key : key.replace("\"", "");
  }

  private static List<String> names(String name) {
    if (name.startsWith(OTEL_PREFIX)) {
      return List.of(QUARKUS_PREFIX + name.substring(OTEL_PREFIX.length()), name);
    }
    return List.of(name);
  }
}
