/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent;

import io.last9.genai.testing.AgentJvm;
import io.last9.genai.testing.FakeOpenAI;
import io.last9.genai.testing.OtlpReceiver;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * This module's test applications in a child JVM under the real Java agent ({@link AgentJvm}).
 * Their class path leaves out this module's own classes: the application reaches them only through
 * the extension jar, as the agent loads it.
 */
final class AgentApps {

  private AgentApps() {}

  /**
   * The applications' class path: the tests' own, without this module's classes and the tooling.
   */
  static List<String> classpath() {
    return AgentJvm.applicationClasspathWithoutModuleClasses();
  }

  /** Runs {@code mainClass} with {@code args} under agent {@code version}. */
  static AgentJvm.Result run(
      String version,
      String otlpEndpoint,
      Map<String, String> properties,
      String mainClass,
      String... args)
      throws IOException, InterruptedException {
    return AgentJvm.run(version, otlpEndpoint, properties, classpath(), mainClass, args);
  }

  /** Runs {@link AgentScenarioApp} against {@code openai} under agent {@code version}. */
  static AgentJvm.Result runScenario(
      String version, OtlpReceiver otlp, FakeOpenAI openai, Map<String, String> properties)
      throws IOException, InterruptedException {
    return runScenario(version, otlp, openai, properties, classpath());
  }

  /** As {@link #runScenario(String, OtlpReceiver, FakeOpenAI, Map)}, on {@code classpath}. */
  static AgentJvm.Result runScenario(
      String version,
      OtlpReceiver otlp,
      FakeOpenAI openai,
      Map<String, String> properties,
      List<String> classpath)
      throws IOException, InterruptedException {
    return AgentJvm.run(
        version,
        otlp.endpoint(),
        properties,
        classpath,
        AgentScenarioApp.class.getName(),
        ScenarioServer.origin(openai));
  }
}
