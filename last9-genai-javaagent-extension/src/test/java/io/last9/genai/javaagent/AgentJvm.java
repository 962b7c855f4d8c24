/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent;

import io.last9.genai.testing.FakeOpenAI;
import io.last9.genai.testing.OtlpReceiver;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Starts an application in a child JVM under the real OpenTelemetry Java agent (from Maven Central,
 * copied to {@code target/agents} by the build) with this module's extension jar, exporting over
 * OTLP/HTTP.
 *
 * <p>The child's class path is the tests' class path without this module's own classes and the test
 * tooling: the application sees last9-genai, openai-java and the tests' application classes, as an
 * application would, and the extension only as the agent loads it.
 */
final class AgentJvm {

  private AgentJvm() {}

  /** The agent versions to test, lowest and newest supported (set by the build). */
  static List<String> agentVersions() {
    return Arrays.asList(System.getProperty("last9.agent.versions", "").split(","));
  }

  static Path agentJar(String version) {
    return Paths.get(
        System.getProperty("last9.agents.dir"), "opentelemetry-javaagent-" + version + ".jar");
  }

  static Path extensionJar() {
    return Paths.get(System.getProperty("last9.extension.jar"));
  }

  /** The output of a finished child JVM. */
  record Result(int exitCode, String output) {}

  /**
   * Runs {@code mainClass} with {@code args} under agent {@code version}, exporting to {@code
   * otlpEndpoint}, with extra system properties; waits at most two minutes.
   */
  static Result run(
      String version,
      String otlpEndpoint,
      Map<String, String> properties,
      String mainClass,
      String... args)
      throws IOException, InterruptedException {
    return run(version, otlpEndpoint, properties, applicationClasspath(), mainClass, args);
  }

  /**
   * Runs {@link AgentScenarioApp} against {@code openai} under agent {@code version}, exporting to
   * {@code otlp}, with extra system properties.
   */
  static Result runScenario(
      String version, OtlpReceiver otlp, FakeOpenAI openai, Map<String, String> properties)
      throws IOException, InterruptedException {
    return runScenario(version, otlp, openai, properties, applicationClasspath());
  }

  /**
   * Like {@link #runScenario(String, OtlpReceiver, FakeOpenAI, Map)}, on the class path {@code
   * classpath}.
   */
  static Result runScenario(
      String version,
      OtlpReceiver otlp,
      FakeOpenAI openai,
      Map<String, String> properties,
      List<String> classpath)
      throws IOException, InterruptedException {
    return run(
        version,
        otlp.endpoint(),
        properties,
        classpath,
        AgentScenarioApp.class.getName(),
        ScenarioServer.origin(openai));
  }

  /**
   * Like {@link #run(String, String, Map, String, String...)}, on the class path {@code classpath}.
   */
  static Result run(
      String version,
      String otlpEndpoint,
      Map<String, String> properties,
      List<String> classpath,
      String mainClass,
      String... args)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-javaagent:" + agentJar(version));
    command.add("-Dotel.javaagent.extensions=" + extensionJar());
    command.add("-Dotel.service.name=last9-agent-it");
    command.add("-Dotel.exporter.otlp.protocol=http/protobuf");
    command.add("-Dotel.exporter.otlp.endpoint=" + otlpEndpoint);
    command.add("-Dotel.traces.exporter=otlp");
    command.add("-Dotel.metrics.exporter=otlp");
    command.add("-Dotel.logs.exporter=none");
    command.add("-Dotel.bsp.schedule.delay=100");
    command.add("-Dotel.metric.export.interval=500");
    // the agent's own start-up is faster without the instrumentations this application cannot use
    command.add("-Xshare:auto");
    command.add("-XX:TieredStopAtLevel=1");
    for (Map.Entry<String, String> p : properties.entrySet()) {
      command.add("-D" + p.getKey() + "=" + p.getValue());
    }
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classpath));
    command.add(mainClass);
    command.addAll(Arrays.asList(args));
    Path log = Files.createTempFile("last9-agent-it", ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "the application did not finish in 2 minutes:\n" + read(log));
      }
      return new Result(process.exitValue(), read(log));
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static String read(Path log) throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }

  /**
   * The application's class path: the tests' own, without this module's classes and the tooling.
   */
  static List<String> applicationClasspath() {
    String ownClasses = Paths.get("target", "classes").toAbsolutePath().toString();
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> !Paths.get(e).toAbsolutePath().toString().equals(ownClasses))
        .filter(
            e -> {
              String name = Paths.get(e).getFileName().toString();
              return !(name.startsWith("opentelemetry-javaagent")
                  || name.startsWith("byte-buddy")
                  || name.startsWith("junit-")
                  || name.startsWith("assertj-")
                  || name.startsWith("opentest4j")
                  || name.startsWith("surefire")
                  || name.startsWith("common-java5")
                  || name.startsWith("common-junit")
                  || name.startsWith("maven-surefire"));
            })
        .collect(Collectors.toList());
  }
}
