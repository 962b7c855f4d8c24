/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent;

import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.testing.AgentJvm;
import io.last9.genai.testing.FakeOpenAI;
import io.last9.genai.testing.OtlpReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The extension never stops the agent: with a pricing file that does not parse, the agent starts,
 * the application runs and is traced, and the error names the file and the entry.
 */
class BrokenConfigurationIT {

  @TempDir Path dir;

  @Test
  void aBrokenPricingFileIsReportedAndTheAgentRunsWithoutLast9() throws Exception {
    Path prices = dir.resolve("my-prices.json");
    Files.writeString(
        prices,
        "[{\"id\": \"acme\", \"models\": [{\"id\": \"rocket-1\","
            + " \"match\": {\"equals\": \"rocket-1\"}, \"prices\": {\"input_mtok\": -1}}]}]");
    String newest = AgentJvm.agentVersions().get(AgentJvm.agentVersions().size() - 1);
    try (FakeOpenAI openai = ScenarioServer.start();
        OtlpReceiver otlp = OtlpReceiver.start()) {
      AgentJvm.Result run =
          AgentApps.runScenario(
              newest, otlp, openai, Map.of("otel.last9.genai.pricing.files", prices.toString()));

      assertThat(run.exitCode()).as(run.output()).isZero();
      assertThat(run.output())
          .contains(Scenario.DONE)
          .contains("last9-genai is not active")
          .contains(prices.toString())
          .contains("rocket-1");
      List<ExportedSpan> spans =
          otlp.spans().stream().map(ExportedSpan::of).collect(Collectors.toList());
      assertThat(spans)
          .as("the agent still traces the application")
          .anyMatch(s -> s.name().startsWith("chat "))
          .anyMatch(s -> "GET".equals(s.attribute("http.request.method")));
      assertThat(spans)
          .as("without last9-genai")
          .noneMatch(s -> s.has("gen_ai.conversation.id"))
          .noneMatch(s -> s.has("gen_ai.usage.cost_usd"));
    }
  }
}
