/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent;

import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.testing.AgentJvm;
import io.last9.genai.testing.FakeOpenAI;
import io.last9.genai.testing.GenAiContentSchema;
import io.last9.genai.testing.OtlpReceiver;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The real OpenTelemetry Java agent (lowest and newest supported version) with this module's jar as
 * its extension, running {@link AgentScenarioApp} in a child JVM and exporting over OTLP/HTTP to a
 * receiver in this test.
 */
class JavaagentExtensionIT {

  static List<String> agentVersions() {
    return AgentJvm.agentVersions();
  }

  @ParameterizedTest(name = "agent {0}")
  @MethodSource("agentVersions")
  void theApplicationsScopesReachEverySpanTheAgentMakes(String version) throws Exception {
    try (FakeOpenAI openai = ScenarioServer.start();
        OtlpReceiver otlp = OtlpReceiver.start()) {
      AgentJvm.Result run = AgentApps.runScenario(version, otlp, openai, Map.of());

      assertThat(run.exitCode()).as(run.output()).isZero();
      assertThat(run.output())
          .contains(Scenario.DONE)
          .doesNotContain("last9-genai is not active")
          .doesNotContain("closed while");
      ScenarioAssertions.assertScenario(exported(otlp), otlp.sum("gen_ai.client.cost"));

      // every shape of @ObserveGenAi method is woven: a CompletionStage ends its span when it
      // completes,
      // a void
      // method and one that throws are observed, and the thrown exception reached the caller
      assertThat(run.output()).contains("value of k", "caught: nothing to note");
      List<ExportedSpan> spans = exported(otlp);
      assertThat(spans)
          .filteredOn(s -> s.name().equals(ObservedCalls.ASYNC_LOOKUP))
          .singleElement()
          .satisfies(
              s ->
                  assertThat(s.durationNanos())
                      .isGreaterThanOrEqualTo(ObservedCalls.ASYNC_DELAY_MILLIS * 1_000_000));
      assertThat(spans)
          .filteredOn(s -> s.name().equals(ObservedCalls.NOTE))
          .extracting(ExportedSpan::status)
          .containsExactlyInAnyOrder("UNSET", "ERROR");
    }
  }

  /**
   * The application also runs the library's processor in an SDK of its own ({@code
   * Last9GenAi.install()}): its workflow and observed spans go there, the agent's spans to the
   * agent's SDK, and every call is still priced once, counted once in its workflow and once in the
   * cost metric, and every span carries its scopes. (The agent cannot parent its spans on another
   * SDK's, so they start traces of their own: two SDKs split traces.)
   */
  @ParameterizedTest(name = "agent {0}")
  @MethodSource("agentVersions")
  void anApplicationWithItsOwnProcessorPricesEachCallOnce(String version) throws Exception {
    try (FakeOpenAI openai = ScenarioServer.start();
        OtlpReceiver otlp = OtlpReceiver.start()) {
      AgentJvm.Result run =
          AgentApps.runScenario(version, otlp, openai, Map.of(AgentScenarioApp.OWN_SDK, "true"));

      assertThat(run.exitCode()).as(run.output()).isZero();
      assertThat(run.output()).contains(Scenario.DONE);
      assertThat(distrosOf(otlp, Scenario.ANSWER))
          .as("the observed spans come from the application's SDK")
          .containsOnly("none");
      assertThat(distrosOf(otlp, "chat gpt-4o"))
          .as("the chat spans from the agent's")
          .containsOnly("opentelemetry-java-instrumentation");
      ScenarioAssertions.assertScenarioAttributes(exported(otlp), otlp.sum("gen_ai.client.cost"));
    }
  }

