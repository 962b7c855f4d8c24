/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.kotlin

import io.last9.genai.observe.GenAiObservation
import io.last9.genai.observe.GenAiObservationBuilder
import io.opentelemetry.context.Context
import io.opentelemetry.extension.kotlin.asContextElement
import java.util.concurrent.CompletableFuture
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.withContext

/**
 * Runs [block] observed: the span opens now, [block] runs in its context on whatever threads the
 * coroutine resumes on, and the span ends when [block] returns (reading usage, model and output
 * from its result) or throws (recording the exception, which is rethrown as the same instance).
 * Inside, `ObservedCall.current()` reports what the result does not show.
 *
 * ```
 * val chat = GenAiObservation.llm("chat").pricing(PRICING).build()
 * val answer = chat.observe(question) { client.ask(question) }
 * ```
 *
 * A cancelled coroutine ends the span with the cancellation recorded.
 */
public suspend fun <T> GenAiObservation.observe(
  input: Any? = null,
  block: suspend CoroutineScope.() -> T,
): T {
  // GenAiObservation.async is the Java observation of code that completes later: it opens the span,
  // runs the supplier in its scope (where the context is taken) and closes that scope on this
  // thread; the span ends when the returned stage completes, which this function completes itself.
  val outcome = CompletableFuture<T>()
  var observed: Context? = null
  async(input) {
    observed = Context.current()
    outcome
  }
  val context = observed ?: Context.current()
  val result =
    try {
      withContext(context.asContextElement(), block)
    } catch (t: Throwable) {
      outcome.completeExceptionally(t)
      throw t
    }
  outcome.complete(result)
  return result
}

/** Builds this observation and runs [block] observed; see [GenAiObservation.observe]. */
public suspend fun <T> GenAiObservationBuilder.observe(
  input: Any? = null,
  block: suspend CoroutineScope.() -> T,
): T = build().observe(input, block)
