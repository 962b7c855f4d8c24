/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.internal.setup.SettingNames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The core README's Configuration table is the one list of settings: each setting the reader knows
 * has exactly one row, with both its {@code otel.last9.genai.} and its {@code last9.genai.} name,
 * and each renamed one is listed with its former name.
 */
class SettingsTableTest {

  private static List<String> rows() throws IOException {
    String readme = Files.readString(Path.of("..", "last9-genai", "README.md"));
    String section = readme.substring(readme.indexOf("## Configuration"));
    section = section.substring(0, section.indexOf("\n## ", 3));
    return section.lines().filter(l -> l.startsWith("| ")).collect(Collectors.toList());
  }

  @Test
  void everySettingHasOneRowWithBothPrefixes() throws IOException {
    List<String> rows = rows();
    for (String name : SettingNames.SHARED) {
      String both = "| `otel.last9.genai." + name + "` | `last9.genai." + name + "` |";
      assertThat(rows).as(name).filteredOn(r -> r.startsWith(both)).hasSize(1);
    }
  }

  @Test
  void everyRenamedSettingIsListedWithItsNewName() throws IOException {
    List<String> rows = rows();
    SettingNames.renamed()
        .forEach(
            (name, formers) -> {
              for (String former : formers) {
                assertThat(rows)
                    .as(former)
                    .anyMatch(r -> r.contains(former + "`") && r.contains("`" + name + "`"));
              }
            });
  }
}
