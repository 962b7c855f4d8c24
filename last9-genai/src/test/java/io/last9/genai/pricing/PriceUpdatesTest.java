/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing;

import static io.last9.genai.GenAiAttributes.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.last9.genai.Last9SpanProcessor;
import io.last9.genai.pricing.internal.CalculatorAccess;
import io.last9.genai.pricing.internal.PriceUpdater;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Price updates end to end: a processor configured with {@link PriceUpdates}, a loopback server
 * whose data changes, spans priced while the catalog is being swapped, and shutdown.
 */
class PriceUpdatesTest {

  private final AtomicReference<String> body = new AtomicReference<>();
  private final AtomicReference<String> lastModified = new AtomicReference<>();
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
            String modified = lastModified.get();
            if (modified != null) {
              exchange.getResponseHeaders().set("Last-Modified", modified);
            }
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

  private static Attributes gpt4oCall() {
    return CostTest.tokens("gpt-4o", null, 1_000_000, 1_000_000).toBuilder()
        .put(PROVIDER_NAME, "openai")
        .build();
  }

  private static PriceUpdates updatesFrom(URI url) {
    return PriceUpdates.builder()
        .url(url)
        .interval(Duration.ofSeconds(1))
        .timeout(Duration.ofSeconds(5))
        .build();
  }

