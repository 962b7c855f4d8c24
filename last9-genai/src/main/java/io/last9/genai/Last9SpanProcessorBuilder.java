/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import io.last9.genai.content.ContentField;
import io.last9.genai.content.ContentRedactor;
import io.last9.genai.content.RedactionRules;
import io.last9.genai.internal.BaggageBridge;
import io.last9.genai.pricing.CostCalculator;
import io.last9.genai.pricing.CostMetricSink;
import io.last9.genai.pricing.ModelPricing;
import io.last9.genai.pricing.PriceUpdates;
import io.last9.genai.turns.InMemoryTurnStore;
import io.last9.genai.turns.TurnStore;
import io.opentelemetry.api.metrics.MeterProvider;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/** Builder for {@link Last9SpanProcessor}: every setting has a default, so none is required. */
public final class Last9SpanProcessorBuilder {

  TurnStore turnStore;
  CostCalculator costCalculator;

  /**
   * Null while every pricing option is at its default: the processor then prices with the shared
   * {@link CostCalculator#getDefault()}, made by the first span it prices, so a processor built
   * before the application starts (under the Java agent, where every class loaded is also
   * rewritten) loads none of the pricer's classes.
   */
  CostCalculator.Builder calculatorBuilder;

  MeterProvider meterProvider;
  Supplier<MeterProvider> meterProviderSupplier;
  CostMetricSink costMetricSink;
  boolean costTracking = true;
  boolean stampFromBaggage;

  /**
   * Null for {@link BaggageBridge#DEFAULT_KEYS}: stamping is off by default, and so is loading it.
   */
  Set<String> baggageKeys;

  ContentRedactor contentRedaction;
  boolean legacyContentKeys;
  Last9Limits limits = Last9Limits.getDefault();

  Last9SpanProcessorBuilder() {}

  /**
   * Redacts the captured content of every span when it ends, whoever wrote it (this library's
   * integrations, OpenTelemetry's and Spring AI's instrumentations): each text of {@code
   * gen_ai.input.messages}, {@code gen_ai.output.messages}, {@code gen_ai.system_instructions},
   * {@code gen_ai.tool.call.arguments} and {@code gen_ai.tool.call.result} goes through {@code
   * redactor} with its place ({@link ContentField}). Typically {@link RedactionRules}. Default:
   * none. Values were already cut to their integration's length cap; the cut never leaves half a
   * word or half a number, so a rule still sees whole values.
   */
  public Last9SpanProcessorBuilder contentRedaction(ContentRedactor redactor) {
    this.contentRedaction = redactor;
    return this;
  }

  /**
   * Also writes the content keys the semantic conventions removed, derived from the current ones
   * when a span ends: the attributes {@code gen_ai.prompt} and {@code gen_ai.completion} and the
   * events {@code gen_ai.content.prompt} and {@code gen_ai.content.completion}, for dashboards
   * built on them (default false). They will be removed in a later release.
   */
  public Last9SpanProcessorBuilder legacyContentKeys(boolean enabled) {
    this.legacyContentKeys = enabled;
    return this;
  }

  /** Your own prices by model name; they win over pricing files and the bundled catalog. */
  public Last9SpanProcessorBuilder pricing(Map<String, ModelPricing> pricing) {
    if (calculatorBuilder != null || (pricing != null && !pricing.isEmpty())) {
      calculatorBuilder().pricing(pricing);
    }
    return this;
  }

  /**
   * Loads a pricing file in the genai-prices format; it fails fast, naming the file and the entry.
   * An entry listed under the span's provider comes first; one under a provider id of your own (not
   * one genai-prices uses) prices its model for every provider (see {@link CostCalculator}).
   *
   * @throws io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException when the file is missing,
   *     cannot be read or is malformed; the message names this method and the file
   */
  public Last9SpanProcessorBuilder addPricingFile(Path file) {
    calculatorBuilder().addPricingFile(file);
    return this;
  }

  /**
   * Whether the bundled genai-prices catalog is used (default true). Off, with {@link
   * #priceUpdates} on, the fetched data is the catalog.
   */
  public Last9SpanProcessorBuilder bundledCatalog(boolean enabled) {
    if (calculatorBuilder != null || !enabled) {
      calculatorBuilder().bundledCatalog(enabled);
    }
    return this;
  }

