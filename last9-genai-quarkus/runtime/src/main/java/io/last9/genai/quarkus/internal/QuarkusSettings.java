/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.quarkus.internal;

import io.last9.genai.internal.setup.Settings;

/**
 * The library's settings as this Quarkus application configures them ({@code
 * quarkus.last9.genai.*}), a bean so that every part of the extension reads the same ones.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class QuarkusSettings {

  private final Settings settings;

  QuarkusSettings(Settings settings) {
    this.settings = settings;
  }

  /** The settings. */
  public Settings settings() {
    return settings;
  }
}