  @Test
  void spansPricedDuringSwapsSeeOneCatalogOrTheOtherNeverAMix() throws InterruptedException {
    // A: 1M x 1 + 1M x 1 = 2; B: 1M x 2 + 1M x 3 = 5. A span priced half by each would cost 1 + 3 =
    // 4 or 2 + 1 = 3. The bundled catalog is off, so these one-model files are the catalog (over
    // the bundled one they would be refused: they lack its other models).
    String a = file(1, 1);
    String b = file(2, 3);
    body.set(a);
    Last9TelemetryExtension otel =
        Last9TelemetryExtension.builder()
            .processor(p -> p.bundledCatalog(false).priceUpdates(updatesFrom(url)))
            .build()
            .start();
    PriceUpdater updater = null;
    try {
      Last9SpanProcessor processor = otel.processor();
      updater = CalculatorAccess.get().priceUpdater(processor.costCalculator());
      await(updater, 1);
      long target = updater.swaps() + 3;
      int spans = 0;
      while (updater.swaps() < target) {
        // the server's file changes on every span, so each fetch finds the other one
        body.set(body.get().equals(a) ? b : a);
        otel.startAndEndSpan("chat", gpt4oCall());
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
      // no Last-Modified: the data is dated by its fetch
      assertThat(sources)
          .allSatisfy(
              s ->
                  assertThat(s)
                      .isEqualTo("genai-prices:openai/gpt-4o@" + LocalDate.now(ZoneOffset.UTC)));
    } finally {
      otel.close();
    }
    // the processor's shutdown stopped the updater: no request after it
    int before = requests.get();
    Thread.sleep(1_500);
    assertThat(requests.get()).isEqualTo(before);
  }

  /** The bundled genai-prices data, with openai's gpt-4o at {@code input} / {@code output}. */
  private static String bundledWithGpt4oAt(double input, double output) {
    ObjectMapper mapper = new ObjectMapper();
    try (InputStream in =
        PriceUpdatesTest.class.getResourceAsStream("/io/last9/genai/pricing/genai-prices.json")) {
      JsonNode providers = mapper.readTree(in);
      for (JsonNode provider : providers) {
        for (JsonNode model : provider.path("models")) {
          if (provider.path("id").asText().equals("openai")
              && model.path("id").asText().equals("gpt-4o")) {
            ((ObjectNode) model)
                .set(
                    "prices",
                    mapper.createObjectNode().put("input_mtok", input).put("output_mtok", output));
          }
        }
      }
      return providers.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void theDateOfThePricesInForceEndsThePriceSource() throws InterruptedException {
    // the bundled data, then a newer genai-prices file: the bundled data with gpt-4o at 7 / 9
    body.set(bundledWithGpt4oAt(7, 9));
    lastModified.set("Fri, 20 Nov 2026 10:00:00 GMT");
    try (Last9TelemetryExtension otel = Last9TelemetryExtension.builder().build().start()) {
      otel.startAndEndSpan("bundled", gpt4oCall());
      assertThat(otel.span("bundled").getAttributes().get(COST_PRICE_SOURCE))
          .isEqualTo("genai-prices:openai/gpt-4o@2026-08-21");
    }
    Last9TelemetryExtension otel =
        Last9TelemetryExtension.builder()
            .processor(p -> p.priceUpdates(updatesFrom(url)))
            .build()
            .start();
    try {
      await(CalculatorAccess.get().priceUpdater(otel.processor().costCalculator()), 1);
      otel.startAndEndSpan("updated", gpt4oCall());
      Attributes a = otel.span("updated").getAttributes();
      assertThat(a.get(COST_PRICE_SOURCE)).isEqualTo("genai-prices:openai/gpt-4o@2026-11-20");
      assertThat(a.get(USAGE_COST_USD)).isEqualTo(16.0);
    } finally {
      otel.close();
    }
  }

  @Test
  void theStartUpLineSaysWhichPriceDataIsLoadedAtConfigLevel() {
    List<String> lines = new CopyOnWriteArrayList<>();
    Handler capture =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            if (r.getLevel() == Level.CONFIG) {
              lines.add(r.getMessage());
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger log = Logger.getLogger(CostCalculator.class.getName());
    Level level = log.getLevel();
    log.addHandler(capture);
    try {
      // At the logging defaults (INFO) a start-up prints nothing.
      Last9SpanProcessor.create().shutdown();
      assertThat(lines).isEmpty();
      log.setLevel(Level.CONFIG);
      Last9SpanProcessor.create().shutdown();
      assertThat(lines)
          .containsExactly(
              "last9-genai: prices: bundled genai-prices data of 2026-08-21 (1466 models)");
      lines.clear();
      Last9SpanProcessor.builder()
          .pricing(Map.of("rocket-1", ModelPricing.of(1, 2)))
          .build()
          .shutdown();
      assertThat(lines)
          .containsExactly(
              "last9-genai: prices: bundled genai-prices data of 2026-08-21 (1466 models), your"
                  + " prices for 1 model");
      lines.clear();
      body.set(file(1, 1));
      Last9SpanProcessor off =
          Last9SpanProcessor.builder().bundledCatalog(false).priceUpdates(updatesFrom(url)).build();
      off.shutdown();
      assertThat(lines)
          .containsExactly(
              "last9-genai: prices: no catalog until the first price update (the bundled catalog"
                  + " is off); price updates from "
                  + url
                  + " every PT1S");
    } finally {
      log.removeHandler(capture);
      log.setLevel(level);
    }
  }

  @Test
  void priceUpdatesAreOffByDefaultAndValidated() {
    assertThat(CalculatorAccess.get().priceUpdater(Last9SpanProcessor.create().costCalculator()))
        .isNull();
    PriceUpdates defaults = PriceUpdates.defaults();
    assertThat(defaults.url()).isEqualTo(PriceUpdates.DEFAULT_URL);
    assertThat(defaults.interval()).isEqualTo(Duration.ofHours(1));
    assertThat(defaults.timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(defaults.allowDowngrade()).isFalse();
    assertThatThrownBy(() -> PriceUpdates.builder().url(URI.create("file:///etc/passwd")))
        .hasMessageContaining("http or https");
    assertThatThrownBy(() -> PriceUpdates.builder().url(URI.create("http:///data.json")))
        .hasMessageContaining("must name a host");
    assertThatThrownBy(() -> PriceUpdates.builder().interval(Duration.ZERO))
        .hasMessageContaining("interval");
    assertThatThrownBy(() -> PriceUpdates.builder().timeout(Duration.ofSeconds(-1)))
        .hasMessageContaining("timeout");
  }

  @Test
  void withTheBundledCatalogOffUpdatesSupplyTheCatalog() throws InterruptedException {
    body.set(file(7, 9));
    Last9SpanProcessor processor =
        Last9SpanProcessor.builder().bundledCatalog(false).priceUpdates(updatesFrom(url)).build();
    try {
      await(CalculatorAccess.get().priceUpdater(processor.costCalculator()), 1);
      assertThat(requests.get()).isPositive();
      // 1000 x 7 + 1000 x 9 = 16000 / 1e6 = 0.016
      assertThat(estimate(processor.costCalculator()).orElseThrow().cost().totalUsd())
          .isEqualTo(0.016);
    } finally {
      processor.shutdown();
    }
    // without updates, the catalog is off indeed: nothing prices gpt-4o
    Last9SpanProcessor off = Last9SpanProcessor.builder().bundledCatalog(false).build();
    assertThat(CalculatorAccess.get().priceUpdater(off.costCalculator())).isNull();
    assertThat(estimate(off.costCalculator())).isEmpty();
    off.shutdown();
  }

  private static java.util.Optional<CostEstimate> estimate(CostCalculator calculator) {
    return calculator.estimate("gpt-4o", "openai", Usage.of(1_000, 1_000), Instant.now());
  }

  @Test
  void configurableFromProperties() throws InterruptedException {
    body.set(file(7, 9));
    Map<String, String> updates =
        Map.of(
            "otel.last9.genai.pricing.updates.enabled",
            "true",
            "otel.last9.genai.pricing.updates.url",
            url.toString(),
            "otel.last9.genai.pricing.updates.interval",
            "1h",
            "otel.last9.genai.pricing.updates.timeout",
            "2s");
    // over the bundled catalog, a one-model file is a downgrade: refused at the default...
    Last9SpanProcessor refusing = fromConfig(updates, Map.of());
    try {
      PriceUpdater updater = CalculatorAccess.get().priceUpdater(refusing.costCalculator());
      awaitAttempts(updater, 1);
      assertThat(updater.swaps()).isZero();
      assertThat(estimate(refusing.costCalculator()).orElseThrow().cost().totalUsd())
          .isEqualTo(0.0125); // the bundled 2.50 / 10
    } finally {
      refusing.shutdown();
    }
    // ... installed when downgrades are allowed, and the catalog when the bundled one is off
    for (Map<String, String> extra :
        List.of(
            Map.of("otel.last9.genai.pricing.updates.allow-downgrade", "true"),
            Map.of("otel.last9.genai.pricing.bundled", "false"))) {
      Last9SpanProcessor processor = fromConfig(updates, extra);
      try {
        await(CalculatorAccess.get().priceUpdater(processor.costCalculator()), 1);
        // 1000 x 7 + 1000 x 9 = 16000 / 1e6 = 0.016
        assertThat(estimate(processor.costCalculator()).orElseThrow().cost().totalUsd())
            .as("with %s", extra)
            .isEqualTo(0.016);
      } finally {
        processor.shutdown();
      }
    }
    assertThatThrownBy(
            () ->
                fromConfig(
                    updates, Map.of("otel.last9.genai.pricing.updates.allow-downgrade", "maybe")))
        .hasMessageContaining("otel.last9.genai.pricing.updates.allow-downgrade");
  }

  private static Last9SpanProcessor fromConfig(Map<String, String> a, Map<String, String> b) {
    Map<String, String> all = new java.util.HashMap<>(a);
    all.putAll(b);
    return io.last9.genai.internal.setup.Last9AutoConfigurationCustomizerProvider.fromConfig(
        io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties.createFromMap(all));
  }

  private static void awaitAttempts(PriceUpdater updater, long attempts)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (updater.attempts() < attempts) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("only " + updater.attempts() + " attempts");
      }
      Thread.sleep(10);
    }
  }
}
