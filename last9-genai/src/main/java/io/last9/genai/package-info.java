/**
 * last9-genai: conversations, workflows, turns and USD cost for OpenTelemetry.
 *
 * <p>Scopes ({@link io.last9.genai.ConversationContext}, {@link io.last9.genai.WorkflowContext},
 * {@link io.last9.genai.AgentContext}, {@link io.last9.genai.PropagatedAttributes}) carry ids in
 * the OpenTelemetry {@code Context}; {@link io.last9.genai.Last9SpanProcessor} stamps them on every
 * span, numbers turns and prices model calls; {@link io.last9.genai.Observation} and {@link
 * io.last9.genai.Observe} observe a piece of code.
 */
package io.last9.genai;
