/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent;

import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.bridge.BridgeContract;
import io.last9.genai.testing.AgentJvm;
import io.last9.genai.testing.FakeOpenAI;
import io.last9.genai.testing.OtlpReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An application whose last9-genai has another bridge contract version than this extension's runs
 * under the real agent with the extension: the application runs to the end, the agent's spans are
 * exported (and priced), the bridge stays off (no span carries the application's conversation, and
 * no {@code @ObserveGenAi} method is woven), and one warning names both versions.
 *
 * <p>The application is {@link AgentScenarioApp} on this build's core with its contract class
 * removed (a release from before the contract had versions: version 0) or replaced by one of a
 * newer version.
 */
class ContractMismatchIT {

  @TempDir Path dir;

  static List<String> agentVersions() {
    return AgentJvm.agentVersions();
  }

  @ParameterizedTest(name = "agent {0}")
  @MethodSource("agentVersions")
  void anApplicationFromBeforeTheContractRunsUnbridged(String version) throws Exception {
    Path core = ContractFixtures.coreWithoutContract(Files.createDirectories(dir.resolve("core")));

    String output = runScenario(version, withCore(core), 0);

    assertThat(output).contains("has bridge contract version 0 (none: it predates");
  }

  @Test
  void anApplicationOfANewerContractRunsUnbridged() throws Exception {
    List<String> versions = AgentJvm.agentVersions();
    int newer = BridgeContract.VERSION + 1;
    Path contract =
        ContractFixtures.contractOfVersion(Files.createDirectories(dir.resolve("newer")), newer);
    List<String> classpath = new ArrayList<>();
    classpath.add(contract.toString()); // first: it hides the core's own contract class
    classpath.addAll(AgentApps.classpath());

    runScenario(versions.get(versions.size() - 1), classpath, newer);
  }

  /**
   * Runs the scenario on {@code classpath} under agent {@code version} and checks that it ran
   * unbridged, warned once about contract {@code applicationContract}; returns its output.
   */
  private static String runScenario(String version, List<String> classpath, int applicationContract)
      throws Exception {
    try (FakeOpenAI openai = ScenarioServer.start();
        OtlpReceiver otlp = OtlpReceiver.start()) {
      AgentJvm.Result run = AgentApps.runScenario(version, otlp, openai, Map.of(), classpath);

      String output = run.output();
      assertThat(run.exitCode()).as(output).isZero();
      assertThat(output)
          .as("the application ran to the end, its @ObserveGenAi methods as plain methods")
          .contains(Scenario.DONE, "value of k", "caught: nothing to note")
          .doesNotContain("last9-genai is not active")
          .doesNotContain("could not carry a scope");
      String warning = "has bridge contract version " + applicationContract + " ";
      assertThat(occurrences(output, "has bridge contract version"))
          .as("one warning:\n" + output)
          .isEqualTo(1);
      assertThat(output)
          .contains(warning.trim())
          .contains("this Java agent extension has version " + BridgeContract.VERSION);

      List<ExportedSpan> spans =
          otlp.spans().stream().map(ExportedSpan::of).collect(Collectors.toList());
      assertThat(spans)
          .as("the agent's spans are exported, and priced")
          .anyMatch(s -> s.name().equals("chat gpt-4o") && s.cost() > 0)
          .anyMatch(s -> "GET".equals(s.attribute("http.request.method")));
      assertThat(spans)
          .as("the bridge is off: no span carries the application's scopes")
          .noneMatch(s -> s.has("gen_ai.conversation.id"))
          .noneMatch(s -> s.has("workflow.id"));
      assertThat(spans)
          .as("@ObserveGenAi methods are not woven")
          .noneMatch(s -> s.name().equals(Scenario.ANSWER) || s.name().equals(Scenario.GENERATE));
      return output;
    }
  }

  /** The application's class path with this build's core replaced by {@code core}. */
  private static List<String> withCore(Path core) {
    Path own = ContractFixtures.coreLocation().toAbsolutePath().normalize();
    List<String> classpath = new ArrayList<>();
    int replaced = 0;
    for (String entry : AgentApps.classpath()) {
      if (Paths.get(entry).toAbsolutePath().normalize().equals(own)) {
        classpath.add(core.toString());
        replaced++;
      } else {
        classpath.add(entry);
      }
    }
    assertThat(replaced).as("the core on the class path: " + own).isEqualTo(1);
    return classpath;
  }

  private static int occurrences(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
      n++;
    }
    return n;
  }
}
