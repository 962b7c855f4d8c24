/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal.setup;

import io.last9.genai.internal.BooleanValues;
import io.last9.genai.internal.OnceLogger;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one reader of the library's settings. Every set-up (OpenTelemetry's autoconfigure, the Java
 * agent, the Spring Boot starter) hands it a {@link ConfigProperties} and asks for settings by
 * their name without prefix ({@code cost.enabled}); the reader looks the name up as {@code
 * otel.last9.genai.<name>}, and a set-up whose users write another prefix ({@code last9.genai.} in
 * a Spring application) adapts its own configuration source to that. A setting read under a name
 * that was renamed is still honoured, with one warning that names the new spelling.
 *
 * <p>A value that cannot be read fails with a {@link ConfigurationException} that names the
 * property as the user wrote it (with the set-up's prefix), its value and the reason; its cause, a
 * {@link SettingException}, holds those parts so each set-up can report them its own way.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class Settings {

  /** The prefix under which {@link ConfigProperties} is asked. */
  public static final String PREFIX = "otel.last9.genai.";

  private static final Logger logger = Logger.getLogger(Settings.class.getName());

  /**
   * Owner-less: a renamed setting is the application's configuration, whichever set-up reads it.
   */
  private static final OnceLogger renamedWarnings = new OnceLogger(logger);

  private final ConfigProperties config;
  private final UnaryOperator<String> shown;
  private final Function<String, Path> files;
  private final OnceLogger warnings;

  Settings(
      ConfigProperties config,
      UnaryOperator<String> shown,
      Function<String, Path> files,
      OnceLogger warnings) {
    this.config = config;
    this.shown = shown;
    this.files = files;
    this.warnings = warnings;
  }

  /** Settings read from {@code config}, named {@code otel.last9.genai.*} in messages. */
  public static Settings of(ConfigProperties config) {
    return new Settings(config, name -> PREFIX + name, Paths::get, renamedWarnings);
  }

  /**
   * Settings read from {@code config}, named with {@code shownPrefix} in messages; {@code files}
   * turns a configured file location into a file (a Spring {@code classpath:} resource, say).
   */
  public static Settings of(
      ConfigProperties config, String shownPrefix, Function<String, Path> files) {
    return new Settings(config, name -> shownPrefix + name, files, renamedWarnings);
  }

  /**
   * Settings read from {@code config}, {@code shown} turning a setting's name into the property the
   * user wrote (a path in a configuration file, say) for messages.
   */
  public static Settings of(ConfigProperties config, UnaryOperator<String> shown) {
    return new Settings(config, shown, Paths::get, renamedWarnings);
  }

  /** The underlying configuration, for settings outside the library's prefix. */
  public ConfigProperties config() {
    return config;
  }

  /** The property as the user writes it: {@code name} under the set-up's prefix. */
  public String property(String name) {
    return shown.apply(name);
  }

  /** The raw value of {@code name}, or of a former spelling of it; {@code null} when unset. */
  public String string(String name) {
    return (String) find(name, STRING);
  }

  // What find reads. A switch rather than a function and a predicate per call site: each lambda
  // is a class the JVM spins at start-up, and the Java agent counts every class an extension adds.
  private static final int STRING = 0;
  private static final int LIST = 1;
  private static final int MAP = 2;
  private static final int DURATION = 3;

  /**
   * {@code name} read as {@code kind} under its own spelling, else under the first former spelling
   * that is set (warning once that it was renamed); {@code null} when none is set.
   */
  private Object find(String name, int kind) {
    Object value = read(name, PREFIX + name, kind);
    if (isSet(value)) {
      return value;
    }
    for (String former : SettingNames.formerSpellings(name)) {
      value = read(name, PREFIX + former, kind);
      if (isSet(value)) {
        warnings.warn(
            former,
            Level.WARNING,
            "last9-genai setting "
                + shown.apply(former)
                + " is renamed "
                + shown.apply(name)
                + "; the old name works for one more release",
            null);
        return value;
      }
    }
    return null;
  }

  /** {@code name} as a string, or {@code defaultValue} when unset or blank. */
  public String string(String name, String defaultValue) {
    String v = string(name);
    return v == null || v.isBlank() ? defaultValue : v;
  }

  /** A boolean in any of the usual spellings ({@code true}, {@code yes}, {@code on}, ...). */
  public boolean flag(String name, boolean defaultValue) {
    String v = string(name);
    if (v == null || v.isBlank()) {
      return defaultValue;
    }
    Boolean parsed = BooleanValues.parse(v);
    if (parsed == null) {
      throw invalid(name, v, "it must be a boolean (" + BooleanValues.SPELLINGS + ")");
    }
    return parsed;
  }

  /** A list (comma-separated, or a structured list where the source has them); empty when unset. */
  @SuppressWarnings("unchecked")
  public List<String> list(String name) {
    List<String> v = (List<String>) find(name, LIST);
    return v == null ? Collections.emptyList() : v;
  }

  /** A map of {@code key=value} pairs (or a structured map); empty when unset. */
  @SuppressWarnings("unchecked")
  public Map<String, String> map(String name) {
    Map<String, String> v = (Map<String, String>) find(name, MAP);
    return v == null ? Collections.emptyMap() : v;
  }

  /** A duration ({@code 500ms}, {@code 24h}, or a number of milliseconds). */
  public Duration duration(String name, Duration defaultValue) {
    Duration v = (Duration) find(name, DURATION);
    return v == null ? defaultValue : v;
  }

  /** A whole number. */
  public long longValue(String name, long defaultValue) {
    String v = string(name);
    if (v == null || v.isBlank()) {
      return defaultValue;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw invalid(name, v, "it must be a whole number");
    }
  }

  /** A number, or {@code null} when unset. */
  public Double number(String name) {
    String v = string(name);
    if (v == null || v.isBlank()) {
      return null;
    }
    try {
      return Double.parseDouble(v.trim());
    } catch (NumberFormatException e) {
      throw invalid(name, v, "it must be a number");
    }
  }

  /** A file named by {@code location}, as the set-up resolves it. */
  public Path file(String name, String location) {
    try {
      return files.apply(location);
    } catch (RuntimeException e) {
      if (SettingException.of(e) != null) {
        throw e;
      }
      throw invalid(name, location, e.getMessage());
    }
  }

  /** A failure naming {@code name} as the user wrote it, with its value and the reason. */
  public ConfigurationException invalid(String name, Object value, String reason) {
    SettingException parts = new SettingException(property(name), value, reason);
    return new ConfigurationException(parts.getMessage(), parts);
  }

  /**
   * A failure whose {@code message} already names the property (a check shared with a builder that
   * is told the property's name): the message is kept as it is.
   */
  public ConfigurationException refused(String name, Object value, String message) {
    SettingException parts = new SettingException(property(name), value, message, message);
    return new ConfigurationException(message, parts);
  }

  /** Reads property {@code full}; a refusal names setting {@code name} with the raw value. */
  private Object read(String name, String full, int kind) {
    if (kind == STRING) {
      return config.getString(full);
    }
    try {
      switch (kind) {
        case LIST:
          return config.getList(full);
        case MAP:
          return config.getMap(full);
        default:
          return config.getDuration(full);
      }
    } catch (RuntimeException e) {
      throw invalid(name, config.getString(full), e.getMessage());
    }
  }

  /** A value counts as set when present and, for a list or a map, not empty. */
  private static boolean isSet(Object value) {
    if (value instanceof List<?> l) {
      return !l.isEmpty();
    }
    if (value instanceof Map<?, ?> m) {
      return !m.isEmpty();
    }
    return value != null;
  }
}
