/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.quarkus.internal;

import io.last9.genai.internal.setup.TextConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
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
public final class QuarkusConfigProperties extends TextConfigProperties {

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
    String v = raw(name);
    if (v != null) {
      return commaSeparated(v);
    }
    List<String> out = new ArrayList<>();
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
    String whole = raw(name);
    if (whole != null) {
      return keyValuePairs(name, whole);
    }
    Map<String, String> out = new LinkedHashMap<>();
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
