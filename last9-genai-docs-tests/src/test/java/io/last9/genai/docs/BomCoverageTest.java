/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every published artifact is managed by the BOM, so an application that imports it names none of
 * our versions: a module is published when its API is guarded (it declares japicmp), and a Quarkus
 * extension's runtime brings its deployment artifact, which Quarkus resolves through the
 * application's dependency management.
 */
class BomCoverageTest {

  private static final Pattern ARTIFACT_ID = Pattern.compile("<artifactId>([^<]+)</artifactId>");

  private static Path root() {
    String r = System.getProperty("snippets.root");
    return (r == null || r.isBlank() ? Paths.get("..") : Paths.get(r)).toAbsolutePath().normalize();
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The project's own artifactId: the first one outside the parent element. */
  private static String artifactId(String pom) {
    Matcher m = ARTIFACT_ID.matcher(pom.replaceFirst("(?s)<parent>.*?</parent>", ""));
    assertThat(m.find()).isTrue();
    return m.group(1);
  }

  @Test
  void everyPublishedArtifactIsInTheBom() throws IOException {
    Set<String> published = new TreeSet<>();
    try (Stream<Path> poms = Files.walk(root(), 3)) {
      poms.filter(p -> p.getFileName().toString().equals("pom.xml"))
          .filter(p -> !p.toString().contains("/target/"))
          .map(BomCoverageTest::read)
          // (the parent poms configure the plugins for their modules; they publish no jar)
          .filter(pom -> !pom.contains("<packaging>pom</packaging>"))
          .forEach(
              pom -> {
                if (pom.contains("<artifactId>japicmp-maven-plugin</artifactId>")) {
                  published.add(artifactId(pom));
                }
                if (pom.contains("<goal>extension-descriptor</goal>")) {
                  published.add(artifactId(pom));
                  published.add(artifactId(pom) + "-deployment");
                }
              });
    }
    String bom = read(root().resolve("bom/pom.xml"));
    List<String> managed = new ArrayList<>();
    Matcher m = ARTIFACT_ID.matcher(bom);
    while (m.find()) {
      managed.add(m.group(1));
    }

    assertThat(published)
        .contains("last9-genai", "last9-genai-kotlin", "last9-genai-quarkus-deployment");
    assertThat(managed).containsAll(published);
  }
}
