/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The custom attributes a scope builder collects; keys are checked, values kept as strings. A value
 * whose {@code toString()} throws (a cyclic structure, say) is left out and reported once; it never
 * fails the caller.
 *
 * <p>Internal, not for public use; it may change at any time.
 */
public final class CustomAttributes {

  private static final Logger logger = Logger.getLogger(CustomAttributes.class.getName());

  /** Owner-less: what goes wrong here is the application's or the JVM's, not one SDK set-up's. */
  private static final OnceLogger warnings = new OnceLogger(logger);

  private final Map<String, String> values = new LinkedHashMap<>();

  /** Adds one attribute; a blank key is rejected, a null value removes the key from this scope. */
  public void put(String key, Object value) {
    Checks.requireId(key, "attribute key");
    if (value == null) {
      values.remove(key);
    } else {
      String text;
      try {
        text = String.valueOf(value);
      } catch (Throwable t) {
        Throwables.rethrowIfFatal(t);
        warnings.warn(
            "custom-attribute-value",
            Level.WARNING,
            "a custom attribute value's toString() " + "failed; the attribute is left out",
            t);
        return;
      }
      values.put(key, text);
    }
  }

  /** Adds every entry of {@code attributes}. */
  public void putAll(Map<String, ?> attributes) {
    if (attributes != null) {
      attributes.forEach(this::put);
    }
  }

  /** The attributes collected so far, in insertion order. */
  public Map<String, String> values() {
    return values;
  }
}
