package io.last9.genai.examples.spring;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The OpenAI-compatible server the sample talks to: {@code POST .../chat/completions} on 127.0.0.1 and an
 * ephemeral port, answering like api.openai.com (the dated model {@code gpt-4o-2024-08-06}, a usage block with a
 * prompt token per 4 characters of the request), so the sample runs with no key and no network.
 */
final class LoopbackOpenAi implements AutoCloseable {

  private final HttpServer server;
  private final AtomicInteger completions = new AtomicInteger();

  LoopbackOpenAi() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      try (exchange) {
        int requestLength = exchange.getRequestBody().readAllBytes().length;
        boolean chat = exchange.getRequestURI().getPath().endsWith("/chat/completions");
        String body = chat ? completion(requestLength)
            : "{\"error\":{\"message\":\"only chat completions here\",\"type\":\"invalid_request_error\"}}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(chat ? 200 : 404, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    });
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  private String completion(int requestLength) {
    int n = completions.incrementAndGet();
    long prompt = requestLength / 4;
    long output = 12;
    String answer = n == 1 ? "Sunny, 18 degrees, light wind from the west."
        : "No umbrella needed: the chance of rain stays under 10% all day.";
    return "{\"id\":\"chatcmpl-sample-" + n + "\",\"object\":\"chat.completion\",\"created\":1735689600,"
        + "\"model\":\"gpt-4o-2024-08-06\",\"system_fingerprint\":\"fp_sample\",\"choices\":[{\"index\":0,"
        + "\"message\":{\"role\":\"assistant\",\"content\":\"" + answer + "\",\"refusal\":null},"
        + "\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":" + prompt
        + ",\"completion_tokens\":" + output + ",\"total_tokens\":" + (prompt + output) + "}}";
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
