/**
 * Observing a piece of code in one line: {@link io.last9.genai.observe.GenAiObservation} in code
 * and {@link io.last9.genai.observe.ObserveGenAi} on a method open a span of a GenAI kind, capture
 * input and output, read usage from the result through {@link
 * io.last9.genai.observe.UsageExtractor}s and have it priced. {@link
 * io.last9.genai.observe.ObservedCall} lets the observed code report what the result does not show.
 *
 * <p>The names are not {@code Observation} and {@code @Observed}, so that they never clash with
 * Micrometer's in a Spring application.
 */
package io.last9.genai.observe;
