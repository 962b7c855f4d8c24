/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.testing;

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
 * Runs an application in a child JVM under the real OpenTelemetry Java agent with the last9-genai
 * extension jar, exporting traces and metrics over OTLP/HTTP to a loopback receiver (an {@link
 * OtlpReceiver}).
 *
 * <p>The build says where the jars are, in system properties of the test JVM:
 *
 * <ul>
 *   <li>{@code last9.agent.versions}: the agent versions to test, comma-separated (the lowest and
 *       newest supported);
 *   <li>{@code last9.agents.dir}: the directory holding {@code
 *       opentelemetry-javaagent-<version>.jar};
 *   <li>{@code last9.extension.jar}: the extension jar.
 * </ul>
 *
 * <p>The child's class path is the test JVM's, without the test tooling (JUnit, AssertJ, Surefire
 * and the agent jars), so the application sees what an application would: its own classes and
 * libraries, and the extension only as the agent loads it.
 */
public final class AgentJvm {

  /** How long a child JVM may run before it is killed and its test fails. */
  private static final long TIMEOUT_MINUTES = 2;

  /** Class path entries that belong to the test tooling, by the start of their file name. */
  private static final List<String> TOOLING =
      List.of(
          "opentelemetry-javaagent",
          "byte-buddy",
          "junit-",
          "assertj-",
          "opentest4j",
          "apiguardian",
          "surefire",
          "common-java5",
          "common-junit",
          "maven-surefire");

  private AgentJvm() {}

  /** The exit code and the combined standard output and error of a finished child JVM. */
  public record Result(int exitCode, String output) {}

  /** The agent versions to test, from {@code last9.agent.versions}. */
  public static List<String> agentVersions() {
    return Arrays.asList(System.getProperty("last9.agent.versions", "").split(","));
  }

  /** The agent jar of {@code version}, in {@code last9.agents.dir}. */
  public static Path agentJar(String version) {
    return Paths.get(
        System.getProperty("last9.agents.dir"), "opentelemetry-javaagent-" + version + ".jar");
  }

  /** The extension jar, from {@code last9.extension.jar}. */
  public static Path extensionJar() {
    return Paths.get(System.getProperty("last9.extension.jar"));
  }

  /** The test JVM's class path without the test tooling. */
  public static List<String> applicationClasspath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !isTooling(entry))
        .collect(Collectors.toList());
  }

  /**
   * As {@link #applicationClasspath()}, also without the module's own main classes ({@code
   * target/classes}): for the extension's own tests, where those classes must reach the application
   * only through the extension jar, as the agent loads them.
   */
  public static List<String> applicationClasspathWithoutModuleClasses() {
    String moduleClasses = Paths.get("target", "classes").toAbsolutePath().toString();
    return applicationClasspath().stream()
        .filter(entry -> !Paths.get(entry).toAbsolutePath().toString().equals(moduleClasses))
        .collect(Collectors.toList());
  }

  private static boolean isTooling(String entry) {
    Path name = Paths.get(entry).getFileName();
    if (name == null) {
      return false;
    }
    String file = name.toString();
    return TOOLING.stream().anyMatch(file::startsWith);
  }

  /**
   * Runs {@code mainClass} with {@code args} on {@code classpath} under agent {@code version} and
   * the extension, exporting traces and metrics to {@code otlpEndpoint} (no logs), and waits for it
   * at most two minutes. Spans are exported every 100 ms and metrics every 500 ms, so an
   * application that runs for a second has exported before it exits. {@code properties} become
   * system properties of the child, after the defaults, so they override them ({@code
   * otel.service.name} is {@code last9-agent-it} unless given).
   *
   * @throws IllegalStateException if the child did not finish in time (it is killed)
   */
  public static Result run(
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
    // the agent starts in about half the time with C1 alone; these applications run for a second
    command.add("-Xshare:auto");
    command.add("-XX:TieredStopAtLevel=1");
    for (Map.Entry<String, String> p : properties.entrySet()) {
      command.add("-D" + p.getKey() + "=" + p.getValue());
    }
    command.add("-cp");
    command.add(String.join(File.pathSeparator, classpath));
    command.add(mainClass);
    command.addAll(Arrays.asList(args));
    Path log = Files.createTempFile("last9-agent-jvm", ".log");
    Process process =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "the application did not finish in " + TIMEOUT_MINUTES + " minutes:\n" + read(log));
      }
      return new Result(process.exitValue(), read(log));
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static String read(Path log) throws IOException {
    return Files.readString(log, StandardCharsets.UTF_8);
  }
}
