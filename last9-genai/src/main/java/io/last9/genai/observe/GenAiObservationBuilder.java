/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.observe;

import io.last9.genai.GenAiAttributes;
import io.last9.genai.GenAiSpanKind;
import io.last9.genai.content.ContentCapture;
import io.last9.genai.content.ContentRedactor;
import io.last9.genai.internal.Checks;
import io.last9.genai.pricing.ModelPricing;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Builder for {@link GenAiObservation}, started by {@link GenAiObservation#llm(String)}, {@link
 * GenAiObservation#tool(String)} and the other kind methods. {@link #build()} returns a reusable,
 * thread-safe {@link GenAiObservation}; the terminal methods ({@code get}, {@code call}, {@code
 * run}, {@code async}, {@code wrap}) build and run in one step.
 */
public final class GenAiObservationBuilder {
  final GenAiSpanKind kind;
  final String name;
  OpenTelemetry openTelemetry;
  Map<String, ModelPricing> pricing = Map.of();
  boolean captureInput = true;
  boolean captureOutput = true;
  int maxContentLength = ContentCapture.DEFAULT_MAX_LENGTH;
  ContentRedactor redactor;
  UsageExtractor usageExtractor;
  String model;
  String provider;
  Double temperature;
  Long maxTokens;
  Double topP;
  final List<String> tags = new ArrayList<>();
  final Map<String, String> metadata = new LinkedHashMap<>();
  final AttributesBuilder attributes = Attributes.builder();
  Object input;

  GenAiObservationBuilder(GenAiSpanKind kind, String name) {
    if (kind == null) {
      throw new IllegalArgumentException("kind must not be null");
    }
    this.kind = kind;
    this.name = Checks.requireId(name, "name");
  }

  /**
   * The OpenTelemetry instance whose tracer opens the span (default: the one a set-up registered,
   * such as the Spring starter's bean or {@code Last9GenAi.install()}, else the global one; with
   * none of them the call records nothing, and a warning says so once).
   */
  public GenAiObservationBuilder openTelemetry(OpenTelemetry openTelemetry) {
    this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
    return this;
  }

  /**
   * Prices for this call only, by model name, whatever provider the span names: they come before
   * every other source (the processor's pricing map, pricing files, the catalog), and also price
   * the instrumented client spans inside the call. Their price source is {@code call:<model>}.
   * Checked when the observation is built: a blank model name or a null entry is rejected.
   */
  public GenAiObservationBuilder pricing(Map<String, ModelPricing> pricing) {
    this.pricing = Objects.requireNonNull(pricing, "pricing");
    return this;
  }

  /**
   * Whether the input is captured (default true; the global {@link ContentCapture} switch wins).
   */
  public GenAiObservationBuilder captureInput(boolean capture) {
    this.captureInput = capture;
    return this;
  }

  /**
   * Whether the output is captured (default true; the global {@link ContentCapture} switch wins).
   */
  public GenAiObservationBuilder captureOutput(boolean capture) {
    this.captureOutput = capture;
    return this;
  }

  /** The maximum captured length in characters (default 10,000). */
  public GenAiObservationBuilder maxContentLength(int maxLength) {
    this.maxContentLength = Checks.nonNegative(maxLength, "maxContentLength");
    return this;
  }

  /**
   * Reads this observation's usage from its result with {@code extractor} first, when the result is
   * of the extractor's type (default: only the extractors found on the class path and the built-in
   * ones).
   */
  public GenAiObservationBuilder usageExtractor(UsageExtractor extractor) {
    this.usageExtractor = extractor;
    return this;
  }

  /** A hook that rewrites captured content before it is recorded. */
  public GenAiObservationBuilder redactor(ContentRedactor redactor) {
    this.redactor = redactor;
    return this;
  }

  /** The model the call requests ({@code gen_ai.request.model}), set when the span starts. */
  public GenAiObservationBuilder model(String model) {
    this.model = Checks.optionalId(model, "model");
    return this;
  }

  /** The provider ({@code gen_ai.provider.name}), e.g. {@code openai}. */
  public GenAiObservationBuilder provider(String provider) {
    this.provider = Checks.optionalId(provider, "provider");
    return this;
  }

  /** The requested temperature ({@code gen_ai.request.temperature}), set when the span starts. */
  public GenAiObservationBuilder temperature(double temperature) {
    this.temperature = temperature;
    return this;
  }

  /** The requested maximum output tokens ({@code gen_ai.request.max_tokens}). */
  public GenAiObservationBuilder maxTokens(long maxTokens) {
    if (maxTokens <= 0) {
      throw new IllegalArgumentException("maxTokens must be positive, was " + maxTokens);
    }
    this.maxTokens = maxTokens;
    return this;
  }

  /** The requested top_p ({@code gen_ai.request.top_p}). */
  public GenAiObservationBuilder topP(double topP) {
    this.topP = topP;
    return this;
  }

  /** Tags ({@code tags}, a string array). */
  public GenAiObservationBuilder tags(String... tags) {
    for (String t : tags) {
      this.tags.add(Checks.requireId(t, "tag"));
    }
    return this;
  }

  /**
   * A metadata entry ({@code metadata.<key>}); {@code category} is mirrored to {@code
   * user.category}.
   */
  public GenAiObservationBuilder metadata(String key, Object value) {
    metadata.put(Checks.requireId(key, "metadata key"), String.valueOf(value));
    return this;
  }

  /** Any other attribute, set when the span starts. */
  public GenAiObservationBuilder attribute(String key, String value) {
    attributes.put(Checks.requireId(key, "attribute key"), value);
    return this;
  }

  /**
   * The id of the tool call a tool observation executes ({@code gen_ai.tool.call.id}, as the model
   * gave it), set when the span starts.
   */
  public GenAiObservationBuilder toolCallId(String toolCallId) {
    attributes.put(GenAiAttributes.TOOL_CALL_ID, Checks.requireId(toolCallId, "toolCallId"));
    return this;
  }

  /** The input to capture, for the one-shot terminal methods of this builder. */
  public GenAiObservationBuilder input(Object input) {
    this.input = input;
    return this;
  }

  /** Builds a reusable observation. */
  public GenAiObservation build() {
    return new GenAiObservation(this);
  }

  /** Builds and runs {@link GenAiObservation#call(Object, Callable)} with this builder's input. */
  public <T> T call(Callable<T> body) throws Exception {
    return build().call(input, body);
  }

  /** Builds and runs {@link GenAiObservation#get(Object, Supplier)} with this builder's input. */
  public <T> T get(Supplier<T> body) {
    return build().get(input, body);
  }

  /** Builds and runs {@link GenAiObservation#run(Object, Runnable)} with this builder's input. */
  public void run(Runnable body) {
    build().run(input, body);
  }

  /** Builds and runs {@link GenAiObservation#async(Object, Supplier)} with this builder's input. */
  public <T> CompletionStage<T> async(Supplier<? extends CompletionStage<T>> body) {
    return build().async(input, body);
  }

  /** Builds and returns {@link GenAiObservation#wrap(Function)}. */
  public <I, O> Function<I, O> wrap(Function<I, O> fn) {
    return build().wrap(fn);
  }

  /** Builds and returns {@link GenAiObservation#wrapAsync(Function)}. */
  public <I, O> Function<I, CompletionStage<O>> wrapAsync(
      Function<I, ? extends CompletionStage<O>> fn) {
    return build().wrapAsync(fn);
  }
}
