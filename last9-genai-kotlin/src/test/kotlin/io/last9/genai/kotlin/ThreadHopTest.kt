/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.kotlin

import io.last9.genai.ContextSnapshot
import io.last9.genai.GenAiAttributes
import io.last9.genai.ProcessorTables
import io.last9.genai.observe.GenAiObservation
import io.last9.genai.observe.ObservedCall
import io.last9.genai.pricing.Usage
import io.last9.genai.testing.Last9TelemetryExtension
import io.opentelemetry.api.trace.Span
import io.opentelemetry.context.Context
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import kotlin.coroutines.CoroutineContext
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Runnable
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.yield
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.AfterEach
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.extension.RegisterExtension

/**
 * A scope opened on one thread and ended on another, after the coroutine resumed there: neither
 * thread keeps anything current, and the processor's table of open spans is empty.
 */
class ThreadHopTest {

  @JvmField @RegisterExtension val otel: Last9TelemetryExtension = Last9TelemetryExtension.create()

  private val opener: ExecutorService = Executors.newSingleThreadExecutor { Thread(it, "opener") }
  private val resumer: ExecutorService = Executors.newSingleThreadExecutor { Thread(it, "resumer") }

  @AfterEach
  fun stopThreads() {
    opener.shutdownNow()
    resumer.shutdownNow()
  }

  /**
   * Runs coroutines on the opener thread until [hopToResumer], then on the resumer thread: the
   * thread a scope opens on and the one it ends on are known, whatever kotlinx-coroutines version.
   */
  private val dispatcher =
    object : CoroutineDispatcher() {
      @Volatile var target: ExecutorService = opener

      override fun dispatch(context: CoroutineContext, block: Runnable) = target.execute(block)
    }

  /** Suspends, and resumes on the resumer thread, where everything after it runs. */
  private suspend fun hopToResumer() {
    dispatcher.target = resumer
    yield()
  }

  /** The thread's name, without the coroutine name that kotlinx's debug mode appends. */
  private fun threadName() = Thread.currentThread().name.substringBefore(" @")

  /** What a thread has current, read on that thread. */
  private fun currentOn(thread: ExecutorService): Pair<Context, ContextSnapshot> =
    thread
      .submit<Pair<Context, ContextSnapshot>> { Context.current() to ContextSnapshot.current() }
      .get(10, TimeUnit.SECONDS)

  private fun assertNothingLeftOn(vararg threads: ExecutorService) {
    for (t in threads) {
      val (context, scopes) = currentOn(t)
      assertThat(context).isSameAs(Context.root())
      assertThat(scopes.isEmpty).isTrue()
      assertThat(Span.fromContext(context).spanContext.isValid).isFalse()
    }
    assertThat(ProcessorTables.openSpans(otel.processor())).isZero()
    assertThat(ProcessorTables.openSpanEntries(otel.processor())).isZero()
  }

  @Test
  fun `scopes opened on one thread and ended on another after resuming leave nothing behind`() {
    val chat = GenAiObservation.llm("chat").openTelemetry(otel.openTelemetry()).build()
    val threads = mutableListOf<String>()
    runBlocking(dispatcher) {
      threads += threadName()
      conversation("conv-hop", userId = "u-h") {
        workflow("wf-hop", type = "hop", openTelemetry = otel.openTelemetry()) {
          chat.observe {
            hopToResumer()
            ObservedCall.current().reportUsage("gpt-4o", Usage.of(1000, 100))
            "answer"
          }
          otel.startAndEndSpan("after-hop")
        }
        // the workflow and the observed call ended here, on the resumer
        threads += threadName()
      }
      threads += threadName()
    }

    assertThat(threads).containsExactly("opener", "resumer", "resumer")
    val workflow = otel.span("invoke_workflow hop")
    assertThat(workflow.attributes.get(GenAiAttributes.WORKFLOW_LLM_CALLS)).isEqualTo(1L)
    assertThat(workflow.attributes.get(GenAiAttributes.WORKFLOW_INPUT_TOKENS)).isEqualTo(1000L)
    assertThat(workflow.attributes.get(GenAiAttributes.CONVERSATION_TURN)).isEqualTo(1L)
    assertThat(otel.span("chat").parentSpanId).isEqualTo(workflow.spanId)
    assertThat(otel.span("after-hop").attributes.get(GenAiAttributes.CONVERSATION_ID))
      .isEqualTo("conv-hop")
    assertNothingLeftOn(opener, resumer)
  }

  @Test
  fun `a workflow that fails on another thread still ends, and leaves nothing behind`() {
    val boom = IllegalArgumentException("bad document")
    val thrown = runCatching {
      runBlocking(dispatcher) {
        workflow("wf-fail", type = "fails", openTelemetry = otel.openTelemetry()) {
          hopToResumer()
          otel.startAndEndSpan("before-failure")
          throw boom
        }
      }
    }
    assertThat(thrown.exceptionOrNull()).isSameAs(boom)
    val workflow = otel.span("invoke_workflow fails")
    assertThat(otel.span("before-failure").parentSpanId).isEqualTo(workflow.spanId)
    assertNothingLeftOn(opener, resumer)
  }
}
