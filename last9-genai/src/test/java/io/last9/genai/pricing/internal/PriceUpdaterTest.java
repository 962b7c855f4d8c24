/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.last9.genai.pricing.PriceUpdates;
import io.last9.genai.pricing.Usage;
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
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The price updater against loopback HTTP servers serving realistic files: genai-prices data
 * derived from the bundled file (newer, older, the slim file without the free models), a one-model
 * file, redirects within the origin and to another one, failures and hangs.
 */
class PriceUpdaterTest {

  private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");
  private static final Usage MILLION_EACH = Usage.of(1_000_000, 1_000_000);
  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** Newer than the bundled data (2026-08-21). */
  private static final String NOV_20 = "Fri, 20 Nov 2026 10:00:00 GMT";

  /** Older than the bundled data. */
  private static final String APR_30 = "Thu, 30 Apr 2026 10:00:00 GMT";

  /**
   * What the server answers on a path: a status, a body and headers, or a hang (before the headers,
   * or after half the body).
   */
  private record Answer(
      int status, byte[] body, Map<String, String> headers, boolean hang, boolean hangInBody) {

    static Answer ok(String body) {
      return new Answer(200, utf8(body), Map.of(), false, false);
    }

    static Answer ok(String body, String lastModified) {
      return new Answer(200, utf8(body), Map.of("Last-Modified", lastModified), false, false);
    }

    static Answer status(int status, String body) {
      return new Answer(status, utf8(body), Map.of(), false, false);
    }

    static Answer redirect(int status, String location) {
      return new Answer(status, new byte[0], Map.of("Location", location), false, false);
    }

    static Answer hangs() {
      return new Answer(200, new byte[0], Map.of(), true, false);
    }

    static Answer hangsInBody(String body) {
      return new Answer(200, utf8(body), Map.of(), false, true);
    }

    @Override
    public String toString() {
      return status + " " + headers + " " + body.length + " bytes" + (hang ? " hang" : "");
    }
  }

  /** One loopback server: answers by path, and counts the requests of each path. */
  private static final class Server implements AutoCloseable {
    final Map<String, Answer> answers = new ConcurrentHashMap<>();
    final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    final CountDownLatch release = new CountDownLatch(1);
    final HttpServer http;

    Server() throws IOException {
      http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      http.createContext("/", this::handle);
      http.setExecutor(Executors.newCachedThreadPool());
      http.start();
    }

    int port() {
      return http.getAddress().getPort();
    }

    URI url(String path) {
      return URI.create("http://127.0.0.1:" + port() + path);
    }

