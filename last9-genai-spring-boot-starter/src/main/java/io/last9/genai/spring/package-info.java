/**
 * Spring Boot auto-configuration of last9-genai: the span processor configured from {@code
 * last9.genai.*}, picked up by Boot's OpenTelemetry tracing, Micrometer's OpenTelemetry bridge and
 * OpenTelemetry's own Spring Boot starter; per-request conversation scopes from headers;
 * {@code @ObserveGenAi} on Spring beans; Spring AI's chat memory conversation id as the
 * conversation id; the cost metric on Micrometer.
 */
package io.last9.genai.spring;
