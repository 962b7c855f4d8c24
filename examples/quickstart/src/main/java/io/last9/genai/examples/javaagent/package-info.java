/**
 * The Java agent sample: a plain application ({@link io.last9.genai.examples.javaagent.WeatherApp})
 * that uses only the last9-genai API and un-instrumented clients, run under the OpenTelemetry Java
 * agent with the {@code last9-genai-javaagent-extension}; {@link
 * io.last9.genai.examples.javaagent.AgentDemo} starts it and prints the conversation and its cost
 * read back from the spans the agent exported.
 */
package io.last9.genai.examples.javaagent;
