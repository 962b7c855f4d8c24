/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import static io.last9.genai.GenAiAttributes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.last9.genai.internal.pricing.PriceUpdater;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Price updates end to end: a processor configured with {@link PriceUpdates}, a loopback server
 * whose data changes, spans priced while the catalog is being swapped, and shutdown.
 */
class PriceUpdatesTest {

  private final AtomicReference<String> body = new AtomicReference<>();
  private final AtomicInteger requests = new AtomicInteger();
  private HttpServer server;
  private URI url;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/data.json",
        exchange -> {
          try (exchange) {
            requests.incrementAndGet();
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(bytes);
            }
          }
        });
    server.start();
    url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/data.json");
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private static String file(double input, double output) {
    return "[{\"id\": \"openai\", \"models\": [{\"id\": \"gpt-4o\", \"match\": {\"equals\": \"gpt-4o\"},"
        + " \"prices\": {\"input_mtok\": "
        + input
        + ", \"output_mtok\": "
        + output
        + "}}]}]";
  }

  private static void await(PriceUpdater updater, long swaps) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (updater.swaps() < swaps) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("only " + updater.swaps() + " swaps, expected " + swaps);
      }
      Thread.sleep(10);
    }
  }

  @Test
  void spansPricedDuringSwapsSeeOneCatalogOrTheOtherNeverAMix() throws InterruptedException {
    // A: 1M x 1 + 1M x 1 = 2; B: 1M x 2 + 1M x 3 = 5. A span priced half by each would cost 1 + 3 =
    // 4 or 2 + 1 = 3.
    String a = file(1, 1);
    String b = file(2, 3);
    body.set(a);
    Last9TelemetryExtension otel =
        Last9TelemetryExtension.builder()
            .processor(
                p ->
                    p.priceUpdates(
                        PriceUpdates.builder()
                            .url(url)
                            .interval(Duration.ofSeconds(1))
                            .timeout(Duration.ofSeconds(5))
                            .build()))
            .build()
            .start();
    PriceUpdater updater = null;
    try {
      Last9SpanProcessor processor = otel.processor();
      updater = processor.costCalculator().priceUpdater();
      await(updater, 1);
      long target = updater.swaps() + 3;
      int spans = 0;
      while (updater.swaps() < target) {
        // the server's file changes on every span, so each fetch finds the other one
        body.set(body.get().equals(a) ? b : a);
        otel.startAndEndSpan(
            "chat",
            CostTest.tokens("gpt-4o", null, 1_000_000, 1_000_000).toBuilder()
                .put(PROVIDER_NAME, "openai")
                .build());
        spans++;
        Thread.sleep(
            2); // a few hundred spans a second: enough to straddle every swap, few enough to keep
      }
      List<Double> costs = new ArrayList<>();
      List<String> sources = new ArrayList<>();
      for (SpanData s : otel.spans("chat")) {
        costs.add(s.getAttributes().get(USAGE_COST_USD));
        sources.add(s.getAttributes().get(COST_PRICE_SOURCE));
      }
      assertThat(costs).hasSize(spans).allSatisfy(c -> assertThat(c).isIn(2.0, 5.0));
      assertThat(costs).contains(2.0, 5.0);
      assertThat(sources)
          .allSatisfy(s -> assertThat(s).matches("genai-prices@[0-9a-f]{12}:openai/gpt-4o"));
    } finally {
      otel.close();
    }
    // the processor's shutdown stopped the updater: no request after it
    int before = requests.get();
    Thread.sleep(1_500);
    assertThat(requests.get()).isEqualTo(before);
  }

  @Test
  void priceUpdatesAreOffByDefaultAndValidated() {
    assertThat(Last9SpanProcessor.create().costCalculator().priceUpdater()).isNull();
    assertThat(PriceUpdates.defaults().url()).isEqualTo(PriceUpdates.DEFAULT_URL);
    assertThatThrownBy(() -> PriceUpdates.builder().url(URI.create("file:///etc/passwd")))
        .hasMessageContaining("http or https");
    assertThatThrownBy(() -> PriceUpdates.builder().interval(Duration.ZERO))
        .hasMessageContaining("interval");
    assertThatThrownBy(() -> PriceUpdates.builder().timeout(Duration.ofSeconds(-1)))
        .hasMessageContaining("timeout");
  }

  @Test
  void configurableFromProperties() throws InterruptedException {
    body.set(file(7, 9));
    var config =
        io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties.createFromMap(
            java.util.Map.of(
                "otel.last9.genai.pricing.updates.enabled",
                "true",
                "otel.last9.genai.pricing.updates.url",
                url.toString(),
                "otel.last9.genai.pricing.updates.interval",
                "1h",
                "otel.last9.genai.pricing.updates.timeout",
                "2s"));
    Last9SpanProcessor processor =
        io.last9.genai.internal.setup.Last9AutoConfigurationCustomizerProvider.fromConfig(config);
    try {
      await(processor.costCalculator().priceUpdater(), 1);
      // 1000 x 7 + 1000 x 9 = 16000 / 1e6 = 0.016
      assertThat(
              processor
                  .costCalculator()
                  .estimate("gpt-4o", "openai", Usage.of(1_000, 1_000), java.time.Instant.now())
                  .orElseThrow()
                  .cost()
                  .totalUsd())
          .isEqualTo(0.016);
    } finally {
      processor.shutdown();
    }
  }
}
