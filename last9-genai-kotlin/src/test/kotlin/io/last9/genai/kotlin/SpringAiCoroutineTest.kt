/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.kotlin

import io.last9.genai.GenAiAttributes
import io.last9.genai.ProcessorTables
import io.last9.genai.testing.FakeOpenAI
import io.last9.genai.testing.Last9TelemetryExtension
import io.last9.genai.testing.OpenAITokens
import io.micrometer.observation.ObservationRegistry
import io.micrometer.tracing.handler.DefaultTracingObservationHandler
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext
import io.micrometer.tracing.otel.bridge.OtelTracer
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.reactive.asFlow
import kotlinx.coroutines.reactor.awaitSingle
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import org.assertj.core.api.Assertions.assertThat
import org.assertj.core.api.Assertions.within
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.RegisterExtension
import org.springframework.ai.chat.model.ChatResponse
import org.springframework.ai.chat.prompt.Prompt
import org.springframework.ai.openai.OpenAiChatModel
import org.springframework.ai.openai.OpenAiChatOptions
import org.springframework.ai.openai.api.OpenAiApi

/**
 * A Kotlin application's Spring AI calls, made inside coroutines with Spring AI's real
 * `OpenAiChatModel` against the loopback OpenAI fake. Spring AI reports each call as a Micrometer
 * observation; Micrometer Tracing's OpenTelemetry bridge makes it a span whose parent is the
 * OpenTelemetry context current when the observation starts, which inside these scopes is the
 * coroutine's. So the `chat gpt-4o` span carries the conversation, user and turn of the coroutine
 * scope it was made in, is priced from the bundled catalog, and counts in its workflow.
 */
class SpringAiCoroutineTest {

  @JvmField @RegisterExtension val otel: Last9TelemetryExtension = Last9TelemetryExtension.create()

  @JvmField @RegisterExtension val server: FakeOpenAI = FakeOpenAI.start()

  /** Spring AI's OpenAI model, reporting to an observation registry traced into the test's SDK. */
  private fun chatModel(): OpenAiChatModel {
    val tracer = OtelTracer(otel.tracer(), OtelCurrentTraceContext()) {}
    val registry = ObservationRegistry.create()
    registry.observationConfig().observationHandler(DefaultTracingObservationHandler(tracer))
    // Spring AI 1.x appends /v1/chat/completions to the base URL itself
    val origin = server.baseUrl().removeSuffix("/v1")
    return OpenAiChatModel.builder()
      .openAiApi(OpenAiApi.builder().baseUrl(origin).apiKey("test-key").build())
      // a streamed answer reports its usage only when asked, as OpenAI's does
      .defaultOptions(OpenAiChatOptions.builder().model("gpt-4o").streamUsage(true).build())
      .observationRegistry(registry)
      .build()
  }

  private fun ChatResponse.text(): String = result?.output?.text ?: ""

  @Test
  fun `calls on Dispatchers IO and in async carry the conversation and turn and are priced`() {
    server.enqueue(
      FakeOpenAI.chatCompletion(
        "chatcmpl-s1",
        "gpt-4o-2024-08-06",
        "Sunny.",
        OpenAITokens.of(1200, 300),
      ),
      FakeOpenAI.chatCompletion(
        "chatcmpl-s2",
        "gpt-4o-2024-08-06",
        "No umbrella.",
        OpenAITokens.of(2000, 100),
      ),
    )
    val model = chatModel()

    val answers = runBlocking {
      conversation("conv-spring-kt", userId = "u-sp") {
        val first = withContext(Dispatchers.IO) { model.call(Prompt("Weather in SF?")).text() }
        val second =
          workflow("wf-spring-kt", type = "follow-up", openTelemetry = otel.openTelemetry()) {
            async(Dispatchers.IO) { model.call(Prompt("Will I need an umbrella?")).text() }.await()
          }
        listOf(first, second)
      }
    }

    assertThat(answers).containsExactly("Sunny.", "No umbrella.")
    val chats = otel.spans("chat gpt-4o").sortedBy { it.startEpochNanos }
    assertThat(chats).hasSize(2)
    val first = chats[0].attributes
    assertThat(first.get(GenAiAttributes.CONVERSATION_ID)).isEqualTo("conv-spring-kt")
    assertThat(first.get(GenAiAttributes.USER_ID)).isEqualTo("u-sp")
    assertThat(first.get(GenAiAttributes.CONVERSATION_TURN)).isEqualTo(1L)
    // gpt-4o: 1,200 x 2.50 + 300 x 10.00 per million
    assertThat(first.get(GenAiAttributes.USAGE_COST_USD)).isCloseTo(0.006, within(1e-12))

    val workflow = otel.span("invoke_workflow follow-up")
    val second = chats[1]
    assertThat(second.parentSpanId).isEqualTo(workflow.spanId)
    assertThat(second.attributes.get(GenAiAttributes.CONVERSATION_ID)).isEqualTo("conv-spring-kt")
    assertThat(second.attributes.get(GenAiAttributes.USER_ID)).isEqualTo("u-sp")
    assertThat(second.attributes.get(GenAiAttributes.CONVERSATION_TURN)).isEqualTo(2L)
    // 2,000 x 2.50 + 100 x 10.00 per million
    assertThat(second.attributes.get(GenAiAttributes.USAGE_COST_USD))
      .isCloseTo(0.006, within(1e-12))
    assertThat(workflow.attributes.get(GenAiAttributes.WORKFLOW_TOTAL_COST_USD))
      .isCloseTo(0.006, within(1e-12))
    assertThat(workflow.attributes.get(GenAiAttributes.WORKFLOW_LLM_CALLS)).isEqualTo(1L)
    assertThat(workflow.attributes.get(GenAiAttributes.CONVERSATION_TURN)).isEqualTo(2L)
    assertThat(ProcessorTables.openSpans(otel.processor())).isZero()
  }

