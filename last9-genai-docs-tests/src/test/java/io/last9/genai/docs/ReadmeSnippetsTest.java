/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.testing.FakeOpenAI;
import io.last9.genai.testing.OpenAITokens;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Java snippet of every README in the repository is compiled against the current build, and
 * the snippets that are programs of their own are run, with {@code OPENAI_BASE_URL} pointing at a
 * loopback OpenAI fake. A README that drifts from the code fails the build.
 */
class ReadmeSnippetsTest {

  /** What a fragment may use without importing it. */
  private static final List<String> FRAGMENT_IMPORTS =
      List.of(
          "io.last9.genai.*",
          "io.last9.genai.content.*",
          "io.last9.genai.observe.*",
          "io.last9.genai.pricing.*",
          "io.last9.genai.sampling.*",
          "io.last9.genai.turns.*",
          "io.opentelemetry.api.*",
          "io.opentelemetry.api.common.*",
          "io.opentelemetry.api.trace.*",
          "io.opentelemetry.context.*",
          "io.opentelemetry.sdk.*",
          "io.opentelemetry.sdk.trace.*",
          "io.opentelemetry.sdk.trace.export.*",
          "java.util.*",
          "java.util.function.*",
          "java.util.concurrent.*",
          "java.nio.file.*",
          "java.time.*");

  @TempDir Path work;

  static Path root() {
    String r = System.getProperty("snippets.root");
    return (r == null || r.isBlank() ? Paths.get("..") : Paths.get(r)).toAbsolutePath().normalize();
  }

  private static List<Path> readmes() throws IOException {
    try (Stream<Path> s = Files.walk(root(), 3)) {
      return s.filter(p -> p.getFileName().toString().equals("README.md"))
          .filter(
              p -> !p.toString().contains("/target/") && !p.toString().contains("/node_modules/"))
          .sorted()
          .collect(Collectors.toList());
    }
  }

  @TestFactory
  List<DynamicTest> everyJavaSnippetCompilesAndTheProgramsRun() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (Path readme : readmes()) {
      for (Snippet s : Snippet.read(readme)) {
        tests.add(DynamicTest.dynamicTest(s.toString(), () -> check(s)));
      }
    }
    assertThat(tests).as("README snippets found").isNotEmpty();
    return tests;
  }

  private void check(Snippet s) throws Exception {
    Path src = Files.createTempDirectory(work, "src");
    Path classes = Files.createTempDirectory(work, "classes");
    String className;
    Path file;
    if (s.isCompilationUnit()) {
      className = (s.packageName().isEmpty() ? "" : s.packageName() + ".") + s.typeName();
      file = src.resolve(s.typeName() + ".java");
      Files.writeString(file, s.code(), StandardCharsets.UTF_8);
    } else {
      className = "Snippet" + s.line();
      file = src.resolve(className + ".java");
      Files.writeString(file, wrap(s, className), StandardCharsets.UTF_8);
    }
    compile(s, file, classes);
    if (s.runs()) {
      run(s, className, classes);
    }
  }

  /** A fragment as a class: its imports hoisted, the rest as a method body (or as members). */
  static String wrap(Snippet s, String className) {
    StringBuilder imports = new StringBuilder();
    StringBuilder body = new StringBuilder();
    for (String line : s.code().split("\n", -1)) {
      if (line.startsWith("import ")) {
        imports.append(line).append('\n');
      } else {
        body.append("    ").append(line).append('\n');
      }
    }
    for (String imp : FRAGMENT_IMPORTS) {
      imports.append("import ").append(imp).append(";\n");
    }
    for (String imp : s.imports()) {
      imports.append("import ").append(imp).append(";\n");
    }
    String params = s.given().isEmpty() ? "" : String.join(", ", s.given().split("\\s*;\\s*"));
    String types = s.types().isEmpty() ? "" : "  " + s.types() + "\n";
    if (s.members()) {
      return imports + "\nclass " + className + " {\n" + body + types + "}\n";
    }
    return imports
        + "\nclass "
        + className
        + " {\n  @SuppressWarnings(\"unused\")\n  void snippet("
        + params
        + ") throws Exception {\n"
        + body
        + "  }\n"
        + types
        + "}\n";
  }

  static void compile(Snippet s, Path file, Path classes) throws IOException {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files =
        javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      List<String> options =
          List.of(
              "-classpath",
              classpath(),
              "-d",
              classes.toString(),
              "--release",
              "17",
              "-proc:none",
              "-Xlint:none");
      StringWriter out = new StringWriter();
      boolean ok =
          javac
              .getTask(
                  out, files, diagnostics, options, null, files.getJavaFileObjects(file.toFile()))
              .call();
      String errors =
          diagnostics.getDiagnostics().stream()
              .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
              .map(
                  d -> "line " + (d.getLineNumber() - offset(s)) + ": " + d.getMessage(Locale.ROOT))
              .collect(Collectors.joining("\n"));
      assertThat(ok).as("%s does not compile:%n%s%n%s", s, errors, Files.readString(file)).isTrue();
    }
  }

  /** How many lines the wrapper adds before a fragment's first line. */
  private static long offset(Snippet s) {
    if (s.isCompilationUnit()) {
      return 0;
    }
    long hoisted = s.code().lines().filter(l -> l.startsWith("import ")).count();
    return hoisted + FRAGMENT_IMPORTS.size() + s.imports().size() + (s.members() ? 2 : 4) - hoisted;
  }

  private static void run(Snippet s, String className, Path classes) throws Exception {
    try (FakeOpenAI openai = FakeOpenAI.start()) {
      // every chat call answers with 2,000 input tokens, 1,536 of them from the prompt cache
      openai.respondWith(
          request ->
              FakeOpenAI.chatCompletion(
                  "chatcmpl-readme",
                  "gpt-4o-2024-08-06",
                  "Sunny, 18°C.",
                  OpenAITokens.of(2_000, 150).withCachedTokens(1_536)));
      String javaBin = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder pb =
          new ProcessBuilder(
                  javaBin, "-cp", classes + java.io.File.pathSeparator + classpath(), className)
              .redirectErrorStream(true);
      pb.environment().put("OPENAI_BASE_URL", openai.baseUrl());
      pb.environment().put("OPENAI_API_KEY", "sk-test");
      pb.environment().remove("OTEL_EXPORTER_OTLP_ENDPOINT");
      Process p = pb.start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      boolean done = p.waitFor(120, TimeUnit.SECONDS);
      if (!done) {
        p.destroyForcibly();
      }
      assertThat(done).as("%s did not finish; it printed:%n%s", s, output).isTrue();
      assertThat(p.exitValue())
          .as("%s exited with %d; it printed:%n%s", s, p.exitValue(), output)
          .isZero();
      if (s.code().contains("Last9GenAi")) {
        // a program that installs the SDK prints its spans on the console: the chat call's must be
        // priced
        assertThat(output)
            .as("%s should print a priced span; it printed:%n%s", s, output)
            .containsPattern("\\[last9-genai\\] chat gpt-4o .*cost=\\$0\\.[0-9]+");
      }
    }
  }

  static String classpath() {
    String cp = System.getProperty("snippets.classpath");
    if (cp == null || cp.isBlank()) {
      cp = System.getProperty("java.class.path");
    }
    return cp;
  }
}
