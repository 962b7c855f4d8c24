/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.sun.net.httpserver.HttpServer;
import io.last9.genai.Usage;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The price updater against a loopback HTTP server that serves what each test scripts. */
class PriceUpdaterTest {

  private static final Instant AT = Instant.parse("2026-03-01T12:00:00Z");
  private static final Usage MILLION_EACH = Usage.of(1_000_000, 1_000_000);

  /**
   * What the server answers: a status and a body, or a hang (before the headers, or after half the
   * body).
   */
  private record Answer(int status, String body, boolean hang, boolean hangInBody) {
    Answer(int status, String body, boolean hang) {
      this(status, body, hang, false);
    }
  }

  private final AtomicReference<Answer> answer = new AtomicReference<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private HttpServer server;
  private URI url;
  private PriceUpdater updater;

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/data.json",
        exchange -> {
          try (exchange) {
            Answer a = answer.get();
            if (a.hang) {
              release.await(); // until the test ends: the updater's timeout must give up first
              return;
            }
            byte[] body = a.body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(a.status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              if (a.hangInBody) {
                out.write(body, 0, body.length / 2);
                out.flush();
                release.await();
                return;
              }
              out.write(body);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
    url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/data.json");
  }

  @AfterEach
  void stop() {
    if (updater != null) {
      updater.close();
    }
    release.countDown();
    server.stop(0);
  }

  /**
   * A genai-prices file pricing openai's gpt-4o at {@code input} / {@code output} USD per million
   * tokens.
   */
  private static String file(double input, double output) {
    return "[{\"id\": \"openai\", \"models\": [{\"id\": \"gpt-4o\", \"match\": {\"equals\": \"gpt-4o\"},"
        + " \"prices\": {\"input_mtok\": "
        + input
        + ", \"output_mtok\": "
        + output
        + "}}]}]";
  }

  private static double costOf(AtomicReference<PriceCatalog> catalog) {
    return catalog
        .get()
        .find("gpt-4o", "openai")
        .orElseThrow()
        .cost(MILLION_EACH, AT)
        .cost()
        .totalUsd();
  }

  private static void await(LongSupplier counter, long atLeast) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (counter.getAsLong() < atLeast) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(
            "the updater made " + counter.getAsLong() + " attempts, expected " + atLeast);
      }
      Thread.sleep(10);
    }
  }

  private AtomicReference<PriceCatalog> startUpdater(Duration timeout) {
    AtomicReference<PriceCatalog> catalog = new AtomicReference<>(PriceCatalog.bundled());
    updater = PriceUpdater.start(catalog, url, Duration.ofMillis(20), timeout);
    return catalog;
  }

  @Test
  void aNewerFileIsPickedUpAndNamesItsVersion() throws InterruptedException {
    answer.set(new Answer(200, file(7, 9), false));
    AtomicReference<PriceCatalog> catalog = startUpdater(Duration.ofSeconds(5));
    // bundled gpt-4o: 1M x 2.5 + 1M x 10 = 12.5
    await(updater::swaps, 1);
    // the fetched file: 1M x 7 + 1M x 9 = 16
    assertThat(costOf(catalog)).isCloseTo(16, within(1e-12));
    assertThat(catalog.get().priceSource()).matches("genai-prices@[0-9a-f]{12}");
    assertThat(catalog.get().modelCount()).isEqualTo(1);
    // the same file again is not swapped again
    long swaps = updater.swaps();
    await(updater::attempts, updater.attempts() + 3);
    assertThat(updater.swaps()).isEqualTo(swaps);
  }

  @Test
  void malformedFilesErrorsAndHangsLeaveThePricesInForce() throws InterruptedException {
    answer.set(new Answer(200, file(7, 9), false));
    AtomicReference<PriceCatalog> catalog = startUpdater(Duration.ofMillis(300));
    await(updater::swaps, 1);
    PriceCatalog good = catalog.get();
    List<Answer> failures =
        new ArrayList<>(
            List.of(
                new Answer(200, "[{\"id\": \"openai\", \"models\": [", false), // not JSON
                new Answer(200, file(-1, 9), false), // a negative price
                new Answer(200, "[]", false), // no models at all
                new Answer(200, "{\"providers\": []}", false), // not the format
                new Answer(500, "internal error", false),
                new Answer(404, "not found", false),
                new Answer(200, "", true), // a server that hangs
                new Answer(200, file(1, 2), false, true))); // ... halfway through
    List<java.util.logging.LogRecord> warnings = new java.util.concurrent.CopyOnWriteArrayList<>();
    java.util.logging.Handler handler =
        new java.util.logging.Handler() {
          @Override
          public void publish(java.util.logging.LogRecord r) {
            if (r.getLevel() == java.util.logging.Level.WARNING) {
              warnings.add(r);
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    java.util.logging.Logger log = java.util.logging.Logger.getLogger(PriceUpdater.class.getName());
    log.addHandler(handler);
    try {
      for (Answer failure : failures) {
        answer.set(failure);
        await(updater::attempts, updater.attempts() + 2);
        assertThat(catalog.get()).as("after %s", failure).isSameAs(good);
        assertThat(costOf(catalog)).isCloseTo(16, within(1e-12));
      }
    } finally {
      log.removeHandler(handler);
    }
    // 16 failed attempts, logged once per kind of failure (invalid, empty, HTTP status, timeout) at
    // most
    assertThat(warnings).hasSizeLessThanOrEqualTo(4);
    // and a good file is taken again afterwards: 1M x 1 + 1M x 2 = 3
    answer.set(new Answer(200, file(1, 2), false));
    await(updater::swaps, 2);
    assertThat(costOf(catalog)).isCloseTo(3, within(1e-12));
  }
}
