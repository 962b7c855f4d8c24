/**
 * The last9-genai extension for the OpenTelemetry Java agent: the span processor in the agent's
 * SDK, the bridge of the application's scopes into the agent's context, and the weaving of
 * {@code @ObserveGenAi}.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
package io.last9.genai.javaagent.internal;
