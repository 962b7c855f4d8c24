package io.last9.genai.spring.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback OpenAI-compatible chat completions server with the wire format of api.openai.com: a JSON completion,
 * or server-sent chunks ending with a usage chunk when the request asks to stream. The prompt token count grows
 * with the request body, so calls of different sizes cost different amounts.
 */
final class FakeOpenAiServer implements AutoCloseable {

  static final String MODEL = "gpt-4o-2024-08-06";
  static final long COMPLETION_TOKENS = 8;

  private static final Pattern STREAM = Pattern.compile("\"stream\"\\s*:\\s*true");

  private final HttpServer server;
  private final ExecutorService executor = Executors.newFixedThreadPool(4);
  private final AtomicInteger ids = new AtomicInteger();

  private FakeOpenAiServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  static FakeOpenAiServer start() {
    try {
      return new FakeOpenAiServer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The prompt tokens the server reports for a request body of {@code bodyLength} bytes. */
  static long promptTokens(int bodyLength) {
    return 10 + bodyLength / 10;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String request = new String(body, StandardCharsets.UTF_8);
      if (!exchange.getRequestURI().getPath().endsWith("/chat/completions")) {
        send(exchange, 404, "application/json", "{\"error\":{\"message\":\"not found\",\"type\":\"invalid_request_error\"}}");
        return;
      }
      String id = "chatcmpl-" + ids.incrementAndGet();
      long prompt = promptTokens(body.length);
      String usage = "{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + COMPLETION_TOKENS
          + ",\"total_tokens\":" + (prompt + COMPLETION_TOKENS)
          + ",\"prompt_tokens_details\":{\"cached_tokens\":0},\"completion_tokens_details\":{\"reasoning_tokens\":0}}";
      if (STREAM.matcher(request).find()) {
        StringBuilder sse = new StringBuilder();
        sse.append(chunk(id, "{\"role\":\"assistant\",\"content\":\"\"}", "null"));
        for (String part : new String[] {"It ", "will ", "rain."}) {
          sse.append(chunk(id, "{\"content\":\"" + part + "\"}", "null"));
        }
        sse.append(chunk(id, "{}", "\"stop\""));
        sse.append("data: {\"id\":\"").append(id).append("\",\"object\":\"chat.completion.chunk\",\"created\":1735689600,")
            .append("\"model\":\"").append(MODEL).append("\",\"system_fingerprint\":\"fp_fake\",\"choices\":[],\"usage\":")
            .append(usage).append("}\n\n");
        sse.append("data: [DONE]\n\n");
        send(exchange, 200, "text/event-stream", sse.toString());
        return;
      }
      send(exchange, 200, "application/json", "{\"id\":\"" + id + "\",\"object\":\"chat.completion\","
          + "\"created\":1735689600,\"model\":\"" + MODEL + "\",\"system_fingerprint\":\"fp_fake\","
          + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + answer(request)
          + "\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":" + usage
          + ",\"service_tier\":\"default\"}");
    }
  }

  private static String chunk(String id, String delta, String finishReason) {
    return "data: {\"id\":\"" + id + "\",\"object\":\"chat.completion.chunk\",\"created\":1735689600,\"model\":\""
        + MODEL + "\",\"system_fingerprint\":\"fp_fake\",\"choices\":[{\"index\":0,\"delta\":" + delta
        + ",\"logprobs\":null,\"finish_reason\":" + finishReason + "}]}\n\n";
  }

  private static String answer(String request) {
    Matcher m = Pattern.compile("\"content\"\\s*:\\s*\"([^\"]{0,40})").matcher(request);
    String last = "your question";
    while (m.find()) {
      last = m.group(1);
    }
    return "You asked about " + last.replace("\\", "") + ". It will rain tomorrow.";
  }

  private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
