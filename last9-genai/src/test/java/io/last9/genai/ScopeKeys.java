/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import io.opentelemetry.api.common.AttributeKey;

/** Attribute keys used by the tests that the library builds dynamically. */
public final class ScopeKeys {

  private ScopeKeys() {}

  /** {@code custom.<key>}. */
  public static AttributeKey<String> custom(String key) {
    return AttributeKey.stringKey("custom." + key);
  }

  /** {@code metadata.<key>}. */
  public static AttributeKey<String> metadata(String key) {
    return AttributeKey.stringKey("metadata." + key);
  }
}
