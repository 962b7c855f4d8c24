package io.last9.genai.examples;

import static io.last9.genai.examples.DemoOpenAIServer.PROMPT_PREFIX_TOKENS;
import static io.last9.genai.examples.DemoOpenAIServer.tokens;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A deterministic Anthropic-compatible server for the demo, on loopback and an ephemeral port: the real
 * anthropic-java client talks to it exactly as it talks to api.anthropic.com. It serves {@code POST /v1/messages}
 * (non-streaming) with realistic usage, counted the way {@link DemoOpenAIServer} counts:
 *
 * <ul>
 *   <li>a token is 4 characters (rounded up); every prompt carries a 1,200-token shared prefix (tools,
 *       instructions) marked for Anthropic's prompt cache;
 *   <li>the first call writes the prefix to the cache ({@code cache_creation_input_tokens} = 1,200,
 *       {@code cache_read_input_tokens} = 0), later calls read it (0 and 1,200);
 *   <li>{@code input_tokens} is the uncached rest, as Anthropic reports it: tokens(system) + tokens(last user
 *       message);
 *   <li>{@code output_tokens} = tokens(answer) + 40; the response model is the dated
 *       {@code claude-sonnet-4-5-20250929}, {@code stop_reason} is {@code end_turn}.
 * </ul>
 */
public final class DemoAnthropicServer implements AutoCloseable {

  static final String RESPONSE_MODEL = "claude-sonnet-4-5-20250929";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final AtomicInteger calls = new AtomicInteger();

  private DemoAnthropicServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/messages", this::handle);
  }

  /** Starts a server on 127.0.0.1 and an ephemeral port. */
  public static DemoAnthropicServer start() {
    try {
      DemoAnthropicServer s = new DemoAnthropicServer();
      s.server.start();
      return s;
    } catch (IOException e) {
      throw new IllegalStateException("could not start the demo's Anthropic-compatible server on loopback", e);
    }
  }

  /** The base URL to give the client, e.g. {@code http://127.0.0.1:53123} (the client adds {@code /v1/messages}). */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void handle(HttpExchange ex) throws IOException {
    if (!"POST".equals(ex.getRequestMethod()) || !"/v1/messages".equals(ex.getRequestURI().getPath())) {
      reply(ex, 404, error("not_found_error", "the demo server only answers POST /v1/messages"));
      return;
    }
    reply(ex, 200, message(JSON.readTree(ex.getRequestBody().readAllBytes())));
  }

  private ObjectNode message(JsonNode request) {
    String system = text(request.path("system"));
    String user = "";
    for (JsonNode m : request.path("messages")) {
      if ("user".equals(m.path("role").asText())) {
        user = text(m.path("content"));
      }
    }
    int call = calls.incrementAndGet();
    long cacheWrite = call == 1 ? PROMPT_PREFIX_TOKENS : 0;
    long cacheRead = call == 1 ? 0 : PROMPT_PREFIX_TOKENS;
    String answer = DemoOpenAIServer.answerFor(user);

    ObjectNode r = JSON.createObjectNode();
    r.put("id", String.format("msg_01Demo%014d", call));
    r.put("type", "message");
    r.put("role", "assistant");
    r.put("model", RESPONSE_MODEL);
    r.putArray("content").addObject().put("type", "text").put("text", answer);
    r.put("stop_reason", "end_turn");
    r.putNull("stop_sequence");
    ObjectNode usage = r.putObject("usage");
    usage.put("input_tokens", tokens(system) + tokens(user));
    usage.put("cache_creation_input_tokens", cacheWrite);
    usage.put("cache_read_input_tokens", cacheRead);
    usage.putObject("cache_creation")
        .put("ephemeral_5m_input_tokens", cacheWrite).put("ephemeral_1h_input_tokens", 0);
    usage.put("output_tokens", tokens(answer) + 40);
    usage.put("service_tier", "standard");
    return r;
  }

  /** A system prompt or message content: a string, or an array of content blocks whose text is joined. */
  private static String text(JsonNode content) {
    if (content.isTextual()) {
      return content.asText();
    }
    StringBuilder b = new StringBuilder();
    for (JsonNode block : content) {
      if ("text".equals(block.path("type").asText())) {
        b.append(block.path("text").asText());
      }
    }
    return b.toString();
  }

  private static ObjectNode error(String type, String message) {
    ObjectNode r = JSON.createObjectNode();
    r.put("type", "error");
    r.putObject("error").put("type", type).put("message", message);
    return r;
  }

  private static void reply(HttpExchange ex, int status, ObjectNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().add("Content-Type", "application/json");
    ex.getResponseHeaders().add("request-id", "req_01Demo");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
