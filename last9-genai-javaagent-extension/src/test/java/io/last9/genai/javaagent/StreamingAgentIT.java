/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.last9.genai.testing.AgentJvm;
import io.last9.genai.testing.FakeOpenAI;
import io.last9.genai.testing.GenAiContentSchema;
import io.last9.genai.testing.OtlpReceiver;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Streamed openai-java calls under the real Java agent (lowest and newest supported version), whose
 * own openai-java instrumentation makes the chat spans ({@link AgentStreamingApp}): a stream that
 * did not ask for its usage is marked {@code no_usage}, never priced at $0, and counts in its
 * workflow; a stream that asked for it is priced. Content capture is on (the agent's {@code
 * otel.instrumentation.genai.capture-message-content}): the streamed answer's messages are on its
 * span in the conventions' keys. A stream read after its workflow closed is missing from the
 * workflow span's totals and says so on its own span. The workflows are turns of one conversation.
 */
class StreamingAgentIT {

  static List<String> agentVersions() {
    return AgentJvm.agentVersions();
  }

  @ParameterizedTest(name = "agent {0}")
  @MethodSource("agentVersions")
  void aStreamWithoutUsageIsMarkedAndCountedAndOneWithUsageIsPriced(String version)
      throws Exception {
    try (FakeOpenAI openai = ScenarioServer.start();
        OtlpReceiver otlp = OtlpReceiver.start()) {
      AgentJvm.Result run =
          AgentApps.run(
              version,
              otlp.endpoint(),
              Map.of("otel.instrumentation.genai.capture-message-content", "true"),
              AgentStreamingApp.class.getName(),
              ScenarioServer.origin(openai));

      assertThat(run.exitCode()).as(run.output()).isZero();
      assertThat(run.output())
          .contains(Scenario.DONE, "Answer to: Stream without usage.")
          .doesNotContain("last9-genai is not active");
      assertThat(openai.requests().get(0).json().has("stream_options"))
          .as("the agent's instrumentation sends the request as the application wrote it")
          .isFalse();
      List<ExportedSpan> spans =
          otlp.spans().stream().map(ExportedSpan::of).collect(Collectors.toList());
      String dump = spans.stream().map(ExportedSpan::toString).collect(Collectors.joining("\n  "));

      // chatcmpl-fake-1: streamed without usage; -2 unstreamed; -3 streamed with usage; -4
      // unstreamed
      ExportedSpan noUsage = chat(spans, 1, dump);
      assertThat(noUsage.attribute("workflow.id")).isEqualTo(AgentStreamingApp.WITHOUT_USAGE);
      assertThat(noUsage.has("gen_ai.usage.input_tokens")).as(dump).isFalse();
      assertThat(noUsage.has("gen_ai.usage.cost_usd")).as("never a made-up $0").isFalse();
      assertThat(noUsage.attribute("gen_ai.l9.cost.unpriced")).as(dump).isEqualTo(true);
      assertThat(noUsage.attribute("gen_ai.l9.cost.unpriced_reason")).isEqualTo("no_usage");
      ExportedSpan priced = chat(spans, 3, dump);
      assertThat(priced.attribute("workflow.id")).isEqualTo(AgentStreamingApp.WITH_USAGE);
      assertThat(priced.attribute("gen_ai.usage.output_tokens"))
          .as(dump)
          .isEqualTo(ScenarioServer.OUTPUT_TOKENS);
      long input = (Long) priced.attribute("gen_ai.usage.input_tokens");
      // the bundled catalog's gpt-4o: 2.50 input, 1.25 cached input, 10.00 output per million; the
      // cached count only where the agent reports it (2.33.1 does, older agents do not)
      long cached =
          priced.has("gen_ai.usage.cache_read.input_tokens")
              ? (Long) priced.attribute("gen_ai.usage.cache_read.input_tokens")
              : 0;
      assertThat(priced.cost())
          .isCloseTo(
              ((input - cached) * 2.50 + cached * 1.25 + ScenarioServer.OUTPUT_TOKENS * 10.00)
                  / 1e6,
              within(1e-12));
      assertThat(priced.has("gen_ai.l9.cost.unpriced")).isFalse();

      // a streamed answer's content in the conventions' keys, from the agent's per-message events
      String in = (String) noUsage.attribute("gen_ai.input.messages");
      String out = (String) noUsage.attribute("gen_ai.output.messages");
      GenAiContentSchema.assertInputMessages(in);
      GenAiContentSchema.assertOutputMessages(out);
      assertThat(GenAiContentSchema.texts(in)).containsExactly("Stream without usage.");
      assertThat(GenAiContentSchema.texts(out)).containsExactly("Answer to: Stream without usage.");

      // each workflow is a turn of the conversation, on its streamed and unstreamed chat spans
      for (int n = 1; n <= 5; n++) {
        ExportedSpan chat = chat(spans, n, dump);
        assertThat(chat.attribute("gen_ai.conversation.id"))
            .as(dump)
            .isEqualTo(AgentStreamingApp.CONVERSATION);
        assertThat(chat.attribute("user.id")).isEqualTo(AgentStreamingApp.USER);
        assertThat(chat.attribute("gen_ai.conversation.turn"))
            .isEqualTo(n <= 2 ? 1L : n <= 4 ? 2L : 3L);
        assertThat(chat.has("gen_ai.l9.workflow.ended_after_close")).isEqualTo(n == 5);
      }

      ExportedSpan without = ExportedSpan.workflow(spans, AgentStreamingApp.WITHOUT_USAGE);
      assertThat(without.attribute("workflow.llm_calls")).as("both calls count").isEqualTo(2L);
      assertThat((Double) without.attribute("workflow.total_cost_usd"))
          .isCloseTo(chat(spans, 2, dump).cost(), within(1e-12));
      ExportedSpan with = ExportedSpan.workflow(spans, AgentStreamingApp.WITH_USAGE);
      assertThat(with.attribute("workflow.llm_calls")).isEqualTo(2L);
      assertThat((Double) with.attribute("workflow.total_cost_usd"))
          .isCloseTo(priced.cost() + chat(spans, 4, dump).cost(), within(1e-12));

      // chatcmpl-fake-5: opened in its workflow, read after it closed
      ExportedSpan late = chat(spans, 5, dump);
      assertThat(late.attribute("workflow.id")).isEqualTo(AgentStreamingApp.LATE);
      assertThat(late.attribute("gen_ai.l9.workflow.ended_after_close")).isEqualTo(true);
      assertThat(late.cost()).as("priced all the same").isPositive();
      ExportedSpan closedFirst = ExportedSpan.workflow(spans, AgentStreamingApp.LATE);
      assertThat(closedFirst.attribute("workflow.llm_calls")).isEqualTo(0L);
      assertThat((Double) closedFirst.attribute("workflow.total_cost_usd")).isZero();
    }
  }

  /** The agent's chat span of the n-th chat completion the fake answered. */
  private static ExportedSpan chat(List<ExportedSpan> spans, int n, String dump) {
    return spans.stream()
        .filter(s -> ("chatcmpl-fake-" + n).equals(s.attribute("gen_ai.response.id")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no span of chatcmpl-fake-" + n + " among" + dump));
  }
}
