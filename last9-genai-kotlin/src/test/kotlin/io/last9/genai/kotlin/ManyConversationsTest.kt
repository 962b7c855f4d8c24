/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.kotlin

import io.last9.genai.GenAiAttributes
import io.last9.genai.ProcessorTables
import io.last9.genai.observe.GenAiObservation
import io.last9.genai.observe.ObservedCall
import io.last9.genai.pricing.Usage
import io.last9.genai.testing.Last9TelemetryExtension
import io.opentelemetry.sdk.trace.data.SpanData
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield
import org.assertj.core.api.Assertions.assertThat
import org.assertj.core.api.Assertions.within
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.RegisterExtension

/**
 * 10,000 conversations of 10 turns each, all at once on Dispatchers.Default: each turn is a
 * workflow with two priced calls, one on Dispatchers.IO and one after a yield, so every turn
 * suspends and resumes on other threads while thousands of other conversations run. Every span's
 * conversation and turn, and every workflow's totals, must be exact.
 */
class ManyConversationsTest {

  @JvmField @RegisterExtension val otel: Last9TelemetryExtension = Last9TelemetryExtension.create()

  private companion object {
    const val CONVERSATIONS = 10_000
    const val TURNS = 10

    /** Distinct token counts per call, so a call landing in another turn's workflow shows. */
    fun input(c: Int, t: Int, i: Int) = 1_000L + c * 100L + t * 10L + i

    fun output(c: Int, t: Int, i: Int) = 10L + t * 2L + i

    /** gpt-4o in the bundled catalog: 2.50 input, 10.00 output per million tokens. */
    fun cost(input: Long, output: Long) = (input * 2.5 + output * 10.0) / 1e6
  }

  @Test
  fun `turns and workflow totals stay exact for 10,000 conversations of 10 turns`() {
    val chat =
      GenAiObservation.llm("chat")
        .openTelemetry(otel.openTelemetry())
        .captureInput(false)
        .captureOutput(false)
        .build()

    suspend fun call(c: Int, t: Int, i: Int) = chat.observe {
      ObservedCall.current().reportUsage("gpt-4o", Usage.of(input(c, t, i), output(c, t, i)))
    }

    runBlocking {
      withContext(Dispatchers.Default) {
        for (c in 0 until CONVERSATIONS) {
          launch {
            conversation("conv-$c", userId = "user-${c % 97}") {
              for (t in 0 until TURNS) {
                workflow("wf-$c-$t", type = "turn", openTelemetry = otel.openTelemetry()) {
                  val onIo = async(Dispatchers.IO) { call(c, t, 0) }
                  yield()
                  call(c, t, 1)
                  onIo.await()
                }
              }
            }
          }
        }
      }
    }

    val spans = otel.spans()
    val workflows = spans.filter { it.name == "invoke_workflow turn" }
    val chats = spans.filter { it.name == "chat" }
    assertThat(workflows).hasSize(CONVERSATIONS * TURNS)
    assertThat(chats).hasSize(CONVERSATIONS * TURNS * 2)

    val workflowBySpanId = HashMap<String, SpanData>(workflows.size * 2)
    val seen = HashSet<String>(workflows.size * 2)
    for (w in workflows) {
      val (c, t) =
        w.attributes.get(GenAiAttributes.WORKFLOW_ID)!!.removePrefix("wf-").split('-').map {
          it.toInt()
        }
      assertThat(seen.add("$c-$t")).isTrue()
      workflowBySpanId[w.spanId] = w
      val a = w.attributes
      check(a.get(GenAiAttributes.CONVERSATION_ID) == "conv-$c") { "workflow $c-$t: ${a}" }
      check(a.get(GenAiAttributes.USER_ID) == "user-${c % 97}") { "workflow $c-$t: ${a}" }
      check(a.get(GenAiAttributes.CONVERSATION_TURN) == t + 1L) { "workflow $c-$t: ${a}" }
      check(a.get(GenAiAttributes.WORKFLOW_LLM_CALLS) == 2L) { "workflow $c-$t: ${a}" }
      val input = input(c, t, 0) + input(c, t, 1)
      val output = output(c, t, 0) + output(c, t, 1)
      check(a.get(GenAiAttributes.WORKFLOW_INPUT_TOKENS) == input) { "workflow $c-$t: ${a}" }
      check(a.get(GenAiAttributes.WORKFLOW_OUTPUT_TOKENS) == output) { "workflow $c-$t: ${a}" }
      assertThat(a.get(GenAiAttributes.WORKFLOW_TOTAL_COST_USD))
        .isCloseTo(cost(input, output), within(1e-15))
    }

    val calls = HashSet<String>(chats.size * 2)
    val costOfCalls = HashMap<String, Double>(workflows.size * 2)
    for (s in chats) {
      val a = s.attributes
      val w = workflowBySpanId[s.parentSpanId] ?: error("chat span outside a workflow: $a")
      val (c, t) =
        w.attributes.get(GenAiAttributes.WORKFLOW_ID)!!.removePrefix("wf-").split('-').map {
          it.toInt()
        }
      val input = a.get(GenAiAttributes.USAGE_INPUT_TOKENS)!!
      check(input == input(c, t, 0) || input == input(c, t, 1)) { "call of $c-$t: $a" }
      check(a.get(GenAiAttributes.CONVERSATION_ID) == "conv-$c") { "call of $c-$t: $a" }
      check(a.get(GenAiAttributes.CONVERSATION_TURN) == t + 1L) { "call of $c-$t: $a" }
      check(a.get(GenAiAttributes.WORKFLOW_ID) == "wf-$c-$t") { "call of $c-$t: $a" }
      val i = (input - input(c, t, 0)).toInt()
      check(calls.add("$c-$t-$i")) { "call $c-$t-$i twice" }
      check(a.get(GenAiAttributes.USAGE_OUTPUT_TOKENS) == output(c, t, i)) { "call of $c-$t: $a" }
      val cost = a.get(GenAiAttributes.USAGE_COST_USD)!!
      assertThat(cost).isCloseTo(cost(input(c, t, i), output(c, t, i)), within(1e-15))
      costOfCalls.merge(s.parentSpanId, cost, Double::plus)
    }
    assertThat(calls).hasSize(CONVERSATIONS * TURNS * 2)
    // the workflow's total is the sum of what its two calls carry, to the last bit (two addends
    // sum the same in either order)
    for (w in workflows) {
      check(w.attributes.get(GenAiAttributes.WORKFLOW_TOTAL_COST_USD) == costOfCalls[w.spanId]) {
        "workflow ${w.attributes}: calls sum to ${costOfCalls[w.spanId]}"
      }
    }
    assertThat(ProcessorTables.openSpans(otel.processor())).isZero()
  }
}