  @Test
  fun `a streamed Flux read as a Flow and as a Mono in a workflow is priced and totalled`() {
    server.enqueue(
      FakeOpenAI.chatCompletionStream(
        "chatcmpl-ss1",
        "gpt-4o-2024-08-06",
        listOf("Fog ", "until ", "noon."),
        OpenAITokens.of(1200, 300),
      ),
      FakeOpenAI.chatCompletionStream(
        "chatcmpl-ss2",
        "gpt-4o-2024-08-06",
        listOf("Take ", "a coat."),
        OpenAITokens.of(400, 50),
      ),
    )
    val model = chatModel()

    val answers = runBlocking {
      conversation("conv-spring-stream-kt", userId = "u-ss") {
        workflow("wf-spring-stream-kt", type = "streamed", openTelemetry = otel.openTelemetry()) {
          val first =
            withContext(Dispatchers.IO) {
              model.stream(Prompt("Weather in SF?")).asFlow().map { it.text() }.toList()
            }
          val second =
            model.stream(Prompt("And tonight?")).collectList().awaitSingle().joinToString("") {
              it.text()
            }
          // the span ends when Spring AI sees the stream complete, on the HTTP client's thread
          otel.awaitSpans("chat gpt-4o", 2)
          listOf(first.joinToString(""), second)
        }
      }
    }

    assertThat(answers).containsExactly("Fog until noon.", "Take a coat.")
    assertThat(
        server.requests().map {
          it.json().path("stream_options").path("include_usage").asBoolean(false)
        }
      )
      .containsExactly(true, true)
    val workflow = otel.span("invoke_workflow streamed")
    val chats = otel.spans("chat gpt-4o").sortedBy { it.startEpochNanos }
    assertThat(chats).hasSize(2)
    assertThat(chats).allSatisfy { chat ->
      assertThat(chat.parentSpanId).isEqualTo(workflow.spanId)
      assertThat(chat.attributes.get(GenAiAttributes.CONVERSATION_ID))
        .isEqualTo("conv-spring-stream-kt")
      assertThat(chat.attributes.get(GenAiAttributes.USER_ID)).isEqualTo("u-ss")
      assertThat(chat.attributes.get(GenAiAttributes.CONVERSATION_TURN)).isEqualTo(1L)
    }
    // 1,200 x 2.50 + 300 x 10.00, then 400 x 2.50 + 50 x 10.00, per million
    assertThat(chats[0].attributes.get(GenAiAttributes.USAGE_COST_USD))
      .isCloseTo(0.006, within(1e-12))
    assertThat(chats[1].attributes.get(GenAiAttributes.USAGE_COST_USD))
      .isCloseTo(0.0015, within(1e-12))
    assertThat(workflow.attributes.get(GenAiAttributes.WORKFLOW_TOTAL_COST_USD))
      .isCloseTo(0.0075, within(1e-12))
    assertThat(workflow.attributes.get(GenAiAttributes.WORKFLOW_LLM_CALLS)).isEqualTo(2L)
    assertThat(ProcessorTables.openSpans(otel.processor())).isZero()
  }
}
