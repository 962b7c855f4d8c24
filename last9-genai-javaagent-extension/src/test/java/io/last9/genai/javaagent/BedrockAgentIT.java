/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.last9.genai.testing.AgentJvm;
import io.last9.genai.testing.BedrockTokens;
import io.last9.genai.testing.FakeBedrock;
import io.last9.genai.testing.GenAiContentSchema;
import io.last9.genai.testing.OtlpReceiver;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Amazon Bedrock through the plain AWS SDK under the real Java agent (lowest and newest supported
 * version), whose own AWS SDK instrumentation makes the chat spans ({@link AgentBedrockApp}): a
 * Converse call and a streamed ConverseStream call are priced from the bundled catalog's Bedrock
 * entries, and each is a turn of the application's conversation, in its workflow. Bedrock counts
 * only the input outside the prompt cache, and the instrumentation reports no cache counts: the
 * cost is then marked as a lower bound, never as an upper one.
 */
class BedrockAgentIT {

  // the bundled catalog's cross-region Claude Sonnet 4.5 on Bedrock, per million tokens
  private static final double INPUT = 3.30;
  private static final double OUTPUT = 16.50;

  static List<String> agentVersions() {
    return AgentJvm.agentVersions();
  }

  @ParameterizedTest(name = "agent {0}")
  @MethodSource("agentVersions")
  void converseAndConverseStreamArePricedTurnsOfTheConversation(String version) throws Exception {
    try (FakeBedrock bedrock = FakeBedrock.start();
        OtlpReceiver otlp = OtlpReceiver.start()) {
      bedrock.enqueue(
          FakeBedrock.converse(
              "A turn is one exchange.",
              BedrockTokens.of(1_200, 300)
                  .withCacheReadInputTokens(8_000)
                  .withCacheWriteInputTokens(500)));
      bedrock.enqueue(
          FakeBedrock.converseStream(List.of("A turn, ", "streamed."), BedrockTokens.of(900, 40)));
      AgentJvm.Result run =
          AgentApps.run(
              version,
              otlp.endpoint(),
              Map.of("otel.instrumentation.genai.capture-message-content", "true"),
              AgentBedrockApp.class.getName(),
              bedrock.endpoint().toString());

      assertThat(run.exitCode()).as(run.output()).isZero();
      assertThat(run.output())
          .contains(Scenario.DONE, "A turn is one exchange.", "A turn, streamed.")
          .doesNotContain("last9-genai is not active");
      assertThat(bedrock.requests())
          .extracting(r -> r.path())
          .containsExactly(
              "/model/" + AgentBedrockApp.MODEL + "/converse",
              "/model/" + AgentBedrockApp.MODEL + "/converse-stream");
      List<ExportedSpan> spans =
          otlp.spans().stream().map(ExportedSpan::of).collect(Collectors.toList());
      String dump = spans.stream().map(ExportedSpan::toString).collect(Collectors.joining("\n  "));

      ExportedSpan converse = chat(spans, "Converse", dump);
      assertThat(converse.attribute("gen_ai.request.model")).isEqualTo(AgentBedrockApp.MODEL);
      assertThat(converse.attribute("gen_ai.usage.input_tokens")).as(dump).isEqualTo(1_200L);
      assertThat(converse.cost()).isCloseTo((1_200 * INPUT + 300 * OUTPUT) / 1e6, within(1e-12));
      assertThat(converse.attribute("gen_ai.l9.cost.price_source"))
          .asString()
          .startsWith("genai-prices:aws/");
      // 8,000 cached tokens read and 500 written are in no count on the span: a lower bound
      assertThat(converse.attribute("gen_ai.l9.cost.lower_bound")).isEqualTo(true);
      assertThat(converse.attribute("gen_ai.l9.cost.lower_bound_reason"))
          .isEqualTo("cache_tokens_not_reported");
      assertThat(converse.has("gen_ai.l9.cost.upper_bound")).isFalse();
      String in = (String) converse.attribute("gen_ai.input.messages");
      GenAiContentSchema.assertInputMessages(in);
      assertThat(GenAiContentSchema.texts(in)).containsExactly("What is a turn?");
      String out = (String) converse.attribute("gen_ai.output.messages");
      GenAiContentSchema.assertOutputMessages(out);
      assertThat(GenAiContentSchema.texts(out)).containsExactly("A turn is one exchange.");

      ExportedSpan stream = chat(spans, "ConverseStream", dump);
      assertThat(stream.attribute("gen_ai.usage.output_tokens")).as(dump).isEqualTo(40L);
      assertThat(stream.cost()).isCloseTo((900 * INPUT + 40 * OUTPUT) / 1e6, within(1e-12));
      assertThat(GenAiContentSchema.texts((String) stream.attribute("gen_ai.output.messages")))
          .as(dump)
          .containsExactly("A turn, streamed.");

      assertThat(converse.attribute("workflow.id")).isEqualTo(AgentBedrockApp.CONVERSE);
      assertThat(stream.attribute("workflow.id")).isEqualTo(AgentBedrockApp.STREAM);
      for (ExportedSpan chat : List.of(converse, stream)) {
        assertThat(chat.attribute("gen_ai.conversation.id"))
            .as(dump)
            .isEqualTo(AgentBedrockApp.CONVERSATION);
        assertThat(chat.attribute("user.id")).isEqualTo(AgentBedrockApp.USER);
      }
      assertThat(converse.attribute("gen_ai.conversation.turn")).isEqualTo(1L);
      assertThat(stream.attribute("gen_ai.conversation.turn")).isEqualTo(2L);

      ExportedSpan workflow = ExportedSpan.workflow(spans, AgentBedrockApp.CONVERSE);
      assertThat(workflow.attribute("workflow.llm_calls")).isEqualTo(1L);
      assertThat((Double) workflow.attribute("workflow.total_cost_usd"))
          .isCloseTo(converse.cost(), within(1e-12));
    }
  }

