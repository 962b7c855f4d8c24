package io.last9.genai.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.last9.genai.GenAiAttributes;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.util.List;
import java.util.Map;

/**
 * A small deterministic stand-in for an Anthropic Messages client, for the demo's Claude conversation (there is
 * no Anthropic adapter yet; the OpenAI calls of the demo go through the real openai-java client). Each call makes
 * a CLIENT span {@code chat {model}} the way OpenTelemetry's GenAI instrumentation would, with Anthropic's cache
 * counts normalised (input includes cache reads and writes), and returns the response JSON as a {@code Map}.
 *
 * <p>The first call writes a 1,200-token prompt prefix to the cache; later calls read it. The response model is
 * dated ({@code claude-sonnet-4-5-20250929}), as the real API's is.
 */
public final class FakeClaudeClient {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PROMPT_OVERHEAD_TOKENS = 1_200;

  private final Tracer tracer;
  private int calls;

  public FakeClaudeClient(OpenTelemetry openTelemetry) {
    this.tracer = openTelemetry.getTracer("fake-llm-instrumentation");
  }

  /** An Anthropic Messages call; cache reads are reported outside {@code input_tokens}, as Anthropic does. */
  public Map<String, Object> message(String model, String userMessage) {
    long uncached = tokens(userMessage) + 30;
    long cacheRead = calls++ == 0 ? 0 : PROMPT_OVERHEAD_TOKENS;
    long cacheWrite = cacheRead == 0 ? PROMPT_OVERHEAD_TOKENS : 0;
    String answer = DemoOpenAIServer.answerFor(userMessage);
    long output = tokens(answer) + 25;
    String responseModel = model + "-20250929";
    String id = "msg_demo" + calls;
    Span span = startClientSpan("chat", "anthropic", model);
    try (Scope ignored = span.makeCurrent()) {
      span.setAttribute(GenAiAttributes.RESPONSE_MODEL, responseModel);
      span.setAttribute(GenAiAttributes.RESPONSE_ID, id);
      span.setAttribute(GenAiAttributes.RESPONSE_FINISH_REASONS, List.of("end_turn"));
      // semantic conventions: input includes cached tokens, so Anthropic's counts are normalised
      span.setAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, uncached + cacheRead + cacheWrite);
      span.setAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, output);
      span.setAttribute(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS, cacheRead);
      span.setAttribute(GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS, cacheWrite);
      return parse("{\"id\":\"" + id + "\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\""
          + responseModel + "\",\"content\":[{\"type\":\"text\",\"text\":" + quote(answer) + "}],"
          + "\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":" + uncached
          + ",\"cache_read_input_tokens\":" + cacheRead + ",\"cache_creation_input_tokens\":" + cacheWrite
          + ",\"output_tokens\":" + output + "}}");
    } finally {
      span.end();
    }
  }

  /** The span an instrumentation starts: sampling-relevant attributes are set at start, as semconv asks. */
  private Span startClientSpan(String operation, String provider, String model) {
    return tracer.spanBuilder(operation + " " + model).setSpanKind(SpanKind.CLIENT)
        .setAttribute(GenAiAttributes.OPERATION_NAME, operation)
        .setAttribute(GenAiAttributes.PROVIDER_NAME, provider)
        .setAttribute(GenAiAttributes.REQUEST_MODEL, model)
        .startSpan();
  }

  private static long tokens(String text) {
    return text == null ? 0 : (text.length() + 3) / 4;
  }

  private static String quote(String s) {
    try {
      return JSON.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> parse(String json) {
    try {
      return JSON.readValue(json, Map.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("fake LLM produced invalid JSON: " + json, e);
    }
  }
}
