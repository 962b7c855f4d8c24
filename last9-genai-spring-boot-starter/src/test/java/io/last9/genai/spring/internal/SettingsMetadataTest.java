/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.internal.setup.SettingNames;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The IDE metadata Boot generates from {@code Last9GenAiProperties} names every setting the core's
 * reader reads, under {@code last9.genai.}, and marks each former spelling deprecated with its
 * replacement: the properties class and the reader cannot drift apart.
 */
class SettingsMetadataTest {

  private static String metadata() throws IOException {
    try (InputStream in =
        SettingsMetadataTest.class
            .getClassLoader()
            .getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
      assertThat(in).as("the generated configuration metadata").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void everySharedSettingHasItsSpringName() throws IOException {
    String json = metadata();
    for (String name : SettingNames.SHARED) {
      assertThat(json).as(name).contains("\"name\": \"last9.genai." + name + "\"");
    }
  }

  @Test
  void everyFormerSpellingIsDeprecatedInFavourOfItsNewName() throws IOException {
    String json = metadata();
    SettingNames.renamed()
        .forEach(
            (name, formers) -> {
              for (String former : formers) {
                if (former.contains(".arg")) {
                  continue; // an autoconfigure-only spelling: Spring never had it
                }
                Pattern entry =
                    Pattern.compile(
                        "\"name\": \"last9\\.genai\\."
                            + Pattern.quote(former)
                            + "\"(?:(?!\"name\").)*\"deprecated\": true(?:(?!\"name\").)*"
                            + "\"replacement\": \"last9\\.genai\\."
                            + Pattern.quote(name)
                            + "\"",
                        Pattern.DOTALL);
                assertThat(entry.matcher(json).find()).as(former + " -> " + name).isTrue();
              }
            });
  }
}
