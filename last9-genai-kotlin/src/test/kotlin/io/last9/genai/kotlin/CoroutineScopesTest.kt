/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.kotlin

import io.last9.genai.ContextSnapshot
import io.last9.genai.ConversationContext
import io.last9.genai.GenAiAttributes
import io.last9.genai.observe.GenAiObservation
import io.last9.genai.observe.ObservedCall
import io.last9.genai.pricing.Usage
import io.last9.genai.testing.Last9TelemetryExtension
import io.opentelemetry.api.trace.StatusCode
import io.opentelemetry.sdk.trace.data.SpanData
import java.util.concurrent.ConcurrentHashMap
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.flowOn
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield
import org.assertj.core.api.Assertions.assertThat
import org.assertj.core.api.Assertions.assertThatThrownBy
import org.assertj.core.api.Assertions.within
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.RegisterExtension

/**
 * The scopes on real coroutines: each form of concurrency kotlinx-coroutines offers moves the code
 * to other threads, and the spans started there must carry the scope that was open where the code
 * was written.
 */
class CoroutineScopesTest {

  @JvmField @RegisterExtension val otel: Last9TelemetryExtension = Last9TelemetryExtension.create()

  private val threads = ConcurrentHashMap<String, Thread>()

  private fun chat() =
    GenAiObservation.llm("chat").openTelemetry(otel.openTelemetry()).captureInput(false).build()

  /** An observed LLM call that reports its usage from wherever it runs. */
  private suspend fun call(input: Long, output: Long, label: String): String =
    chat().observe {
      threads[label] = Thread.currentThread()
      yield()
      ObservedCall.current().reportUsage("gpt-4o", Usage.of(input, output))
      label
    }

  private fun SpanData.turn() = attributes.get(GenAiAttributes.CONVERSATION_TURN)

  private fun SpanData.conversation() = attributes.get(GenAiAttributes.CONVERSATION_ID)

  private fun chatSpanWithInput(tokens: Long) =
    otel.spans("chat").single { it.attributes.get(GenAiAttributes.USAGE_INPUT_TOKENS) == tokens }

  @Test
  fun `a conversation survives withContext(Dispatchers IO) and numbers each workflow as a turn`() {
    val caller = Thread.currentThread()
    runBlocking {
      conversation("conv-io", userId = "u-1") {
        workflow("wf-1", type = "first", openTelemetry = otel.openTelemetry()) {
          withContext(Dispatchers.IO) {
            threads["io-1"] = Thread.currentThread()
            otel.startAndEndSpan("io-1")
          }
        }
        workflow("wf-2", type = "second", openTelemetry = otel.openTelemetry()) {
          withContext(Dispatchers.IO) { otel.startAndEndSpan("io-2") }
        }
      }
      assertThat(ContextSnapshot.current().isEmpty).isTrue()
    }

    assertThat(threads["io-1"]).isNotSameAs(caller)
    val first = otel.span("io-1")
    val second = otel.span("io-2")
    assertThat(first.conversation()).isEqualTo("conv-io")
    assertThat(first.attributes.get(GenAiAttributes.USER_ID)).isEqualTo("u-1")
    assertThat(first.attributes.get(GenAiAttributes.WORKFLOW_ID)).isEqualTo("wf-1")
    assertThat(first.turn()).isEqualTo(1L)
    assertThat(first.parentSpanId).isEqualTo(otel.span("invoke_workflow first").spanId)
    assertThat(second.conversation()).isEqualTo("conv-io")
    assertThat(second.attributes.get(GenAiAttributes.WORKFLOW_ID)).isEqualTo("wf-2")
    assertThat(second.turn()).isEqualTo(2L)
    assertThat(second.parentSpanId).isEqualTo(otel.span("invoke_workflow second").spanId)
    assertThat(otel.span("invoke_workflow second").turn()).isEqualTo(2L)
  }

  @Test
  fun `async calls in one conversation each take their own turn and are priced`() {
    runBlocking {
      conversation("conv-async", userId = "u-2") {
        (1..3)
          .map { i -> async(Dispatchers.Default) { call(1000L * i, 100L * i, "async-$i") } }
          .awaitAll()
      }
    }

    val chats = otel.spans("chat")
    assertThat(chats).hasSize(3)
    assertThat(chats).allSatisfy { assertThat(it.conversation()).isEqualTo("conv-async") }
    assertThat(chats.map { it.turn() }).containsExactlyInAnyOrder(1L, 2L, 3L)
    for (i in 1..3) {
      // gpt-4o from the bundled catalog: 2.50 input, 10.00 output per million tokens
      assertThat(chatSpanWithInput(1000L * i).attributes.get(GenAiAttributes.USAGE_COST_USD))
        .isCloseTo((1000.0 * i * 2.5 + 100.0 * i * 10.0) / 1e6, within(1e-12))
    }
  }

