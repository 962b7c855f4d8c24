/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent;

import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.testing.AgentJvm;
import io.last9.genai.testing.FakeOpenAI;
import io.last9.genai.testing.OtlpReceiver;
import io.opentelemetry.api.common.AttributeKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The newest agent configured from a file ({@code otel.config.file}) instead of properties: the
 * file's {@code last9_genai} and {@code last9_genai_content} entries give the same scenario the
 * same ids, turns, costs and totals as property configuration does.
 */
class DeclarativeConfigurationIT {

  @TempDir Path dir;

  private Path file(OtlpReceiver otlp, String processor) throws Exception {
    String yaml =
        "file_format: \"1.0\"\n"
            + "resource:\n"
            + "  attributes:\n"
            + "    - name: service.name\n"
            + "      value: last9-agent-file-it\n"
            + "tracer_provider:\n"
            + "  processors:\n"
            + processor
            + "    - batch:\n"
            + "        schedule_delay: 100\n"
            + "        exporter:\n"
            + "          otlp_http:\n"
            + "            endpoint: "
            + otlp.endpoint()
            + "/v1/traces\n"
            + "meter_provider:\n"
            + "  readers:\n"
            + "    - periodic:\n"
            + "        interval: 500\n"
            + "        exporter:\n"
            + "          otlp_http:\n"
            + "            endpoint: "
            + otlp.endpoint()
            + "/v1/metrics\n"
            + "logger_provider:\n"
            + "  processors:\n"
            + "    - last9_genai_content: {}\n";
    Path file = dir.resolve("otel.yaml");
    Files.writeString(file, yaml, StandardCharsets.UTF_8);
    return file;
  }

  private static String newest() {
    List<String> versions = AgentJvm.agentVersions();
    return versions.get(versions.size() - 1);
  }

  @Test
  void aFileConfiguredAgentStampsPricesAndTotalsAsPropertiesDo() throws Exception {
    try (FakeOpenAI openai = ScenarioServer.start();
        OtlpReceiver otlp = OtlpReceiver.start()) {
      Path file = file(otlp, "    - last9_genai: {}\n");
      AgentJvm.Result run =
          AgentApps.runScenario(
              newest(), otlp, openai, Map.of("otel.config.file", file.toString()));

      assertThat(run.exitCode()).as(run.output()).isZero();
      assertThat(run.output()).contains(Scenario.DONE).doesNotContain("last9-genai is not active");
      assertThat(otlp.spans())
          .as("the file, not the properties, configured the agent")
          .isNotEmpty()
          .allMatch(
              s ->
                  "last9-agent-file-it"
                      .equals(
                          s.getResource().getAttribute(AttributeKey.stringKey("service.name"))));
      ScenarioAssertions.assertScenario(exported(otlp), otlp.sum("gen_ai.client.cost"));
    }
  }

  @Test
  void anEntryThatCannotBeBuiltLeavesTheAgentRunningWithoutLast9() throws Exception {
    try (FakeOpenAI openai = ScenarioServer.start();
        OtlpReceiver otlp = OtlpReceiver.start()) {
      Path file =
          file(
              otlp,
              "    - last9_genai:\n" + "        limits:\n" + "          max_open_spans: 1000\n");
      AgentJvm.Result run =
          AgentApps.runScenario(
              newest(), otlp, openai, Map.of("otel.config.file", file.toString()));

      assertThat(run.exitCode()).as(run.output()).isZero();
      assertThat(run.output())
          .contains(Scenario.DONE)
          .contains("last9-genai is not active")
          .contains("last9_genai.limits.max_open_spans");
      List<ExportedSpan> spans = exported(otlp);
      assertThat(spans).as("the agent still traces").anyMatch(s -> s.name().startsWith("chat "));
      assertThat(spans).noneMatch(s -> s.has("gen_ai.usage.cost_usd"));
    }
  }

  private static List<ExportedSpan> exported(OtlpReceiver otlp) {
    return otlp.spans().stream().map(ExportedSpan::of).collect(Collectors.toList());
  }
}
