/**
 * OpenTelemetry GenAI instrumentation of the official Anthropic Java client, priced by last9-genai:
 * start with {@link io.last9.genai.anthropic.Last9Anthropic}. Everything under {@code
 * io.last9.genai.anthropic.internal} may change without notice.
 */
package io.last9.genai.anthropic;