  /**
   * Keeps the catalog's prices current with a background price updater (off by default); it is
   * stopped by {@link Last9SpanProcessor#shutdown()}. See {@link PriceUpdates}.
   */
  public Last9SpanProcessorBuilder priceUpdates(PriceUpdates updates) {
    if (calculatorBuilder != null || updates != null) {
      calculatorBuilder().priceUpdates(updates);
    }
    return this;
  }

  /**
   * Uses a calculator built elsewhere; replaces {@link #pricing}, files, the catalog switch and
   * price updates. The processor does not close it.
   */
  public Last9SpanProcessorBuilder costCalculator(CostCalculator calculator) {
    this.costCalculator = Objects.requireNonNull(calculator, "calculator");
    return this;
  }

  /**
   * The store that numbers turns (default: {@link InMemoryTurnStore} with its default bounds). A
   * store that is {@link AutoCloseable} is closed when the processor shuts down.
   */
  public Last9SpanProcessorBuilder turnStore(TurnStore store) {
    this.turnStore = Objects.requireNonNull(store, "store");
    return this;
  }

  /**
   * Where the cost metric is recorded (default: the meter provider of the OpenTelemetry a set-up
   * registered, such as {@code Last9GenAi.install()} or the Spring starter, else the global one
   * once it is set).
   */
  public Last9SpanProcessorBuilder meterProvider(MeterProvider meterProvider) {
    this.meterProvider = Objects.requireNonNull(meterProvider, "meterProvider");
    return this;
  }

  /**
   * Records the cost metric {@code gen_ai.client.cost} in {@code sink} instead of on an
   * OpenTelemetry meter provider (replaces {@link #meterProvider}); the Spring Boot starter uses it
   * for Micrometer.
   */
  public Last9SpanProcessorBuilder costMetricSink(CostMetricSink sink) {
    this.costMetricSink = Objects.requireNonNull(sink, "sink");
    return this;
  }

  /**
   * A meter provider known only once the SDK is built (autoconfigure, {@link Last9GenAi}); it may
   * return null until then.
   */
  public Last9SpanProcessorBuilder meterProviderSupplier(Supplier<MeterProvider> supplier) {
    this.meterProviderSupplier = supplier;
    return this;
  }

  /** Whether spans are priced and workflow totals kept (default true). */
  public Last9SpanProcessorBuilder costTracking(boolean enabled) {
    this.costTracking = enabled;
    return this;
  }

  /**
   * Stamps ids received as W3C Baggage (from an upstream service whose scopes used {@code
   * propagateAsBaggage()}) on spans started outside every local scope (default false). Needs the
   * W3C Baggage propagator, which the SDK's defaults include.
   *
   * <p>Baggage comes from outside the process: only the entries of {@link #baggageKeys} are stamped
   * (by default {@code gen_ai.conversation.id}, {@code gen_ai.conversation.turn}, {@code
   * workflow.id} and {@code workflow.type}, not {@code user.id}, which any caller could forge);
   * values longer than 256 characters or with a control, format (bidirectional, zero-width) or
   * line/paragraph separator character (Unicode categories Cc, Cf, Zl, Zp, or a lone surrogate) are
   * dropped; and stamped ids are attributes only, never counted in a local workflow's totals or
   * turn numbering, and a stamped {@code workflow.type} is recorded in the cost metric as {@code
   * _external}, never as a series of its own.
   */
  public Last9SpanProcessorBuilder stampFromBaggage(boolean enabled) {
    this.stampFromBaggage = enabled;
    return this;
  }

  /**
   * The Baggage entries {@link #stampFromBaggage} may stamp, among {@code gen_ai.conversation.id},
   * {@code gen_ai.conversation.turn}, {@code user.id}, {@code workflow.id} and {@code
   * workflow.type}.
   *
   * @throws IllegalArgumentException for any other entry name
   */
  public Last9SpanProcessorBuilder baggageKeys(Collection<String> keys) {
    BaggageBridge.stamping(keys); // validates
    this.baggageKeys = Set.copyOf(keys);
    return this;
  }

  /** The processor's bounds (default {@link Last9Limits#getDefault()}). */
  public Last9SpanProcessorBuilder limits(Last9Limits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
    return this;
  }

  private CostCalculator.Builder calculatorBuilder() {
    if (calculatorBuilder == null) {
      calculatorBuilder = CostCalculator.builder();
    }
    return calculatorBuilder;
  }

  /** Builds the processor. */
  public Last9SpanProcessor build() {
    return new Last9SpanProcessor(this);
  }
}
