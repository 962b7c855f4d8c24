/**
 * Test support for last9-genai and its integrations.
 *
 * <ul>
 *   <li>{@link io.last9.genai.testing.Last9TelemetryExtension}: a JUnit 5 extension with a fresh
 *       in-memory OpenTelemetry SDK per test whose tracer provider runs {@link
 *       io.last9.genai.Last9SpanProcessor}, and which fails a test that leaves a scope or a span
 *       current;
 *   <li>{@link io.last9.genai.testing.ContextLeakCheck}: that check on its own, for tests with no
 *       SDK;
 *   <li>{@link io.last9.genai.testing.FakeOpenAI} and {@link io.last9.genai.testing.FakeAnthropic}:
 *       HTTP servers on 127.0.0.1 that speak the providers' wire formats with scripted token usage,
 *       for the real client libraries to talk to;
 *   <li>{@link io.last9.genai.testing.TestSpanProcessor}: a processor that does nothing, or records
 *       what each span carried when it started.
 * </ul>
 *
 * <p>Stability: alpha, API may change until 1.0.
 */
package io.last9.genai.testing;