  /**
   * {@code otel.traces.sampler=last9_conversation} in the agent decides by the application's
   * conversation: with a ratio of 0 every span of the conversation is dropped, whoever makes it,
   * and the spans outside it are kept.
   */
  @ParameterizedTest(name = "agent {0}")
  @MethodSource("agentVersions")
  void theConversationSamplerSeesTheApplicationsConversation(String version) throws Exception {
    try (FakeOpenAI openai = ScenarioServer.start();
        OtlpReceiver otlp = OtlpReceiver.start()) {
      AgentJvm.Result run =
          AgentApps.runScenario(
              version,
              otlp,
              openai,
              Map.of(
                  "otel.traces.sampler",
                  "last9_conversation",
                  "otel.last9.genai.sampler.ratio",
                  "0.0",
                  "otel.last9.genai.sampler.delegate",
                  "parentbased_always_on"));

      assertThat(run.exitCode()).as(run.output()).isZero();
      List<ExportedSpan> spans = exported(otlp);
      assertThat(spans)
          .as("nothing of the conversation is exported")
          .noneMatch(s -> s.has("gen_ai.conversation.id"))
          .noneMatch(
              s -> s.name().equals(Scenario.ANSWER) || s.name().startsWith("invoke_workflow"));
      assertThat(spans)
          .as("what ran outside it is")
          .anyMatch(s -> "chatcmpl-fake-6".equals(s.attribute("gen_ai.response.id")))
          .anyMatch(s -> s.name().equals(ObservedCalls.ASYNC_LOOKUP));
    }
  }

  /**
   * With content capture on, the openai-java instrumentation's per-message log events become the
   * conventions' {@code gen_ai.input.messages} / {@code gen_ai.output.messages} on its chat spans
   * (the schema checked), as the observed calls' content is, and no removed key is written.
   */
  @ParameterizedTest(name = "agent {0}")
  @MethodSource("agentVersions")
  void theInstrumentationsMessageEventsBecomeTheConventionsContentKeys(String version)
      throws Exception {
    try (FakeOpenAI openai = ScenarioServer.start();
        OtlpReceiver otlp = OtlpReceiver.start()) {
      AgentJvm.Result run =
          AgentApps.runScenario(
              version,
              otlp,
              openai,
              Map.of("otel.instrumentation.genai.capture-message-content", "true"));

      assertThat(run.exitCode()).as(run.output()).isZero();
      List<SpanData> chats =
          otlp.spans().stream()
              .filter(s -> s.getName().equals("chat gpt-4o"))
              .collect(Collectors.toList());
      assertThat(chats).isNotEmpty();
      for (SpanData chat : chats) {
        assertThat(GenAiContentSchema.assertValid(chat)).as(chat.toString()).isEqualTo(2);
        assertThat(chat.getAttributes().get(AttributeKey.stringKey("gen_ai.prompt"))).isNull();
      }
      assertThat(chats)
          .extracting(s -> GenAiContentSchema.texts(s, GenAiContentSchema.INPUT_MESSAGES))
          .contains(List.of("Rerank these documents."));
      assertThat(chats)
          .allSatisfy(
              s ->
                  assertThat(GenAiContentSchema.texts(s, GenAiContentSchema.OUTPUT_MESSAGES))
                      .singleElement()
                      .isNotNull());
      SpanData answer =
          otlp.spans().stream()
              .filter(s -> s.getName().equals(Scenario.ANSWER))
              .findFirst()
              .orElseThrow();
      assertThat(GenAiContentSchema.assertValid(answer)).isEqualTo(2);
      assertThat(GenAiContentSchema.texts(answer, GenAiContentSchema.INPUT_MESSAGES))
          .containsExactly("What is RAG?");
    }
  }

  private static List<ExportedSpan> exported(OtlpReceiver otlp) {
    return otlp.spans().stream().map(ExportedSpan::of).collect(Collectors.toList());
  }

  /**
   * The {@code telemetry.distro.name}s of the resources spans named {@code name} came with: the
   * agent's ({@code opentelemetry-java-instrumentation}), or "none" for an SDK the application
   * built.
   */
  private static Set<String> distrosOf(OtlpReceiver otlp, String name) {
    Set<String> distros = new TreeSet<>();
    for (SpanData s : otlp.spans()) {
      if (s.getName().equals(name)) {
        String d = s.getResource().getAttribute(AttributeKey.stringKey("telemetry.distro.name"));
        distros.add(d == null ? "none" : d);
      }
    }
    return distros;
  }
}
