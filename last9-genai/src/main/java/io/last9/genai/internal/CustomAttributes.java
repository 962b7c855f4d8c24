package io.last9.genai.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/** The custom attributes a scope builder collects; keys are checked, values kept as strings. */
public final class CustomAttributes {

  private final Map<String, String> values = new LinkedHashMap<>();

  /** Adds one attribute; a blank key is rejected, a null value removes the key from this scope. */
  public void put(String key, Object value) {
    Checks.requireId(key, "attribute key");
    if (value == null) {
      values.remove(key);
    } else {
      values.put(key, String.valueOf(value));
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