  @Test
  fun `a workflow ends after the coroutines it launched, with their totals`() {
    runBlocking {
      conversation("conv-launch") {
        workflow("wf-launch", type = "fan-out", openTelemetry = otel.openTelemetry()) { wf ->
          for (i in 1..5) {
            launch(Dispatchers.IO) {
              delay(i * 2L)
              call(100L * i, 10L * i, "launch-$i")
            }
          }
          assertThat(wf.llmCalls()).isLessThan(5)
        }
      }
    }

    val workflow = otel.span("invoke_workflow fan-out")
    val w = workflow.attributes
    assertThat(w.get(GenAiAttributes.WORKFLOW_LLM_CALLS)).isEqualTo(5L)
    assertThat(w.get(GenAiAttributes.WORKFLOW_INPUT_TOKENS)).isEqualTo(1500L)
    assertThat(w.get(GenAiAttributes.WORKFLOW_OUTPUT_TOKENS)).isEqualTo(150L)
    assertThat(w.get(GenAiAttributes.WORKFLOW_TOTAL_COST_USD))
      .isCloseTo((1500 * 2.5 + 150 * 10.0) / 1e6, within(1e-12))
    assertThat(workflow.turn()).isEqualTo(1L)
    assertThat(otel.spans("chat")).hasSize(5).allSatisfy {
      assertThat(it.parentSpanId).isEqualTo(workflow.spanId)
      assertThat(it.turn()).isEqualTo(1L)
      assertThat(it.endEpochNanos).isLessThanOrEqualTo(workflow.endEpochNanos)
    }
  }

  @Test
  fun `a call launched in an outer scope that ends after its workflow closed is marked`() {
    runBlocking {
      val outer = this
      val late =
        workflow("wf-handed-on", type = "handed-on", openTelemetry = otel.openTelemetry()) {
          call(100L, 10L, "in-time")
          // work handed to a scope that outlives the workflow, with the workflow's context (its
          // tracing) but not its job, so the workflow does not wait for it
          outer.launch(currentCoroutineContext().minusKey(Job) + Dispatchers.IO) {
            delay(20)
            call(200L, 20L, "late")
          }
        }
      late.join()
    }

    val w = otel.span("invoke_workflow handed-on").attributes
    assertThat(w.get(GenAiAttributes.WORKFLOW_LLM_CALLS)).isEqualTo(1L)
    assertThat(w.get(GenAiAttributes.WORKFLOW_INPUT_TOKENS)).isEqualTo(100L)
    assertThat(chatSpanWithInput(100L).attributes.get(GenAiAttributes.WORKFLOW_ENDED_AFTER_CLOSE))
      .isNull()
    val late = chatSpanWithInput(200L).attributes
    assertThat(late.get(GenAiAttributes.WORKFLOW_ID)).isEqualTo("wf-handed-on")
    assertThat(late.get(GenAiAttributes.WORKFLOW_ENDED_AFTER_CLOSE)).isTrue()
    assertThat(late.get(GenAiAttributes.USAGE_COST_USD))
      .isCloseTo(
        (200 * 2.5 + 20 * 10.0) / 1e6,
        within(1e-12),
      )
  }

  @Test
  fun `a single-turn conversation gives every call in it one turn, an explicit turn is kept`() {
    runBlocking {
      conversation("conv-single", singleTurn = true) {
        call(1L, 1L, "single-1")
        withContext(Dispatchers.IO) { call(2L, 1L, "single-2") }
      }
      ConversationContext.builder("conv-explicit").turn(7).within {
        withContext(Dispatchers.Default) { call(3L, 1L, "explicit") }
      }
    }
    assertThat(chatSpanWithInput(1L).turn()).isEqualTo(1L)
    assertThat(chatSpanWithInput(2L).turn()).isEqualTo(1L)
    assertThat(chatSpanWithInput(2L).conversation()).isEqualTo("conv-single")
    assertThat(chatSpanWithInput(3L).turn()).isEqualTo(7L)
    assertThat(chatSpanWithInput(3L).conversation()).isEqualTo("conv-explicit")
  }

