/**
 * last9-genai: conversations, workflows, turns and USD cost for OpenTelemetry.
 *
 * <p>Scopes ({@link io.last9.genai.ConversationContext}, {@link io.last9.genai.WorkflowContext},
 * {@link io.last9.genai.AgentContext}, {@link io.last9.genai.PropagatedAttributes}) carry ids in
 * the OpenTelemetry {@code Context}; {@link io.last9.genai.Last9SpanProcessor} stamps them on every
 * span, numbers turns and prices model calls; {@link io.last9.genai.Last9GenAi} sets it all up.
 * {@link io.last9.genai.GenAiAttributes} is the attribute vocabulary.
 *
 * <p>The other concepts have packages of their own: {@link io.last9.genai.pricing} (prices, usage
 * and cost), {@link io.last9.genai.observe} (observing a piece of code in one line), {@link
 * io.last9.genai.content} (capturing and redacting message content), {@link
 * io.last9.genai.sampling} (samplers that keep conversations whole and cost exact) and {@link
 * io.last9.genai.turns} (where turn counters live). {@link io.last9.genai.bridge} is not for
 * application code: it is the versioned contract the Java agent extension binds to.
 */
package io.last9.genai;
