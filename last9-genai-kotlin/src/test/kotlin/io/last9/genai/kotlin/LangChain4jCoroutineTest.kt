/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.kotlin

import dev.langchain4j.model.chat.ChatModel
import dev.langchain4j.model.chat.StreamingChatModel
import dev.langchain4j.model.openai.OpenAiChatModel
import dev.langchain4j.model.openai.OpenAiStreamingChatModel
import io.last9.genai.GenAiAttributes
import io.last9.genai.ProcessorTables
import io.last9.genai.langchain4j.Last9ChatModelListener
import io.last9.genai.testing.FakeOpenAI
import io.last9.genai.testing.Last9TelemetryExtension
import io.last9.genai.testing.OpenAITokens
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import org.assertj.core.api.Assertions.assertThat
import org.assertj.core.api.Assertions.within
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.RegisterExtension

/**
 * A Kotlin application's LangChain4j calls, made inside coroutines against the loopback OpenAI
 * fake: the model spans of last9-genai-langchain4j carry the conversation and turn of the coroutine
 * scope they were made in, and are priced from the bundled catalog.
 */
class LangChain4jCoroutineTest {

  @JvmField @RegisterExtension val otel: Last9TelemetryExtension = Last9TelemetryExtension.create()

  @JvmField @RegisterExtension val server: FakeOpenAI = FakeOpenAI.start()

  private fun chatModel(): ChatModel =
    OpenAiChatModel.builder()
      .baseUrl(server.baseUrl())
      .apiKey("test-key")
      .modelName("gpt-4o")
      .maxRetries(0)
      .listeners(listOf(Last9ChatModelListener.create(otel.openTelemetry())))
      .build()

  private fun streamingModel(): StreamingChatModel =
    OpenAiStreamingChatModel.builder()
      .baseUrl(server.baseUrl())
      .apiKey("test-key")
      .modelName("gpt-4o")
      .listeners(listOf(Last9ChatModelListener.create(otel.openTelemetry())))
      .build()

  @Test
  fun `chat calls on Dispatchers IO carry the conversation and turn and are priced`() {
    server.enqueue(
      FakeOpenAI.chatCompletion(
        "chatcmpl-k1",
        "gpt-4o-2024-08-06",
        "Sunny.",
        OpenAITokens.of(1200, 300),
      ),
      FakeOpenAI.chatCompletion(
        "chatcmpl-k2",
        "gpt-4o-2024-08-06",
        "No umbrella.",
        OpenAITokens.of(2000, 100).withCachedTokens(1000),
      ),
    )
    val model = chatModel()

    val answers = runBlocking {
      conversation("conv-kotlin", userId = "u-kt") {
        val first = withContext(Dispatchers.IO) { model.chat("Weather in SF?") }
        val second =
          workflow("wf-kotlin", type = "follow-up", openTelemetry = otel.openTelemetry()) {
            async(Dispatchers.IO) { model.chat("Will I need an umbrella?") }.await()
          }
        listOf(first, second)
      }
    }

    assertThat(answers).containsExactly("Sunny.", "No umbrella.")
    val chats = otel.spans("chat gpt-4o").sortedBy { it.startEpochNanos }
    assertThat(chats).hasSize(2)
    val first = chats[0].attributes
    assertThat(first.get(GenAiAttributes.CONVERSATION_ID)).isEqualTo("conv-kotlin")
    assertThat(first.get(GenAiAttributes.USER_ID)).isEqualTo("u-kt")
    assertThat(first.get(GenAiAttributes.CONVERSATION_TURN)).isEqualTo(1L)
    assertThat(first.get(GenAiAttributes.RESPONSE_ID)).isEqualTo("chatcmpl-k1")
    // gpt-4o: 1,200 x 2.50 + 300 x 10.00 per million
    assertThat(first.get(GenAiAttributes.USAGE_COST_USD)).isCloseTo(0.006, within(1e-12))

    val workflow = otel.span("invoke_workflow follow-up")
    val second = chats[1]
    assertThat(second.parentSpanId).isEqualTo(workflow.spanId)
    assertThat(second.attributes.get(GenAiAttributes.CONVERSATION_ID)).isEqualTo("conv-kotlin")
    assertThat(second.attributes.get(GenAiAttributes.CONVERSATION_TURN)).isEqualTo(2L)
    // 1,000 uncached x 2.50 + 1,000 cached x 1.25 + 100 x 10.00 per million
    assertThat(second.attributes.get(GenAiAttributes.USAGE_COST_USD))
      .isCloseTo(0.00475, within(1e-12))
    assertThat(workflow.attributes.get(GenAiAttributes.WORKFLOW_TOTAL_COST_USD))
      .isCloseTo(0.00475, within(1e-12))
    assertThat(workflow.attributes.get(GenAiAttributes.WORKFLOW_LLM_CALLS)).isEqualTo(1L)
    assertThat(workflow.attributes.get(GenAiAttributes.CONVERSATION_TURN)).isEqualTo(2L)
  }

  @Test
  fun `a streamed answer consumed as a Flow in a coroutine is one priced turn of the conversation`() {
    server.enqueue(
      FakeOpenAI.chatCompletionStream(
        "chatcmpl-ks",
        "gpt-4o-2024-08-06",
        listOf("Fog ", "until ", "noon."),
        OpenAITokens.of(1200, 300).withCachedTokens(1000),
      )
    )
    val model = streamingModel()

    val parts = runBlocking {
      conversation("conv-stream-kt", userId = "u-s") {
        workflow("wf-stream-kt", type = "streamed", openTelemetry = otel.openTelemetry()) {
          val parts = withContext(Dispatchers.IO) { model.stream("Weather in SF?").toList() }
          // LangChain4j ends the span just after its completion handler returns, on its own thread
          otel.awaitSpans("chat gpt-4o", 1)
          parts
        }
      }
    }

    assertThat(parts.joinToString("")).isEqualTo("Fog until noon.")
    val workflow = otel.span("invoke_workflow streamed")
    val chat = otel.span("chat gpt-4o")
    assertThat(chat.parentSpanId).isEqualTo(workflow.spanId)
    val a = chat.attributes
    assertThat(a.get(GenAiAttributes.CONVERSATION_ID)).isEqualTo("conv-stream-kt")
    assertThat(a.get(GenAiAttributes.USER_ID)).isEqualTo("u-s")
    assertThat(a.get(GenAiAttributes.CONVERSATION_TURN)).isEqualTo(1L)
    assertThat(a.get(GenAiAttributes.USAGE_INPUT_TOKENS)).isEqualTo(1200L)
    // 200 x 2.50 + 1,000 cached x 1.25 + 300 x 10.00 per million
    assertThat(a.get(GenAiAttributes.USAGE_COST_USD)).isCloseTo(0.00475, within(1e-12))
    assertThat(workflow.attributes.get(GenAiAttributes.WORKFLOW_TOTAL_COST_USD))
      .isCloseTo(0.00475, within(1e-12))
    assertThat(ProcessorTables.openSpans(otel.processor())).isZero()
  }
}
