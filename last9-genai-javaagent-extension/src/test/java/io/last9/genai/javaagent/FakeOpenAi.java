package io.last9.genai.javaagent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-compatible server on 127.0.0.1 and a free port, for the real openai-java client: {@code POST
 * /v1/chat/completions} answers in OpenAI's wire format with the dated model {@code gpt-4o-2024-08-06} and usage
 * derived from the request (a token per 4 characters of the messages, plus 10 per message; 42 output tokens), and
 * {@code GET /docs} answers a document, for a plain HTTP call.
 */
final class FakeOpenAi implements AutoCloseable {

  static final String MODEL = "gpt-4o-2024-08-06";
  static final long OUTPUT_TOKENS = 42;

  private static final ObjectMapper json = new ObjectMapper();

  private final HttpServer server;
  private final AtomicInteger completions = new AtomicInteger();

  private FakeOpenAi(HttpServer server) {
    this.server = server;
  }

  static FakeOpenAi start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    FakeOpenAi fake = new FakeOpenAi(server);
    server.createContext("/v1/chat/completions", fake::chat);
    server.createContext("/docs", exchange -> respond(exchange, 200, "text/plain",
        "Retrieval-augmented generation grounds a model's answer in documents it is given."));
    server.start();
    return fake;
  }

  /** The base URL for the client: {@code http://127.0.0.1:<port>/v1}. */
  String baseUrl() {
    return origin() + "/v1";
  }

  String origin() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Input tokens the fake reports for a request whose messages have these contents. */
  static long inputTokens(String... contents) {
    long tokens = 0;
    for (String c : contents) {
      tokens += 10 + (c.length() + 3) / 4;
    }
    return tokens;
  }

  private void chat(HttpExchange exchange) throws IOException {
    JsonNode request;
    try (InputStream in = exchange.getRequestBody()) {
      request = json.readTree(in);
    }
    long input = 0;
    String last = "";
    for (JsonNode m : request.path("messages")) {
      last = m.path("content").asText("");
      input += inputTokens(last);
    }
    int n = completions.incrementAndGet();
    ObjectNode r = json.createObjectNode();
    r.put("id", "chatcmpl-fake-" + n);
    r.put("object", "chat.completion");
    r.put("created", 1_741_569_952L);
    r.put("model", MODEL);
    ObjectNode choice = r.putArray("choices").addObject();
    choice.put("index", 0);
    ObjectNode message = choice.putObject("message");
    message.put("role", "assistant");
    message.put("content", "Answer to: " + last);
    message.putNull("refusal");
    message.putArray("annotations");
    choice.putNull("logprobs");
    choice.put("finish_reason", "stop");
    ObjectNode usage = r.putObject("usage");
    usage.put("prompt_tokens", input);
    usage.put("completion_tokens", OUTPUT_TOKENS);
    usage.put("total_tokens", input + OUTPUT_TOKENS);
    usage.putObject("prompt_tokens_details").put("cached_tokens", 0).put("audio_tokens", 0);
    usage.putObject("completion_tokens_details").put("reasoning_tokens", 0).put("audio_tokens", 0)
        .put("accepted_prediction_tokens", 0).put("rejected_prediction_tokens", 0);
    r.put("service_tier", "default");
    r.put("system_fingerprint", "fp_50cad350e4");
    respond(exchange, 200, "application/json", json.writeValueAsString(r));
  }

  private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
