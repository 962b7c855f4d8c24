/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.kotlin.agent

import dev.langchain4j.model.openai.OpenAiChatModel
import dev.langchain4j.model.openai.OpenAiStreamingChatModel
import io.last9.genai.kotlin.conversation
import io.last9.genai.kotlin.observe
import io.last9.genai.kotlin.stream
import io.last9.genai.kotlin.workflow
import io.last9.genai.langchain4j.Last9ChatModelListener
import io.last9.genai.observe.GenAiObservation
import io.last9.genai.observe.ObservedCall
import io.last9.genai.pricing.Usage
import io.opentelemetry.api.GlobalOpenTelemetry
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.flow.flowOn
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield

/**
 * A Kotlin application with no OpenTelemetry set-up of its own, run under the Java agent with the
 * last9-genai extension: its coroutines hop between dispatchers inside the library's scopes, and
 * every span they start (LangChain4j's model calls, observed calls, the application's own spans)
 * must carry the conversation, turn and workflow of the scope the code was written in.
 *
 * Args: the loopback OpenAI fake's base URL. Each span the application starts itself records the
 * thread it started on as `app.thread`, so the test can tell that the code did move.
 */
object KotlinAgentApp {

  const val DONE = "kotlin-agent-app: done"

  @JvmStatic
  fun main(args: Array<String>) {
    val baseUrl = args[0]
    val otel = GlobalOpenTelemetry.get() // the agent's
    val listener = Last9ChatModelListener.create(otel)
    val model =
      OpenAiChatModel.builder()
        .baseUrl(baseUrl)
        .apiKey("test-key")
        .modelName("gpt-4o")
        .maxRetries(0)
        .listeners(listOf(listener))
        .build()
    val streaming =
      OpenAiStreamingChatModel.builder()
        .baseUrl(baseUrl)
        .apiKey("test-key")
        .modelName("gpt-4o")
        .listeners(listOf(listener))
        .build()
    val tracer = otel.getTracer("kotlin-agent-app")
    fun appSpan(name: String) {
      tracer
        .spanBuilder(name)
        .setAttribute("app.thread", Thread.currentThread().name)
        .startSpan()
        .end()
    }

    runBlocking {
      conversation("kt-agent-conv", userId = "kt-agent-user") {
        // turn 1: a model call on Dispatchers.IO, the application's own span on Default
        withContext(Dispatchers.IO) { model.chat("Weather in SF?") }
        withContext(Dispatchers.Default) { appSpan("app.turn1.default") }

        // turn 2: a workflow whose observed calls run concurrently on Default, each after a yield,
        // and a coroutine it launched on IO that ends after the observed calls
        workflow("kt-agent-wf", type = "rag") {
          launch(Dispatchers.IO) {
            yield()
            appSpan("app.turn2.launched")
          }
          (1..2)
            .map { i ->
              async(Dispatchers.Default) {
                GenAiObservation.llm("observed").build().observe {
                  yield()
                  ObservedCall.current().reportUsage("gpt-4o", Usage.of(1000L * i, 100))
                  appSpan("app.turn2.observed$i")
                }
              }
            }
            .awaitAll()
        }

        // turn 3: a streamed answer read as a Flow on IO
        val parts = streaming.stream("Will it rain?").flowOn(Dispatchers.IO).toList()
        println("kotlin-agent-app: streamed " + parts.joinToString(""))
      }
      // outside every scope
      withContext(Dispatchers.IO) { appSpan("app.outside") }
    }
    // the test exports spans every 100 ms and metrics every 500 ms: let an export follow the last
    // call, as the agent does not always finish the one at shutdown before the JVM exits
    Thread.sleep(1_200)
    println(DONE)
  }
}