  /**
   * At the default ({@code otel.instrumentation.genai.capture-message-content} unset, so off for
   * the agent's instrumentations), on the newest agent: both calls are priced as above and no span
   * carries messages (the extension's content bridge is never even made).
   */
  @Test
  void atTheDefaultNoMessagesAreCapturedAndTheCallsArePriced() throws Exception {
    List<String> versions = agentVersions();
    try (FakeBedrock bedrock = FakeBedrock.start();
        OtlpReceiver otlp = OtlpReceiver.start()) {
      bedrock.enqueue(
          FakeBedrock.converse("A turn is one exchange.", BedrockTokens.of(1_200, 300)));
      bedrock.enqueue(
          FakeBedrock.converseStream(List.of("A turn, ", "streamed."), BedrockTokens.of(900, 40)));
      AgentJvm.Result run =
          AgentApps.run(
              versions.get(versions.size() - 1),
              otlp.endpoint(),
              Map.of(),
              AgentBedrockApp.class.getName(),
              bedrock.endpoint().toString());

      assertThat(run.exitCode()).as(run.output()).isZero();
      List<ExportedSpan> spans =
          otlp.spans().stream().map(ExportedSpan::of).collect(Collectors.toList());
      String dump = spans.stream().map(ExportedSpan::toString).collect(Collectors.joining("\n  "));
      ExportedSpan converse = chat(spans, "Converse", dump);
      ExportedSpan stream = chat(spans, "ConverseStream", dump);
      assertThat(converse.cost()).isCloseTo((1_200 * INPUT + 300 * OUTPUT) / 1e6, within(1e-12));
      assertThat(stream.cost()).isCloseTo((900 * INPUT + 40 * OUTPUT) / 1e6, within(1e-12));
      assertThat(spans)
          .as(dump)
          .noneMatch(s -> s.has("gen_ai.input.messages") || s.has("gen_ai.output.messages"));
    }
  }

  /** The agent's Bedrock span of the call {@code rpcMethod} ({@code Converse}, ...). */
  private static ExportedSpan chat(List<ExportedSpan> spans, String rpcMethod, String dump) {
    return spans.stream()
        .filter(s -> rpcMethod.equals(s.attribute("rpc.method")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + rpcMethod + " span among" + dump));
  }
}
