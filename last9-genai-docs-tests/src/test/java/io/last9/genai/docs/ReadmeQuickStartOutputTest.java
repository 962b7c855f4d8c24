/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.testing.FakeOpenAI;
import io.last9.genai.testing.OpenAITokens;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The root README's quick start, run against a loopback OpenAI fake that answers as the README's
 * console sample says (the demo server's first answer: 1,207 input and 63 output tokens of {@code
 * gpt-4o-2024-08-06}), prints that sample: the answer, then the span line, equal but for the
 * duration and the trace id, which differ on every run.
 */
class ReadmeQuickStartOutputTest {

  @TempDir Path work;

  @Test
  void theQuickStartPrintsTheConsoleSampleOfTheReadme() throws Exception {
    Path readme = ReadmeSnippetsTest.root().resolve("README.md");
    List<String> lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
    Snippet quickStart =
        Snippet.read(readme).stream()
            .filter(s -> s.code().contains("public class QuickStart"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no quick start in the README"));
    int text =
        lines.subList(quickStart.line(), lines.size()).indexOf("```text") + quickStart.line();
    assertThat(text)
        .as("the console sample after the quick start")
        .isGreaterThan(quickStart.line());
    String answer = lines.get(text + 1);
    String spanLine = lines.get(text + 2);
    assertThat(lines.get(text + 3)).isEqualTo("```");

    Path classes = Files.createDirectories(work.resolve("classes"));
    Path file = Files.createDirectories(work.resolve("src")).resolve("QuickStart.java");
    Files.writeString(file, quickStart.code(), StandardCharsets.UTF_8);
    ReadmeSnippetsTest.compile(quickStart, file, classes);

    String printed;
    try (FakeOpenAI openai = FakeOpenAI.start()) {
      openai.enqueue(
          FakeOpenAI.chatCompletion(
              "chatcmpl-quickstart", "gpt-4o-2024-08-06", answer, OpenAITokens.of(1_207, 63)));
      ProcessBuilder pb =
          new ProcessBuilder(
                  Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  classes + java.io.File.pathSeparator + ReadmeSnippetsTest.classpath(),
                  "QuickStart")
              .redirectErrorStream(true);
      pb.environment().put("OPENAI_BASE_URL", openai.baseUrl());
      pb.environment().put("OPENAI_API_KEY", "sk-test");
      pb.environment().remove("OTEL_EXPORTER_OTLP_ENDPOINT");
      Process p = pb.start();
      printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as("exit value; it printed:%n%s", printed).isZero();
    }
    List<String> out = printed.lines().filter(l -> !l.isBlank()).toList();
    assertThat(out).as("what the quick start printed").contains(answer);
    String actualSpan =
        out.stream()
            .filter(l -> l.startsWith("[last9-genai] chat gpt-4o "))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no span line in:\n" + printed));
    assertThat(variablePartsOut(actualSpan)).isEqualTo(variablePartsOut(spanLine));
  }

  /** The line without its duration and trace id. */
  private static String variablePartsOut(String spanLine) {
    return spanLine
        .replaceFirst(", [0-9]+ ms\\)", ", <n> ms)")
        .replaceFirst("trace=[0-9a-f]{8}", "trace=<id>");
  }
}
