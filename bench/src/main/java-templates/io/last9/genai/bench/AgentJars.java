/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.bench;

/**
 * The JVM arguments that start an {@code AgentBench} fork under the OpenTelemetry Java agent. The
 * build fills in the jars' paths (src/main/java-templates, filtered into generated sources) and
 * copies the jars there when it packages the benchmarks, so a fork needs no set-up of its own.
 */
final class AgentJars {

  private AgentJars() {}

  /** The agent version the forks run under. */
  static final String AGENT_VERSION = "${opentelemetry-instrumentation.version}";

  /** {@code -javaagent:} with the agent jar from Maven Central. */
  static final String JAVAAGENT = "-javaagent:${bench.javaagent.jar}";

  /** Baseline: only the benchmark's discarding exporter as an extension. */
  static final String EXTENSIONS_AGENT_ONLY =
      "-Dotel.javaagent.extensions=${bench.discard-exporter.jar}";

  /** Measured: the discarding exporter and the last9-genai extension built in this reactor. */
  static final String EXTENSIONS_WITH_LAST9 =
      "-Dotel.javaagent.extensions=${bench.discard-exporter.jar},${bench.last9-extension.jar}";
}
