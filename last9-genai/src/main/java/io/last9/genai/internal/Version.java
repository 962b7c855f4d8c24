/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The library version, reported as the instrumentation scope version of the library's spans and
 * metric. It is written into {@code io/last9/genai/version.properties} from the pom when the jar is
 * built, so it cannot drift from the release.
 *
 * <p>Internal, not for public use; it may change at any time.
 */
public final class Version {

  /** This build's version, or {@code "unknown"} when the resource is missing (a repackaged jar). */
  public static final String VERSION = read();

  private Version() {}

  private static String read() {
    try (InputStream in = Version.class.getResourceAsStream("/io/last9/genai/version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version");
      return v == null || v.isBlank() || v.startsWith("${") ? "unknown" : v.trim();
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
