/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.kotlin

import io.last9.genai.AgentContext
import io.last9.genai.ConversationContext
import io.last9.genai.PropagatedAttributes
import io.last9.genai.WorkflowContext
import io.opentelemetry.api.OpenTelemetry
import io.opentelemetry.context.Context
import io.opentelemetry.context.Scope
import io.opentelemetry.extension.kotlin.asContextElement
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.withContext

// Each function opens the Java scope, so numbering, totals and nesting are the Java scopes' own,
// and closes its thread-local activation again before anything else runs on this thread: the
// scope's Context then travels as the coroutine's OpenTelemetry context element, made current on
// whichever thread resumes the coroutine and taken off that thread when it suspends.

/**
 * Runs [block] in a conversation scope: every span started inside it, on whatever thread the
 * coroutine (or a coroutine it starts) resumes, carries `gen_ai.conversation.id`, `user.id` and a
 * turn number, exactly as inside a [ConversationContext].
 *
 * ```
 * conversation("user_123_session_456", userId = "user_123") {
 *   chat("What's the weather in SF?")          // turn 1
 *   withContext(Dispatchers.IO) { chat("Will I need an umbrella?") }   // turn 2
 * }
 * ```
 *
 * @param singleTurn makes the whole block one turn (see [ConversationContext.Builder.singleTurn])
 * @throws IllegalArgumentException when an id is null or blank
 */
public suspend fun <T> conversation(
  conversationId: String,
  userId: String? = null,
  singleTurn: Boolean = false,
  block: suspend CoroutineScope.() -> T,
): T {
  val builder = ConversationContext.builder(conversationId)
  if (userId != null) builder.userId(userId)
  if (singleTurn) builder.singleTurn()
  return builder.within(block)
}

/**
 * Runs [block] in the conversation scope this builder describes, for the options [conversation]
 * does not name (an explicit turn, custom attributes, baggage).
 *
 * ```
 * ConversationContext.builder(id).turn(3).propagateAsBaggage().within { answer(question) }
 * ```
 */
public suspend fun <T> ConversationContext.Builder.within(
  block: suspend CoroutineScope.() -> T
): T = withContext(contextOf { start() }.asContextElement(), block)

/**
 * Runs [block] in a workflow scope: every span started inside it carries `workflow.id` and
 * `workflow.type`, and the workflow span `invoke_workflow {type}` ends when [block] returns or
 * throws, after every coroutine it started, with the totals of the calls that ended inside it, as a
 * [WorkflowContext] does.
 *
 * ```
 * val answer = workflow("rag_12345", type = "rag") { wf ->
 *   val docs = async(Dispatchers.IO) { retrieve(question) }
 *   generate(question, docs.await())
 * }
 * ```
 *
 * [block] receives the open [WorkflowContext], for its running totals and its span; closing it
 * there ends the workflow early.
 *
 * @param openTelemetry the instance whose tracer opens the workflow span (default: the one a set-up
 *   registered, else the global one)
 * @throws IllegalArgumentException when an id is null or blank
 */
public suspend fun <T> workflow(
  workflowId: String,
  type: String? = null,
  userId: String? = null,
  openTelemetry: OpenTelemetry? = null,
  block: suspend CoroutineScope.(WorkflowContext) -> T,
): T {
  val builder = WorkflowContext.builder(workflowId)
  if (type != null) builder.type(type)
  if (userId != null) builder.userId(userId)
  if (openTelemetry != null) builder.openTelemetry(openTelemetry)
  return builder.within(block)
}

/**
 * Runs [block] in the workflow scope this builder describes, for the options [workflow] does not
 * name (context-only, the OpenTelemetry instance, custom attributes, baggage).
 */
public suspend fun <T> WorkflowContext.Builder.within(
  block: suspend CoroutineScope.(WorkflowContext) -> T
): T {
  val workflow = start()
  // on the thread that opened it, before this thread runs anything else
  val context = workflow.detach()
  try {
    return withContext(context.asContextElement()) { block(workflow) }
  } finally {
    // wherever the coroutine resumed: the workflow no longer touches the current context
    workflow.close()
  }
}

/**
 * Runs [block] in an agent scope: every span started inside it carries `gen_ai.agent.name` (and the
 * other agent attributes given), as inside an [AgentContext]; inside a conversation with automatic
 * turns it is one turn.
 *
 * @throws IllegalArgumentException when a value is null or blank
 */
public suspend fun <T> agent(
  agentName: String,
  agentId: String? = null,
  version: String? = null,
  description: String? = null,
  block: suspend CoroutineScope.() -> T,
): T {
  val builder = AgentContext.builder(agentName)
  if (agentId != null) builder.id(agentId)
  if (version != null) builder.version(version)
  if (description != null) builder.description(description)
  return builder.within(block)
}

/** Runs [block] in the agent scope this builder describes. */
public suspend fun <T> AgentContext.Builder.within(block: suspend CoroutineScope.() -> T): T =
  withContext(contextOf { start() }.asContextElement(), block)

/**
 * Runs [block] with custom attributes, exported as `custom.<key>` on every span started inside it,
 * as inside [PropagatedAttributes].
 */
public suspend fun <T> withAttributes(
  attributes: Map<String, Any>,
  block: suspend CoroutineScope.() -> T,
): T = PropagatedAttributes.builder().putAll(attributes).within(block)

/** Runs [block] in the custom-attribute scope this builder describes. */
public suspend fun <T> PropagatedAttributes.Builder.within(
  block: suspend CoroutineScope.() -> T
): T = withContext(contextOf { start() }.asContextElement(), block)

/**
 * Opens a scope whose close only restores the enclosing context, takes the context it made current,
 * and closes it again at once, on this thread.
 */
private inline fun contextOf(open: () -> Scope): Context = open().use { Context.current() }
