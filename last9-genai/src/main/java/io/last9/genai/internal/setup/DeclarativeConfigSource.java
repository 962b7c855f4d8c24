/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal.setup;

import io.opentelemetry.api.incubator.config.DeclarativeConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One block of an OpenTelemetry declarative-configuration file, read as the {@link
 * ConfigProperties} that {@link Settings} asks, so a file-configured SDK has exactly the settings,
 * defaults and checks of every other set-up.
 *
 * <p>A setting's dotted name is a path of nested keys, each written the way the file format writes
 * keys, in snake_case: {@code limits.max-open-spans} is {@code limits: {max_open_spans: ...}} (the
 * kebab-case spelling is accepted too). A map setting ({@code pricing.models}) is a nested block
 * whose keys are taken as written, with deeper blocks flattened into dotted keys, as Spring's
 * binder does; a list is a YAML list or, like everywhere else, a comma-separated string. Scalars
 * keep their YAML type, so {@code enabled: false} and {@code enabled: "false"} read the same.
 *
 * <p>Only names under {@code root} are in the block; any other name reads as unset.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
final class DeclarativeConfigSource extends TextConfigProperties {

  /** Whether values can be asked their type first, so that no read of another type is logged. */
  private static final boolean TYPED = typeChecks();

  private final DeclarativeConfigProperties block;
  private final String root;

  /** {@code block} answering for the names under {@code root} ({@code otel.last9.genai.}). */
  DeclarativeConfigSource(DeclarativeConfigProperties block, String root) {
    this.block = block;
    this.root = root;
  }

  @Override
  public String getString(String name) {
    Leaf leaf = leaf(name);
    return leaf == null ? null : scalar(leaf.parent, leaf.key);
  }

  @Override
  public List<String> getList(String name) {
    Leaf leaf = leaf(name);
    if (leaf == null) {
      return Collections.emptyList();
    }
    List<String> list = scalarList(leaf.parent, leaf.key);
    if (list != null) {
      return list;
    }
    String v = scalar(leaf.parent, leaf.key);
    return v == null || v.isBlank() ? Collections.emptyList() : commaSeparated(v);
  }

  @Override
  public Map<String, String> getMap(String name) {
    Leaf leaf = leaf(name);
    if (leaf == null) {
      return Collections.emptyMap();
    }
    DeclarativeConfigProperties nested = structured(leaf.parent, leaf.key);
    Map<String, String> out = new LinkedHashMap<>();
    if (nested != null) {
      flatten(nested, "", out);
      return Collections.unmodifiableMap(out);
    }
    String v = scalar(leaf.parent, leaf.key);
    return v == null || v.isBlank() ? Collections.emptyMap() : keyValuePairs(name, v);
  }

  /** Where {@code name} sits: the block holding its last segment, or null when absent. */
  private Leaf leaf(String name) {
    if (!name.startsWith(root) || name.length() == root.length()) {
      return null;
    }
    String[] segments = name.substring(root.length()).split("\\.");
    DeclarativeConfigProperties node = block;
    for (int i = 0; i < segments.length - 1; i++) {
      node = structured(node, segments[i]);
      if (node == null) {
        return null;
      }
    }
    return new Leaf(node, segments[segments.length - 1]);
  }

  /** The file format's snake_case spelling of a setting segment, else the segment as written. */
  private static String keyOf(DeclarativeConfigProperties node, String segment) {
    String snake = segment.replace('-', '_');
    if (node.getPropertyKeys().contains(snake)) {
      return snake;
    }
    return node.getPropertyKeys().contains(segment) ? segment : null;
  }

  private static DeclarativeConfigProperties structured(
      DeclarativeConfigProperties node, String segment) {
    String key = keyOf(node, segment);
    if (key == null) {
      return null;
    }
    try {
      return node.getStructured(key);
    } catch (RuntimeException notABlock) {
      return null;
    }
  }

  private static List<String> scalarList(DeclarativeConfigProperties node, String segment) {
    String key = keyOf(node, segment);
    if (key == null) {
      return null;
    }
    try {
      return node.getScalarList(key, String.class);
    } catch (RuntimeException notAList) {
      return null;
    }
  }

  /** A scalar of any YAML type as text; null when absent or not a scalar. */
  private static String scalar(DeclarativeConfigProperties node, String segment) {
    String key = keyOf(node, segment);
    return key == null ? null : scalarAt(node, key);
  }

  private static String scalarAt(DeclarativeConfigProperties node, String key) {
    if (TYPED) {
      try {
        if (node.isString(key)) {
          return node.getString(key);
        }
        if (node.isBoolean(key)) {
          return String.valueOf(node.getBoolean(key));
        }
        if (node.isLong(key)) {
          return String.valueOf(node.getLong(key));
        }
        if (node.isDouble(key)) {
          return String.valueOf(node.getDouble(key));
        }
        return null;
      } catch (LinkageError olderImplementation) {
        // an implementation built before the type checks: ask by type below
      }
    }
    // the reader answers only in the value's own type (warning about each other type asked)
    String s = node.getString(key);
    if (s != null) {
      return s;
    }
    Boolean b = node.getBoolean(key);
    if (b != null) {
      return b.toString();
    }
    Long l = node.getLong(key);
    if (l != null) {
      return l.toString();
    }
    Double d = node.getDouble(key);
    return d == null ? null : d.toString();
  }

  /** Whether this OpenTelemetry's config properties say a value's type (1.68 and later). */
  private static boolean typeChecks() {
    try {
      DeclarativeConfigProperties.class.getMethod("isString", String.class);
      return true;
    } catch (NoSuchMethodException | RuntimeException e) {
      return false;
    }
  }

  private static void flatten(
      DeclarativeConfigProperties node, String prefix, Map<String, String> out) {
    for (String key : node.getPropertyKeys()) {
      String value = scalarAt(node, key);
      if (value != null) {
        out.put(prefix + key, value);
        continue;
      }
      DeclarativeConfigProperties nested;
      try {
        nested = node.getStructured(key);
      } catch (RuntimeException notABlock) {
        nested = null;
      }
      if (nested != null) {
        flatten(nested, prefix + key + ".", out);
      }
    }
  }

  private static final class Leaf {
    final DeclarativeConfigProperties parent;
    final String key;

    Leaf(DeclarativeConfigProperties parent, String key) {
      this.parent = parent;
      this.key = key;
    }
  }
}
