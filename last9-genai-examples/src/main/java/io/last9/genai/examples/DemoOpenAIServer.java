package io.last9.genai.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic OpenAI-compatible server for the demo, on loopback and an ephemeral port: the real openai-java
 * client talks to it exactly as it talks to api.openai.com. It serves {@code POST /v1/chat/completions} and
 * {@code POST /v1/embeddings} with realistic usage:
 *
 * <ul>
 *   <li>a token is 4 characters (rounded up); every chat prompt carries a 1,200-token shared prefix (tools,
 *       instructions), so prompt tokens = 1,200 + tokens(system) + tokens(user);
 *   <li>the shared prefix is in OpenAI's prompt cache after the first chat call:
 *       {@code prompt_tokens_details.cached_tokens} = 1,200 from the second call on;
 *   <li>completion tokens = tokens(answer) + 40; the response model is the dated {@code gpt-4o-2024-08-06};
 *   <li>embeddings: prompt tokens = tokens(input).
 * </ul>
 */
public final class DemoOpenAIServer implements AutoCloseable {

  static final int PROMPT_PREFIX_TOKENS = 1_200;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final AtomicInteger chatCalls = new AtomicInteger();

  private DemoOpenAIServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/chat/completions", ex -> reply(ex, chatCompletion(read(ex))));
    server.createContext("/v1/embeddings", ex -> reply(ex, embedding(read(ex))));
  }

  /** Starts a server on 127.0.0.1 and an ephemeral port. */
  public static DemoOpenAIServer start() {
    try {
      DemoOpenAIServer s = new DemoOpenAIServer();
      s.server.start();
      return s;
    } catch (IOException e) {
      throw new IllegalStateException("could not start the demo's OpenAI-compatible server on loopback", e);
    }
  }

  /** The base URL to give the client, e.g. {@code http://127.0.0.1:53122/v1}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  @Override
  public void close() {
    server.stop(0);
  }

  static long tokens(String text) {
    return text == null ? 0 : (text.length() + 3) / 4;
  }

  private ObjectNode chatCompletion(JsonNode request) {
    String system = "";
    String user = "";
    for (JsonNode m : request.path("messages")) {
      String role = m.path("role").asText();
      if (role.equals("system")) {
        system = m.path("content").asText();
      } else if (role.equals("user")) {
        user = m.path("content").asText();
      }
    }
    int call = chatCalls.incrementAndGet();
    long prompt = PROMPT_PREFIX_TOKENS + tokens(system) + tokens(user);
    long cached = call == 1 ? 0 : PROMPT_PREFIX_TOKENS;
    String answer = answerFor(user);
    long completion = tokens(answer) + 40;

    ObjectNode r = JSON.createObjectNode();
    r.put("id", "chatcmpl-demo" + call);
    r.put("object", "chat.completion");
    r.put("created", 1_741_569_952L);
    r.put("model", "gpt-4o-2024-08-06");
    ObjectNode choice = r.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    message.put("content", answer);
    message.putNull("refusal");
    choice.putNull("logprobs");
    choice.put("finish_reason", "stop");
    ObjectNode usage = r.putObject("usage");
    usage.put("prompt_tokens", prompt);
    usage.put("completion_tokens", completion);
    usage.put("total_tokens", prompt + completion);
    usage.putObject("prompt_tokens_details").put("cached_tokens", cached).put("audio_tokens", 0);
    usage.putObject("completion_tokens_details").put("reasoning_tokens", 0).put("audio_tokens", 0)
        .put("accepted_prediction_tokens", 0).put("rejected_prediction_tokens", 0);
    r.put("service_tier", "default");
    r.put("system_fingerprint", "fp_demo");
    return r;
  }

  private static ObjectNode embedding(JsonNode request) {
    JsonNode input = request.path("input");
    long prompt = input.isArray() ? 0 : tokens(input.asText());
    if (input.isArray()) {
      for (JsonNode i : input) {
        prompt += tokens(i.asText());
      }
    }
    ObjectNode r = JSON.createObjectNode();
    r.put("object", "list");
    ObjectNode e = r.putArray("data").addObject();
    e.put("object", "embedding");
    e.put("index", 0);
    ArrayNode v = e.putArray("embedding");
    v.add(0.0023064255).add(-0.009327292).add(0.015797347);
    r.put("model", request.path("model").asText("text-embedding-3-small"));
    r.putObject("usage").put("prompt_tokens", prompt).put("total_tokens", prompt);
    return r;
  }

  static String answerFor(String question) {
    String q = question.toLowerCase(Locale.ROOT);
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

  private static JsonNode read(HttpExchange ex) throws IOException {
    return JSON.readTree(ex.getRequestBody().readAllBytes());
  }

  private static void reply(HttpExchange ex, ObjectNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.sendResponseHeaders(200, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
