/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The BOM users import must align OpenTelemetry at the version the modules are built and tested
 * with; the BOM is not a child of the parent pom (importing it must not import our build), so the
 * version is written twice and this keeps the two equal.
 */
class VersionAlignmentTest {

  private static String property(Path pom, String name) throws IOException {
    String xml = Files.readString(pom, StandardCharsets.UTF_8);
    Matcher m =
        Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</" + Pattern.quote(name) + ">")
            .matcher(xml);
    assertThat(m.find()).as("%s in %s", name, pom).isTrue();
    return m.group(1).trim();
  }

  @Test
  void theBomAlignsTheOpenTelemetryTheBuildUses() throws IOException {
    String r = System.getProperty("snippets.root");
    Path root =
        (r == null || r.isBlank() ? Paths.get("..") : Paths.get(r)).toAbsolutePath().normalize();
    assertThat(property(root.resolve("bom/pom.xml"), "opentelemetry.version"))
        .isEqualTo(property(root.resolve("pom.xml"), "opentelemetry.version"));
  }
}
