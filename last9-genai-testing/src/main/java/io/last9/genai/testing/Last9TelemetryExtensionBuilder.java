/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.testing;

import io.last9.genai.Last9SpanProcessor;
import io.last9.genai.Last9SpanProcessorBuilder;
import io.last9.genai.pricing.ModelPricing;
import io.last9.genai.turns.TurnStore;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** Builder for {@link Last9TelemetryExtension}. */
public final class Last9TelemetryExtensionBuilder {

  Consumer<Last9SpanProcessorBuilder> processor = b -> {};
  Supplier<? extends TurnStore> turnStore;
  final List<Supplier<? extends SpanProcessor>> spanProcessors = new ArrayList<>();

  Last9TelemetryExtensionBuilder() {}

  /**
   * Configures the {@link Last9SpanProcessor} of every test's SDK (applied in call order, after the
   * extension has set the meter provider). For example {@code processor(b ->
   * b.bundledCatalog(false))}.
   */
  public Last9TelemetryExtensionBuilder processor(Consumer<Last9SpanProcessorBuilder> configure) {
    processor = processor.andThen(Objects.requireNonNull(configure, "configure"));
    return this;
  }

  /**
   * Shorthand for {@code processor(b -> b.pricing(pricing))}: your prices, USD per million tokens.
   */
  public Last9TelemetryExtensionBuilder pricing(Map<String, ModelPricing> pricing) {
    Objects.requireNonNull(pricing, "pricing");
    return processor(b -> b.pricing(pricing));
  }

  /**
   * The turn store of every test's processor, made anew for each test (default: the processor's
   * own).
   */
  public Last9TelemetryExtensionBuilder turnStore(Supplier<? extends TurnStore> store) {
    this.turnStore = Objects.requireNonNull(store, "store");
    return this;
  }

  /**
   * One more span processor, made anew for each test by {@code processor} and registered after the
   * Last9 processor, before the in-memory exporter (the SDK shuts it down after the test).
   */
  public Last9TelemetryExtensionBuilder addSpanProcessor(
      Supplier<? extends SpanProcessor> processor) {
    spanProcessors.add(Objects.requireNonNull(processor, "processor"));
    return this;
  }

  /**
   * One more exporter, behind a {@code SimpleSpanProcessor}, registered after the Last9 processor
   * and before the in-memory exporter. The same instance serves every test; the SDK shuts it down
   * after each one.
   */
  public Last9TelemetryExtensionBuilder addSpanExporter(SpanExporter exporter) {
    Objects.requireNonNull(exporter, "exporter");
    return addSpanProcessor(
        () -> io.opentelemetry.sdk.trace.export.SimpleSpanProcessor.create(exporter));
  }

  /** Builds the extension. */
  public Last9TelemetryExtension build() {
    return new Last9TelemetryExtension(this);
  }
}