    int requests(String path) {
      AtomicInteger n = requests.get(path);
      return n == null ? 0 : n.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
      try (exchange) {
        String path = exchange.getRequestURI().getPath();
        requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        Answer a = answers.get(path);
        if (a == null) {
          exchange.sendResponseHeaders(404, -1);
          return;
        }
        if (a.hang) {
          release.await(); // until the test ends: the updater's timeout must give up first
          return;
        }
        a.headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.sendResponseHeaders(a.status, a.body.length == 0 ? -1 : a.body.length);
        if (a.body.length == 0) {
          return;
        }
        try (OutputStream out = exchange.getResponseBody()) {
          if (a.hangInBody) {
            out.write(a.body, 0, a.body.length / 2);
            out.flush();
            release.await();
            return;
          }
          out.write(a.body);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void close() {
      release.countDown();
      http.stop(0);
    }
  }

  private Server server;
  private Server elsewhere;
  private PriceUpdater updater;
  private final List<LogRecord> warnings = new CopyOnWriteArrayList<>();
  private final Handler warningCapture =
      new Handler() {
        @Override
        public void publish(LogRecord r) {
          if (r.getLevel() == Level.WARNING) {
            warnings.add(r);
          }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void start() throws IOException {
    server = new Server();
    elsewhere = new Server();
    Logger.getLogger(PriceUpdater.class.getName()).addHandler(warningCapture);
  }

  @AfterEach
  void stop() {
    Logger.getLogger(PriceUpdater.class.getName()).removeHandler(warningCapture);
    if (updater != null) {
      updater.close();
    }
    server.close();
    elsewhere.close();
  }

  // ------------------------------------------------------------------ realistic files

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The bundled genai-prices data, as a tree to derive files from. */
  private static ArrayNode bundledTree() {
    try (InputStream in = PriceCatalog.class.getResourceAsStream(PriceCatalog.BUNDLED_RESOURCE)) {
      return (ArrayNode) MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ObjectNode provider(ArrayNode providers, String id) {
    for (JsonNode p : providers) {
      if (p.path("id").asText().equals(id)) {
        return (ObjectNode) p;
      }
    }
    throw new AssertionError("no provider " + id);
  }

  /** The data with openai's gpt-4o at {@code input} / {@code output} USD per million tokens. */
  private static ArrayNode withGpt4o(ArrayNode providers, double input, double output) {
    for (JsonNode m : provider(providers, "openai").path("models")) {
      if (m.path("id").asText().equals("gpt-4o")) {
        ((ObjectNode) m).set("prices", prices(input, output));
        return providers;
      }
    }
    throw new AssertionError("no gpt-4o");
  }

  private static ObjectNode prices(double input, double output) {
    return MAPPER.createObjectNode().put("input_mtok", input).put("output_mtok", output);
  }

  /**
   * A newer genai-prices file: the bundled data with gpt-4o repriced at 7 / 9 and a model added.
   */
  private static String newer() {
    ArrayNode data = withGpt4o(bundledTree(), 7, 9);
    ObjectNode added = MAPPER.createObjectNode().put("id", "gpt-9");
    added.set("match", MAPPER.createObjectNode().put("equals", "gpt-9"));
    added.set("prices", prices(1, 2));
    ((ArrayNode) provider(data, "openai").path("models")).add(added);
    return data.toString();
  }

  /**
   * The legacy slim file: genai-prices' data without the models whose every price is 0 (what its
   * {@code data_slim.json} is), with gpt-4o repriced so that installing it would show.
   */
  private static String legacySlim() {
    ArrayNode data = withGpt4o(bundledTree(), 7, 9);
    int kept = 0;
    for (JsonNode p : data) {
      Iterator<JsonNode> models = p.path("models").elements();
      while (models.hasNext()) {
        if (allZero(models.next().path("prices"))) {
          models.remove();
        } else {
          kept++;
        }
      }
    }
    assertThat(kept).as("genai-prices' data_slim.json has 1,309 models").isEqualTo(1309);
    return data.toString();
  }

  private static boolean allZero(JsonNode node) {
    if (node.isNumber()) {
      return node.asDouble() == 0;
    }
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (!field.getKey().equals("constraint") && !allZero(field.getValue())) {
        return false;
      }
    }
    for (JsonNode element : node.isArray() ? node : MAPPER.createArrayNode()) {
      if (!allZero(element)) {
        return false;
      }
    }
    return true;
  }

  /** A file with one model: openai's gpt-4o at {@code input} / {@code output}. */
  private static String oneModel(double input, double output) {
    return "[{\"id\": \"openai\", \"models\": [{\"id\": \"gpt-4o\", \"match\": {\"equals\": \"gpt-4o\"},"
        + " \"prices\": {\"input_mtok\": "
        + input
        + ", \"output_mtok\": "
        + output
        + "}}]}]";
  }

  // ------------------------------------------------------------------ helpers

  private static double costOf(AtomicReference<PriceCatalog> catalog, String model, String hint) {
    return catalog.get().find(model, hint).orElseThrow().cost(MILLION_EACH, AT).cost().totalUsd();
  }

  private static double gpt4o(AtomicReference<PriceCatalog> catalog) {
    return costOf(catalog, "gpt-4o", "openai");
  }

  private static void await(LongSupplier counter, long atLeast) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (counter.getAsLong() < atLeast) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("got " + counter.getAsLong() + ", expected " + atLeast);
      }
      Thread.sleep(10);
    }
  }

  private AtomicReference<PriceCatalog> startUpdater(
      PriceCatalog inForce, URI url, Duration interval, boolean allowDowngrade) {
    return startUpdater(inForce, url, interval, Duration.ofSeconds(5), allowDowngrade);
  }

  private AtomicReference<PriceCatalog> startUpdater(
      PriceCatalog inForce, URI url, Duration interval, Duration timeout, boolean allowDowngrade) {
    AtomicReference<PriceCatalog> catalog = new AtomicReference<>(inForce);
    updater =
        PriceUpdater.start(
            catalog,
            PriceUpdates.builder().url(url).timeout(timeout).allowDowngrade(allowDowngrade).build(),
            interval);
    return catalog;
  }

  private AtomicReference<PriceCatalog> startOverBundled(String path) {
    return startUpdater(PriceCatalog.bundled(), server.url(path), Duration.ofMillis(20), false);
  }

  private List<String> warningTexts() {
    List<String> texts = new ArrayList<>();
    for (LogRecord r : warnings) {
      texts.add(r.getMessage());
    }
    return texts;
  }

  // ------------------------------------------------------------------ tests

  @Test
  void aNewerFileIsInstalledAndItsDateEndsThePriceSource() throws InterruptedException {
    server.answers.put("/data.json", Answer.ok(newer(), NOV_20));
    AtomicReference<PriceCatalog> catalog = startOverBundled("/data.json");
    // bundled gpt-4o: 1M x 2.5 + 1M x 10 = 12.5
    assertThat(gpt4o(catalog)).isCloseTo(12.5, within(1e-12));
    await(updater::swaps, 1);
    // the fetched file: 1M x 7 + 1M x 9 = 16, and the model it added
    assertThat(gpt4o(catalog)).isCloseTo(16, within(1e-12));
    assertThat(costOf(catalog, "gpt-9", "openai")).isCloseTo(3, within(1e-12));
    assertThat(catalog.get().modelCount()).isEqualTo(1467);
    assertThat(catalog.get().dataDate()).isEqualTo(LocalDate.of(2026, 11, 20));
    assertThat(catalog.get().priceSourceOf(catalog.get().find("gpt-4o", "openai").orElseThrow()))
        .isEqualTo("genai-prices:openai/gpt-4o@2026-11-20");
    // the same file again is not swapped again
    long swaps = updater.swaps();
    await(updater::attempts, updater.attempts() + 3);
    assertThat(updater.swaps()).isEqualTo(swaps);
    assertThat(warnings).isEmpty();
  }

  @Test
  void anOlderFileIsRefusedWithAWarning() throws InterruptedException {
    // the bundled data repriced, but dated before the bundled data's 2026-08-21
    server.answers.put("/data.json", Answer.ok(withGpt4o(bundledTree(), 7, 9).toString(), APR_30));
    AtomicReference<PriceCatalog> catalog = startOverBundled("/data.json");
    PriceCatalog bundled = catalog.get();
    await(updater::attempts, 3);
    assertThat(catalog.get()).isSameAs(bundled);
    assertThat(gpt4o(catalog)).isCloseTo(12.5, within(1e-12));
    assertThat(updater.swaps()).isZero();
    assertThat(warningTexts())
        .anySatisfy(w -> assertThat(w).contains("older than the data in force", "allow-downgrade"));
    // the updater is alive: a newer file is taken
    server.answers.put("/data.json", Answer.ok(newer(), NOV_20));
    await(updater::swaps, 1);
    assertThat(gpt4o(catalog)).isCloseTo(16, within(1e-12));
  }

  @Test
  void theLegacySlimFileWouldUnpriceTheFreeModelsAndIsRefused() throws InterruptedException {
    server.answers.put("/data.json", Answer.ok(legacySlim(), NOV_20));
    AtomicReference<PriceCatalog> catalog = startOverBundled("/data.json");
    PriceCatalog bundled = catalog.get();
    await(updater::attempts, 3);
    assertThat(catalog.get()).isSameAs(bundled);
    // the free model stays priced at exactly $0, gpt-4o at the bundled price
    assertThat(costOf(catalog, "qwen-3-coder-480b", "cerebras")).isZero();
    assertThat(gpt4o(catalog)).isCloseTo(12.5, within(1e-12));
    assertThat(warningTexts())
        .anySatisfy(
            w ->
                assertThat(w)
                    .contains("lacks 157 of the 1466 models in force", "allow-downgrade")
                    .containsPattern("\\(\\w[^)]*/[^)]*, \\.\\.\\.\\)"));
  }

  @Test
  void aOneModelFileWouldUnpriceEveryOtherModelAndIsRefused() throws InterruptedException {
    server.answers.put("/data.json", Answer.ok(oneModel(7, 9), NOV_20));
    AtomicReference<PriceCatalog> catalog = startOverBundled("/data.json");
    PriceCatalog bundled = catalog.get();
    await(updater::attempts, 3);
    assertThat(catalog.get()).isSameAs(bundled);
    assertThat(gpt4o(catalog)).isCloseTo(12.5, within(1e-12));
    assertThat(costOf(catalog, "claude-sonnet-4-5", "anthropic")).isPositive();
    assertThat(warningTexts()).anySatisfy(w -> assertThat(w).contains("lacks 1465 of the 1466"));
  }

  @Test
  void allowDowngradeInstallsOlderAndSmallerFiles() throws InterruptedException {
    assertThat(PriceUpdates.defaults().allowDowngrade()).isFalse();
    server.answers.put("/data.json", Answer.ok(withGpt4o(bundledTree(), 7, 9).toString(), APR_30));
    AtomicReference<PriceCatalog> catalog =
        startUpdater(PriceCatalog.bundled(), server.url("/data.json"), Duration.ofMillis(20), true);
    await(updater::swaps, 1);
    assertThat(gpt4o(catalog)).isCloseTo(16, within(1e-12));
    assertThat(catalog.get().dataDate()).isEqualTo(LocalDate.of(2026, 4, 30));
    server.answers.put("/data.json", Answer.ok(oneModel(1, 2), NOV_20));
    await(updater::swaps, 2);
    assertThat(gpt4o(catalog)).isCloseTo(3, within(1e-12));
    assertThat(catalog.get().modelCount()).isEqualTo(1);
  }

  @Test
  void aRedirectToAnotherOriginIsRefusedWithAWarning() throws InterruptedException {
    // the same file a redirect would lead to, served elsewhere: another port, and another host name
    elsewhere.answers.put("/data.json", Answer.ok(newer(), NOV_20));
    server.answers.put("/newer.json", Answer.ok(newer(), NOV_20));
    server.answers.put(
        "/port.json", Answer.redirect(302, "http://127.0.0.1:" + elsewhere.port() + "/data.json"));
    server.answers.put(
        "/host.json", Answer.redirect(301, "http://localhost:" + server.port() + "/newer.json"));
    for (String path : List.of("/port.json", "/host.json")) {
      AtomicReference<PriceCatalog> catalog = startOverBundled(path);
      PriceCatalog bundled = catalog.get();
      await(updater::attempts, 3);
      updater.close();
      assertThat(catalog.get()).as(path).isSameAs(bundled);
      assertThat(updater.swaps()).isZero();
    }
    assertThat(elsewhere.requests("/data.json")).isZero();
    assertThat(server.requests("/newer.json")).isZero();
    assertThat(warningTexts())
        .anySatisfy(
            w ->
                assertThat(w)
                    .contains("redirected to another origin (http://127.0.0.1:" + elsewhere.port()))
        .anySatisfy(
            w ->
                assertThat(w)
                    .contains("redirected to another origin (http://localhost:" + server.port()));
  }

  @Test
  void redirectsWithinTheOriginAreFollowedAtMostFiveTimes() throws InterruptedException {
    server.answers.put("/old.json", Answer.redirect(301, "/v2/data.json")); // relative
    server.answers.put(
        "/v2/data.json", Answer.redirect(307, "http://127.0.0.1:" + server.port() + "/v3.json"));
    server.answers.put("/v3.json", Answer.ok(newer(), NOV_20));
    AtomicReference<PriceCatalog> catalog = startOverBundled("/old.json");
    await(updater::swaps, 1);
    assertThat(gpt4o(catalog)).isCloseTo(16, within(1e-12));
    updater.close();

    // a loop: one attempt (the interval is long) makes the first request and five redirects
    server.answers.put("/loop.json", Answer.redirect(302, "/loop.json"));
    AtomicReference<PriceCatalog> looping =
        startUpdater(PriceCatalog.bundled(), server.url("/loop.json"), Duration.ofHours(1), false);
    await(updater::attempts, 1);
    assertThat(server.requests("/loop.json")).isEqualTo(1 + PriceUpdates.MAX_REDIRECTS);
    assertThat(looping.get()).isSameAs(PriceCatalog.bundled());
    assertThat(warningTexts()).anySatisfy(w -> assertThat(w).contains("more than 5 times"));
  }

  @Test
  void withNoCatalogInForceTheFirstValidFileIsTheCatalog() throws InterruptedException {
    server.answers.put("/data.json", Answer.ok(oneModel(7, 9)));
    AtomicReference<PriceCatalog> catalog =
        startUpdater(null, server.url("/data.json"), Duration.ofMillis(20), false);
    await(updater::swaps, 1);
    assertThat(gpt4o(catalog)).isCloseTo(16, within(1e-12));
    // no Last-Modified: the data is dated by the fetch
    assertThat(catalog.get().dataDate()).isEqualTo(LocalDate.now(ZoneOffset.UTC));
  }

  @Test
  void aLastModifiedInTheFutureIsNotBelieved() throws InterruptedException {
    server.answers.put("/data.json", Answer.ok(newer(), "Thu, 01 Jan 2099 00:00:00 GMT"));
    AtomicReference<PriceCatalog> catalog = startOverBundled("/data.json");
    await(updater::swaps, 1);
    // dated by the fetch: a date in 2099 would make every later file "older"
    assertThat(catalog.get().dataTime()).isBeforeOrEqualTo(Instant.now());
    assertThat(catalog.get().dataDate()).isEqualTo(LocalDate.now(ZoneOffset.UTC));
  }

  @Test
  void malformedFilesErrorsAndHangsLeaveThePricesInForce() throws InterruptedException {
    server.answers.put("/data.json", Answer.ok(oneModel(7, 9)));
    // a short timeout, for the hangs
    AtomicReference<PriceCatalog> catalog =
        startUpdater(
            null, server.url("/data.json"), Duration.ofMillis(20), Duration.ofMillis(300), false);
    await(updater::swaps, 1);
    PriceCatalog good = catalog.get();
    List<Answer> failures =
        List.of(
            Answer.ok("[{\"id\": \"openai\", \"models\": ["), // not JSON
            Answer.ok(oneModel(-1, 9)), // a negative price
            Answer.ok("[]"), // no models at all
            Answer.ok("{\"providers\": []}"), // not the format
            Answer.status(500, "internal error"),
            Answer.status(404, "not found"),
            Answer.redirect(302, "not a uri at all ::"),
            Answer.hangs(), // a server that hangs
            Answer.hangsInBody(oneModel(1, 2))); // ... halfway through
    for (Answer failure : failures) {
      server.answers.put("/data.json", failure);
      await(updater::attempts, updater.attempts() + 2);
      assertThat(catalog.get()).as("after %s", failure).isSameAs(good);
      assertThat(gpt4o(catalog)).isCloseTo(16, within(1e-12));
    }
    // 18 failed attempts, logged once per kind of failure at most (invalid, empty, HTTP status,
    // redirect, timeout)
    assertThat(warnings).hasSizeLessThanOrEqualTo(5);
    // and a good file is taken again afterwards: 1M x 1 + 1M x 2 = 3
    server.answers.put("/data.json", Answer.ok(oneModel(1, 2)));
    await(updater::swaps, 2);
    assertThat(gpt4o(catalog)).isCloseTo(3, within(1e-12));
  }
}
