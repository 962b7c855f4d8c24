package io.last9.genai.javaagent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real OpenTelemetry Java agent (lowest and newest supported version) with this module's jar as its extension,
 * running {@link AgentScenarioApp} in a child JVM and exporting over OTLP/HTTP to a receiver in this test.
 */
class JavaagentExtensionIT {

  static List<String> agentVersions() {
    return AgentJvm.agentVersions();
  }

  @ParameterizedTest(name = "agent {0}")
  @MethodSource("agentVersions")
  void theApplicationsScopesReachEverySpanTheAgentMakes(String version) throws Exception {
    try (FakeOpenAi openai = FakeOpenAi.start(); OtlpReceiver otlp = OtlpReceiver.start()) {
      AgentJvm.Result run = AgentJvm.run(version, otlp.endpoint(), Map.of(), AgentScenarioApp.class.getName(),
          openai.origin());

      assertThat(run.exitCode()).as(run.output()).isZero();
      assertThat(run.output()).contains(Scenario.DONE)
          .doesNotContain("last9-genai is not active")
          .doesNotContain("closed while");
      ScenarioAssertions.assertScenario(otlp.spans(), otlp.sum("gen_ai.client.cost"));
    }
  }
}
