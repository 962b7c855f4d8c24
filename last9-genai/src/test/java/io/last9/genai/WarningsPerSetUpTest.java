/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.last9.genai.pricing.PriceUpdates;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each processor reports its own problems: two SDK set-ups in one JVM never silence each other, and
 * a flood of user-chosen model names cannot silence the reports of other problems.
 */
class WarningsPerSetUpTest {

  private static final int SET_UPS = 5;

  /** Held, so that the handler stays on it (loggers are only weakly kept by the LogManager). */
  private final Logger library = Logger.getLogger("io.last9.genai");

  private final List<String> messages = new CopyOnWriteArrayList<>();
  private final List<SdkTracerProvider> providers = new ArrayList<>();
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          messages.add(record.getMessage());
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  private boolean parentHandlers;

  @BeforeEach
  void capture() {
    parentHandlers = library.getUseParentHandlers();
    library.setUseParentHandlers(false);
    library.addHandler(handler);
  }

  @AfterEach
  void release() {
    for (SdkTracerProvider p : providers) {
      p.close();
    }
    library.removeHandler(handler);
    library.setUseParentHandlers(parentHandlers);
  }

  private Tracer setUp(Consumer<Last9SpanProcessorBuilder> configure) {
    Last9SpanProcessorBuilder b = Last9SpanProcessor.builder().bundledCatalog(false);
    configure.accept(b);
    SdkTracerProvider provider = SdkTracerProvider.builder().addSpanProcessor(b.build()).build();
    providers.add(provider);
    return provider.get("test");
  }

  private long count(String fragment) {
    return messages.stream().filter(m -> m.contains(fragment)).count();
  }

  @Test
  void everyProcessorReportsTheModelItCannotPrice() {
    for (int i = 0; i < SET_UPS; i++) {
      FakeLlm.instrumentedChat(setUp(b -> {}), "in-house-model", 10, 5);
    }
    assertThat(count("No price known for model 'in-house-model'")).isEqualTo(SET_UPS);
  }

  @Test
  void everyProcessorReportsItsOwnPricingFile(@TempDir Path dir) throws IOException {
    for (int i = 0; i < SET_UPS; i++) {
      Path file = dir.resolve("prices-" + i + ".json");
      Files.writeString(
          file,
          "[{\"id\": \"acme\", \"models\": [{\"id\": \"m\", \"match\": {\"equals\": \"m\"},"
              + " \"prices\": {\"input_mtok\": 1, \"output_mtok\": 2, \"future_mtok\": 3}}]}]");
      setUp(b -> b.addPricingFile(file));
    }
    assertThat(count("does not know are ignored: [future_mtok]")).isEqualTo(SET_UPS);
  }

  @Test
  void everyProcessorReportsItsOwnBrokenPriceUpdates() throws Exception {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            // a different broken body for every set-up
            byte[] body =
                ("{\"broken\": " + exchange.getRequestURI().getPath())
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
              out.write(body);
            }
          }
        });
    server.start();
    try {
      for (int i = 0; i < SET_UPS; i++) {
        URI url =
            URI.create(
                "http://127.0.0.1:" + server.getAddress().getPort() + "/data-" + i + ".json");
        setUp(
            b ->
                b.bundledCatalog(true) // the updater updates the catalog
                    .priceUpdates(
                        PriceUpdates.builder().url(url).interval(Duration.ofHours(1)).build()));
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (count("/data-") < SET_UPS && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      // one report each, naming its own URL
      for (int i = 0; i < SET_UPS; i++) {
        assertThat(count("/data-" + i + ".json")).as("set-up %d", i).isEqualTo(1);
      }
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aFloodOfModelNamesInOneSetUpSilencesNeitherItsOtherProblemsNorAnotherSetUp() {
    Tracer flooded = setUp(b -> {});
    for (int i = 0; i < 1_000; i++) {
      FakeLlm.instrumentedChat(flooded, "forged-" + i, 10, 5);
    }
    assertThat(count("No price known for model 'forged-")).isEqualTo(20);

    // another kind of problem in the flooded set-up: a token count that is not a whole number
    Span invalid =
        flooded
            .spanBuilder("chat")
            .setAttribute(GenAiAttributes.OPERATION_NAME, "chat")
            .setAttribute(GenAiAttributes.REQUEST_MODEL, "forged-1")
            .setAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, -5L)
            .startSpan();
    invalid.end();
    assertThat(count("has a token count that is not a whole number")).isEqualTo(1);

    // the same kind of problem in another set-up
    FakeLlm.instrumentedChat(setUp(b -> {}), "in-house-model", 10, 5);
    assertThat(count("No price known for model 'in-house-model'")).isEqualTo(1);
  }
}
