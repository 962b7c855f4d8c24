package io.last9.genai.javaagent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class JavaagentExtensionIT {

  static List<String> agentVersions() {
    return AgentJvm.agentVersions();
  }

  @ParameterizedTest(name = "agent {0}")
  @MethodSource("agentVersions")
  void scopesReachTheAgentsSpans(String version) throws Exception {
    try (FakeOpenAi openai = FakeOpenAi.start(); OtlpReceiver otlp = OtlpReceiver.start()) {
      AgentJvm.Result r = AgentJvm.run(version, otlp.endpoint(), Map.of(), AgentScenarioApp.class.getName(),
          openai.origin());
      System.out.println(r.output());
      for (ExportedSpan s : otlp.spans()) {
        System.out.println(s);
      }
      System.out.println("cost metric " + otlp.sum("gen_ai.client.cost"));
      assertThat(r.exitCode()).isZero();
    }
  }
}
