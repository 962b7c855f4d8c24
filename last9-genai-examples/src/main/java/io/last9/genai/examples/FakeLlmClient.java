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
 * A deterministic, in-process stand-in for an LLM provider client, instrumented the way OpenTelemetry's GenAI
 * instrumentation instruments a real one: each call makes a CLIENT span {@code chat {model}} (or
 * {@code embeddings {model}}) with the semantic-convention attributes and token usage, and returns the provider's
 * JSON decoded into a {@code Map}, as a real response would be.
 *
 * <p>Token counts follow the text (about four characters a token plus a fixed prompt overhead), so every run
 * gives the same numbers. OpenAI answers name a dated model ({@code gpt-4o-2024-08-06}), as the real API does;
 * repeated prompts report cached input tokens; Anthropic answers report cache reads outside their input count.
 */
public final class FakeLlmClient {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PROMPT_OVERHEAD_TOKENS = 1_200;

  private final Tracer tracer;
  private int calls;

  public FakeLlmClient(OpenTelemetry openTelemetry) {
    this.tracer = openTelemetry.getTracer("fake-llm-instrumentation");
  }

  /** An OpenAI Chat Completions call; returns the response JSON as a map. */
  public Map<String, Object> chatCompletion(String model, String systemPrompt, String userMessage) {
    long prompt = PROMPT_OVERHEAD_TOKENS + tokens(systemPrompt) + tokens(userMessage);
    long cached = calls++ == 0 ? 0 : PROMPT_OVERHEAD_TOKENS; // the shared system prefix is cached after one call
    String answer = answerFor(userMessage);
    long completion = tokens(answer) + 40;
    String responseModel = model.equals("gpt-4o") ? "gpt-4o-2024-08-06" : model;
    String id = "chatcmpl-demo" + calls;
    Span span = startClientSpan("chat", "openai", model);
    try (Scope ignored = span.makeCurrent()) {
      span.setAttribute(GenAiAttributes.RESPONSE_MODEL, responseModel);
      span.setAttribute(GenAiAttributes.RESPONSE_ID, id);
      span.setAttribute(GenAiAttributes.RESPONSE_FINISH_REASONS, List.of("stop"));
      span.setAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, prompt);
      span.setAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, completion);
      span.setAttribute(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS, cached);
      return parse("{\"id\":\"" + id + "\",\"object\":\"chat.completion\",\"model\":\"" + responseModel + "\","
          + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":" + quote(answer) + "},"
          + "\"finish_reason\":\"stop\"}],"
          + "\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion
          + ",\"total_tokens\":" + (prompt + completion) + ",\"prompt_tokens_details\":{\"cached_tokens\":"
          + cached + "},\"completion_tokens_details\":{\"reasoning_tokens\":0}}}");
    } finally {
      span.end();
    }
  }

  /** An Anthropic Messages call; cache reads are reported outside {@code input_tokens}, as Anthropic does. */
  public Map<String, Object> message(String model, String userMessage) {
    long uncached = tokens(userMessage) + 30;
    long cacheRead = calls++ == 0 ? 0 : PROMPT_OVERHEAD_TOKENS;
    long cacheWrite = cacheRead == 0 ? PROMPT_OVERHEAD_TOKENS : 0;
    String answer = answerFor(userMessage);
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

  /** An OpenAI Embeddings call. */
  public Map<String, Object> embedding(String model, String input) {
    long prompt = tokens(input);
    Span span = startClientSpan("embeddings", "openai", model);
    try (Scope ignored = span.makeCurrent()) {
      span.setAttribute(GenAiAttributes.RESPONSE_MODEL, model);
      span.setAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, prompt);
      return parse("{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":"
          + "[0.0023,-0.0094,0.0158]}],\"model\":\"" + model + "\",\"usage\":{\"prompt_tokens\":" + prompt
          + ",\"total_tokens\":" + prompt + "}}");
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

  /** Pulls {@code choices[0].message.content} out of a chat completion. */
  @SuppressWarnings("unchecked")
  public static String content(Map<String, Object> chatCompletion) {
    List<Map<String, Object>> choices = (List<Map<String, Object>>) chatCompletion.get("choices");
    Map<String, Object> message = (Map<String, Object>) choices.get(0).get("message");
    return (String) message.get("content");
  }

  private static long tokens(String text) {
    return text == null ? 0 : (text.length() + 3) / 4;
  }

  private static String answerFor(String question) {
    String q = question.toLowerCase(java.util.Locale.ROOT);
    if (q.contains("weather")) {
      return "It's 18°C and foggy in San Francisco this morning, clearing to sunshine by the afternoon.";
    }
    if (q.contains("umbrella")) {
      return "No umbrella needed today: there's less than a 10% chance of rain.";
    }
    if (q.contains("tomorrow")) {
      return "Tomorrow brings light rain from mid-afternoon, so take an umbrella then.";
    }
    if (q.contains("rerank")) {
      return "[\"doc2\", \"doc1\", \"doc3\"]";
    }
    return "RAG (retrieval-augmented generation) answers a question by first retrieving relevant documents and "
        + "then letting the model generate an answer grounded in them. Based on: " + question;
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
