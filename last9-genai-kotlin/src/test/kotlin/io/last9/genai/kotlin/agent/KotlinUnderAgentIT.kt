/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.kotlin.agent

import io.last9.genai.GenAiAttributes
import io.last9.genai.testing.AgentJvm
import io.last9.genai.testing.FakeOpenAI
import io.last9.genai.testing.OpenAITokens
import io.last9.genai.testing.OtlpReceiver
import io.opentelemetry.api.common.AttributeKey
import io.opentelemetry.sdk.trace.data.SpanData
import org.assertj.core.api.Assertions.assertThat
import org.assertj.core.api.Assertions.within
import org.junit.jupiter.params.ParameterizedTest
import org.junit.jupiter.params.provider.MethodSource

/**
 * [KotlinAgentApp] in a child JVM under the real OpenTelemetry Java agent (lowest and newest
 * supported) with the extension jar: the agent's own kotlinx-coroutines instrumentation and the
 * library's scopes each carry a context across suspensions, and the spans must come out as they do
 * beside the SDK: every span in the conversation with its id, user and turn, the workflow's totals,
 * and every model call priced.
 */
class KotlinUnderAgentIT {

  companion object {
    private val APP_THREAD = AttributeKey.stringKey("app.thread")
  }

  @ParameterizedTest(name = "agent {0}")
  @MethodSource("io.last9.genai.testing.AgentJvm#agentVersions")
  fun `coroutine scopes under the agent come out as beside the SDK`(version: String) {
    FakeOpenAI.start().use { openai ->
      OtlpReceiver.start().use { otlp ->
        openai.enqueue(
          FakeOpenAI.chatCompletion(
            "chatcmpl-kt1",
            "gpt-4o-2024-08-06",
            "Sunny.",
            OpenAITokens.of(1200, 300),
          ),
          FakeOpenAI.chatCompletionStream(
            "chatcmpl-kt3",
            "gpt-4o-2024-08-06",
            listOf("Rain ", "after ", "noon."),
            OpenAITokens.of(1200, 300).withCachedTokens(1000),
          ),
        )
        val output = run(version, otlp, openai)
        assertThat(output).contains(KotlinAgentApp.DONE, "streamed Rain after noon.")

        // the agent's SDK flushes its spans and metrics at exit, before the process ends
        val spans = otlp.spans()
        assertThat(spans.count { it.name == "chat gpt-4o" }).isEqualTo(2)
        fun named(name: String) = spans.single { it.name == name }
        fun SpanData.conversation() = attributes.get(GenAiAttributes.CONVERSATION_ID)
        fun SpanData.turn() = attributes.get(GenAiAttributes.CONVERSATION_TURN)
        fun SpanData.cost() = attributes.get(GenAiAttributes.USAGE_COST_USD)

        // turn 1: LangChain4j's call on Dispatchers.IO, priced (1,200 x 2.50 + 300 x 10.00 per M)
        val chats = spans.filter { it.name == "chat gpt-4o" }.sortedBy { it.startEpochNanos }
        val first = chats[0]
        // made by the agent's SDK, the application having none
        assertThat(first.resource.getAttribute(AttributeKey.stringKey("telemetry.distro.name")))
          .isEqualTo("opentelemetry-java-instrumentation")
        assertThat(first.resource.getAttribute(AttributeKey.stringKey("service.name")))
          .isEqualTo("last9-kotlin-agent-it")
        assertThat(first.conversation()).isEqualTo("kt-agent-conv")
        assertThat(first.attributes.get(GenAiAttributes.USER_ID)).isEqualTo("kt-agent-user")
        assertThat(first.turn()).isEqualTo(1L)
        assertThat(first.cost()).isCloseTo(0.006, within(1e-12))
        val turn1 = named("app.turn1.default")
        assertThat(turn1.conversation()).isEqualTo("kt-agent-conv")
        assertThat(turn1.attributes.get(APP_THREAD)).startsWith("DefaultDispatcher-worker")

        // turn 2: the workflow, its observed calls on Default, and what it launched on IO
        val workflow = named("invoke_workflow rag")
        assertThat(workflow.conversation()).isEqualTo("kt-agent-conv")
        assertThat(workflow.turn()).isEqualTo(2L)
        val observed =
          spans
            .filter { it.attributes.get(GenAiAttributes.WORKFLOW_ID) == "kt-agent-wf" }
            .filter { it.cost() != null }
            .sortedBy { it.attributes.get(GenAiAttributes.USAGE_INPUT_TOKENS) }
        assertThat(observed).hasSize(2)
        // gpt-4o: 1,000 x 2.50 + 100 x 10.00 and 2,000 x 2.50 + 100 x 10.00 per million
        assertThat(observed.map { it.cost()!! })
          .satisfiesExactly(
            { assertThat(it).isCloseTo(0.0035, within(1e-12)) },
            { assertThat(it).isCloseTo(0.006, within(1e-12)) },
          )
        for ((i, call) in observed.withIndex()) {
          assertThat(call.parentSpanId).isEqualTo(workflow.spanId)
          assertThat(call.conversation()).isEqualTo("kt-agent-conv")
          assertThat(call.turn()).isEqualTo(2L)
          val inside = named("app.turn2.observed${i + 1}")
          assertThat(inside.parentSpanId).isEqualTo(call.spanId)
          assertThat(inside.turn()).isEqualTo(2L)
          assertThat(inside.attributes.get(APP_THREAD)).startsWith("DefaultDispatcher-worker")
        }
        val launched = named("app.turn2.launched")
        assertThat(launched.parentSpanId).isEqualTo(workflow.spanId)
        assertThat(launched.turn()).isEqualTo(2L)
        assertThat(launched.attributes.get(GenAiAttributes.WORKFLOW_ID)).isEqualTo("kt-agent-wf")
        assertThat(workflow.attributes.get(GenAiAttributes.WORKFLOW_LLM_CALLS)).isEqualTo(2L)
        assertThat(workflow.attributes.get(GenAiAttributes.WORKFLOW_TOTAL_COST_USD))
          .isCloseTo(0.0095, within(1e-12))

        // turn 3: the streamed answer read as a Flow on IO, its usage priced
        // (200 x 2.50 + 1,000 cached x 1.25 + 300 x 10.00 per million)
        val streamed = chats[1]
        assertThat(streamed.conversation()).isEqualTo("kt-agent-conv")
        assertThat(streamed.turn()).isEqualTo(3L)
        assertThat(streamed.cost()).isCloseTo(0.00475, within(1e-12))

        // outside every scope: nothing of the conversation
        val outside = named("app.outside")
        assertThat(outside.conversation()).isNull()
        assertThat(outside.turn()).isNull()

        // the cost metric counts every priced call once
        assertThat(otlp.sum("gen_ai.client.cost")).isCloseTo(0.02025, within(1e-12))
      }
    }
  }

  private fun run(version: String, otlp: OtlpReceiver, openai: FakeOpenAI): String {
    val run =
      AgentJvm.run(
        version,
        otlp.endpoint(),
        mapOf("otel.service.name" to "last9-kotlin-agent-it"),
        AgentJvm.applicationClasspath(),
        KotlinAgentApp::class.java.name,
        openai.baseUrl(),
      )
    assertThat(run.exitCode())
      .withFailMessage("exit %s:%n%s", run.exitCode(), run.output())
      .isZero()
    return run.output()
  }
}
