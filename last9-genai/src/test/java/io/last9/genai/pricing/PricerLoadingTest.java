/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.last9.genai.GenAiAttributes;
import io.last9.genai.Last9SpanProcessor;
import io.last9.genai.internal.setup.ProcessorSettings;
import io.last9.genai.internal.setup.Settings;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.io.File;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Under the Java agent a processor is built before the application's {@code main}, and every class
 * the agent loads from an extension is rewritten on the way. So a processor at the default pricing
 * (the bundled catalog, nothing of the caller's) loads none of the pricer's classes until a span
 * needs a price, and still prices the first model call. Pricing the caller configured is built with
 * the processor, so that a bad pricing file fails the set-up and not the first span.
 */
class PricerLoadingTest {

  private static final List<String> PRICER_CLASSES =
      List.of(
          "io.last9.genai.pricing.CostCalculator",
          "io.last9.genai.pricing.UsageComponent",
          "io.last9.genai.pricing.internal.PriceCatalog",
          "io.last9.genai.pricing.internal.CompactCatalog");

  @Test
  void aProcessorAtTheDefaultPricingLoadsNoPricerClassUntilASpanIsPriced() throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader context = thread.getContextClassLoader();
    try (FreshClasses fresh = new FreshClasses()) {
      // the SDK finds its context storage through the thread's loader
      thread.setContextClassLoader(fresh);
      @SuppressWarnings("unchecked")
      Supplier<Function<Boolean, Double>> setUp =
          (Supplier<Function<Boolean, Double>>)
              fresh.loadClass(ColdProcessor.class.getName()).getConstructor().newInstance();
      Function<Boolean, Double> endSpan = setUp.get();
      assertThat(PRICER_CLASSES).noneMatch(fresh::loaded);

      assertThat(endSpan.apply(false)).as("a span that is no model call").isNull();
      assertThat(PRICER_CLASSES).noneMatch(fresh::loaded);

      // gpt-4o, 1,000 in and 100 out at $2.50 and $10 per million
      assertThat(endSpan.apply(true)).isEqualTo(0.0035);
      assertThat(PRICER_CLASSES).allMatch(fresh::loaded);
    } finally {
      thread.setContextClassLoader(context);
    }
  }

  @Test
  void theDefaultPricingIsTheSharedDefaultCalculator() {
    // every set-up (autoconfigure, the agent extension, Spring, Quarkus) builds through the
    // settings,
    // which pass each pricing option at its documented default when nothing is configured
    Last9SpanProcessor fromSettings =
        ProcessorSettings.builder(
                Settings.of(DefaultConfigProperties.createFromMap(Map.of())), null)
            .meterProvider(MeterProvider.noop())
            .build();
    Last9SpanProcessor created = Last9SpanProcessor.create();
    try {
      assertThat(fromSettings.costCalculator()).isSameAs(CostCalculator.getDefault());
      assertThat(created.costCalculator()).isSameAs(CostCalculator.getDefault());
    } finally {
      fromSettings.shutdown().join(5, java.util.concurrent.TimeUnit.SECONDS);
      created.shutdown().join(5, java.util.concurrent.TimeUnit.SECONDS);
    }
    // a processor's shutdown never closes what other processors price with
    assertThat(CostCalculator.getDefault().estimate("gpt-4o", Usage.of(1_000, 100)))
        .hasValueSatisfying(e -> assertThat(e.cost().totalUsd()).isEqualTo(0.0035));
  }

  @Test
  void configuredPricingIsBuiltWithTheProcessor(@TempDir Path dir) throws IOException {
    Last9SpanProcessor own =
        Last9SpanProcessor.builder()
            .pricing(Map.of("house-model", ModelPricing.of(1.0, 2.0)))
            .meterProvider(MeterProvider.noop())
            .build();
    try {
      assertThat(own.costCalculator()).isNotSameAs(CostCalculator.getDefault());
      assertThat(own.costCalculator().estimate("house-model", Usage.of(1_000_000, 0)))
          .hasValueSatisfying(e -> assertThat(e.cost().totalUsd()).isEqualTo(1.0));
    } finally {
      own.shutdown().join(5, java.util.concurrent.TimeUnit.SECONDS);
    }

    Path broken = Files.writeString(dir.resolve("prices.json"), "[{\"id\": ");
    assertThatThrownBy(() -> Last9SpanProcessor.builder().addPricingFile(broken))
        .hasMessageContaining("prices.json");
  }

  /**
   * Runs in {@link FreshClasses}: builds an SDK with a default processor, then ends a span that is
   * either a priced model call or not, returning its cost.
   */
  public static final class ColdProcessor implements Supplier<Function<Boolean, Double>> {
    @Override
    public Function<Boolean, Double> get() {
      InMemorySpanExporter exporter = InMemorySpanExporter.create();
      SdkTracerProvider provider =
          SdkTracerProvider.builder()
              .addSpanProcessor(
                  Last9SpanProcessor.builder().meterProvider(MeterProvider.noop()).build())
              .addSpanProcessor(SimpleSpanProcessor.create(exporter))
              .build();
      return modelCall -> {
        exporter.reset();
        Span span =
            provider.get("test").spanBuilder(modelCall ? "chat gpt-4o" : "SELECT").startSpan();
        if (modelCall) {
          span.setAttribute(GenAiAttributes.OPERATION_NAME, "chat");
          span.setAttribute(GenAiAttributes.PROVIDER_NAME, "openai");
          span.setAttribute(GenAiAttributes.REQUEST_MODEL, "gpt-4o");
          span.setAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 1_000L);
          span.setAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, 100L);
        }
        span.end();
        return exporter
            .getFinishedSpanItems()
            .get(0)
            .getAttributes()
            .get(GenAiAttributes.USAGE_COST_USD);
      };
    }
  }

  /**
   * This test's class path in a loader of its own, child first: what it loads says what a cold JVM
   * would, whatever the other tests in this JVM loaded already.
   */
  private static final class FreshClasses extends URLClassLoader {
    FreshClasses() throws MalformedURLException {
      super(classPath(), ClassLoader.getPlatformClassLoader());
    }

    boolean loaded(String name) {
      synchronized (getClassLoadingLock(name)) {
        return findLoadedClass(name) != null;
      }
    }

    private static URL[] classPath() throws MalformedURLException {
      List<URL> urls = new ArrayList<>();
      for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
        urls.add(new File(entry).toURI().toURL());
      }
      return urls.toArray(new URL[0]);
    }
  }
}