  @Test
  fun `a flow collected in a scope runs its upstream on another dispatcher inside it`() {
    val chunks = runBlocking {
      conversation("conv-flow", userId = "u-f") {
        workflow("wf-flow", type = "stream", openTelemetry = otel.openTelemetry()) {
          flow {
              for (i in 1..4) {
                emit(call(10L * i, 1L, "flow-$i"))
              }
            }
            .flowOn(Dispatchers.IO)
            .map { it.uppercase() }
            .toList()
        }
      }
    }

    assertThat(chunks).containsExactly("FLOW-1", "FLOW-2", "FLOW-3", "FLOW-4")
    assertThat(threads["flow-1"]!!.name).contains("DefaultDispatcher")
    val workflow = otel.span("invoke_workflow stream")
    assertThat(workflow.attributes.get(GenAiAttributes.WORKFLOW_LLM_CALLS)).isEqualTo(4L)
    assertThat(workflow.attributes.get(GenAiAttributes.WORKFLOW_INPUT_TOKENS)).isEqualTo(100L)
    assertThat(otel.spans("chat")).hasSize(4).allSatisfy {
      assertThat(it.conversation()).isEqualTo("conv-flow")
      assertThat(it.attributes.get(GenAiAttributes.USER_ID)).isEqualTo("u-f")
      assertThat(it.turn()).isEqualTo(1L)
      assertThat(it.parentSpanId).isEqualTo(workflow.spanId)
    }
  }

  @Test
  fun `nested scopes restore the enclosing one on every thread, as the Java scopes do`() {
    runBlocking {
      conversation("outer", userId = "u-o") {
        agent("planner", version = "2") {
          withContext(Dispatchers.Default) { otel.startAndEndSpan("in-agent") }
        }
        conversation("inner") {
          withContext(Dispatchers.IO) {
            assertThat(ContextSnapshot.current().conversationId()).hasValue("inner")
            assertThat(ContextSnapshot.current().userId()).isEmpty()
          }
        }
        withContext(Dispatchers.IO) {
          assertThat(ContextSnapshot.current().conversationId()).hasValue("outer")
          otel.startAndEndSpan("after-inner")
        }
        withAttributes(mapOf("tenant" to "acme")) {
          withContext(Dispatchers.Default) { otel.startAndEndSpan("with-attributes") }
        }
      }
    }

    val inAgent = otel.span("in-agent").attributes
    assertThat(inAgent.get(GenAiAttributes.AGENT_NAME)).isEqualTo("planner")
    assertThat(inAgent.get(GenAiAttributes.CONVERSATION_ID)).isEqualTo("outer")
    assertThat(otel.span("in-agent").turn()).isEqualTo(1L)
    val after = otel.span("after-inner").attributes
    assertThat(after.get(GenAiAttributes.CONVERSATION_ID)).isEqualTo("outer")
    assertThat(after.get(GenAiAttributes.USER_ID)).isEqualTo("u-o")
    assertThat(after.get(GenAiAttributes.AGENT_NAME)).isNull()
    assertThat(
        otel
          .span("with-attributes")
          .attributes
          .get(io.opentelemetry.api.common.AttributeKey.stringKey("custom.tenant"))
      )
      .isEqualTo("acme")
  }

  @Test
  fun `a Java scope open on the calling thread is the parent of a coroutine scope`() {
    ConversationContext.builder("java-conv").userId("u-j").start().use {
      runBlocking {
        workflow("wf-java", type = "inside-java", openTelemetry = otel.openTelemetry()) {
          withContext(Dispatchers.Default) { otel.startAndEndSpan("inside") }
        }
      }
    }
    val inside = otel.span("inside")
    assertThat(inside.conversation()).isEqualTo("java-conv")
    assertThat(inside.attributes.get(GenAiAttributes.USER_ID)).isEqualTo("u-j")
    assertThat(inside.turn()).isEqualTo(1L)
  }

  @Test
  fun `an observed call rethrows the block's exception and records it on its span`() {
    val boom = IllegalStateException("model unavailable")
    assertThatThrownBy { runBlocking { chat().observe("question") { throw boom } } }.isSameAs(boom)

    val span = otel.span("chat")
    assertThat(span.status.statusCode).isEqualTo(StatusCode.ERROR)
    assertThat(span.attributes.get(GenAiAttributes.ERROR_TYPE))
      .isEqualTo(IllegalStateException::class.java.name)
  }

  @Test
  fun `an observed call whose coroutine is cancelled ends its span`() {
    runBlocking {
      val job =
        launch(Dispatchers.Default, start = CoroutineStart.UNDISPATCHED) {
          conversation("conv-cancel") { chat().observe { awaitCancellation() } }
        }
      job.cancelAndJoin()
    }
    val span = otel.span("chat")
    assertThat(span.hasEnded()).isTrue()
    assertThat(span.conversation()).isEqualTo("conv-cancel")
    // as the Java observation of a stage that completes exceptionally: the cancellation is the
    // outcome
    assertThat(span.status.statusCode).isEqualTo(StatusCode.ERROR)
    assertThat(span.attributes.get(GenAiAttributes.ERROR_TYPE))
      .startsWith("kotlinx.coroutines.")
      .contains("Cancellation")
  }
}
