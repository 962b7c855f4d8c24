/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import io.last9.genai.internal.setup.TextConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Spring's {@link Environment} seen as OpenTelemetry's {@link ConfigProperties}, so the library's
 * one settings reader serves Spring applications too. A name under {@code otel.last9.genai.} is
 * looked up first under {@code last9.genai.}, the prefix Spring users write, then as it is; every
 * other name as it is. Values go through Boot's {@link Binder}: relaxed names (environment
 * variables, camelCase), YAML lists and maps, and Boot's duration format all work as in any Boot
 * property.
 *
 * <p>A nested map (a model's prices in YAML) comes back flat, its keys joined with dots ({@code
 * gpt-4o.input}).
 */
final class SpringConfigProperties extends TextConfigProperties {

  static final String OTEL_PREFIX = "otel.last9.genai.";
  static final String SPRING_PREFIX = "last9.genai.";

  private final Binder binder;

  SpringConfigProperties(Environment environment) {
    this.binder = Binder.get(environment);
  }

  @Override
  public String getString(String name) {
    for (String n : names(name)) {
      String v = bind(n, () -> binder.bind(n, String.class).orElse(null));
      if (v != null) {
        return v;
      }
    }
    return null;
  }

  @Override
  public Duration getDuration(String name) {
    for (String n : names(name)) {
      Duration d = bind(n, () -> binder.bind(n, Duration.class).orElse(null));
      if (d != null) {
        return d;
      }
    }
    return null;
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

  private static List<String> names(String name) {
    if (name.startsWith(OTEL_PREFIX)) {
      return List.of(SPRING_PREFIX + name.substring(OTEL_PREFIX.length()), name);
    }
    return List.of(name);
  }

  private List<String> list(String name) {
    return bind(
        name,
        () ->
            binder
                .bind(name, Bindable.listOf(String.class))
                .orElse(Collections.emptyList())
                .stream()
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .collect(Collectors.toList()));
  }

  private Map<String, String> map(String name) {
    Map<String, Object> raw =
        bind(
            name,
            () ->
                binder
                    .bind(name, Bindable.mapOf(String.class, Object.class))
                    .orElse(Collections.emptyMap()));
    Map<String, String> flat = new LinkedHashMap<>();
    flatten("", raw, flat);
    return flat;
  }

  private static void flatten(String prefix, Map<?, ?> map, Map<String, String> out) {
    for (Map.Entry<?, ?> e : map.entrySet()) {
      String key = prefix.isEmpty() ? String.valueOf(e.getKey()) : prefix + "." + kebab(e.getKey());
      if (e.getValue() instanceof Map) {
        flatten(key, (Map<?, ?>) e.getValue(), out);
      } else if (e.getValue() != null) {
        out.put(key, String.valueOf(e.getValue()));
      }
    }
  }

  /** A nested field written camelCase in YAML ({@code cacheRead}) in its kebab form. */
  private static String kebab(Object key) {
    String k = String.valueOf(key);
    StringBuilder b = new StringBuilder(k.length() + 4);
    for (int i = 0; i < k.length(); i++) {
      char c = k.charAt(i);
      if (Character.isUpperCase(c)) {
        b.append('-').append(Character.toLowerCase(c));
      } else {
        b.append(c);
      }
    }
    return b.toString().toLowerCase(Locale.ROOT);
  }

  /** Binds, turning Boot's binding failure into the exception the settings reader expects. */
  private static <T> T bind(String name, Supplier<T> binding) {
    try {
      return binding.get();
    } catch (RuntimeException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new ConfigurationException(name + ": " + cause.getMessage(), e);
    }
  }
}
