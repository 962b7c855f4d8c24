/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.observe.internal;

import io.last9.genai.GenAiSpanKind;
import io.last9.genai.content.ContentCapture;
import io.last9.genai.content.ContentRedactor;
import io.last9.genai.internal.Tracers;
import io.last9.genai.observe.ResponseInfo;
import io.last9.genai.observe.UsageExtractor;
import io.last9.genai.observe.UsageExtractors;
import io.last9.genai.pricing.internal.PricingTable;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Tracer;

/**
 * Everything one observed call needs to know, fixed when the observation is built (by {@code
 * ObservationBuilder} or from an {@code @ObserveGenAi} annotation): immutable and shared by every
 * run.
 *
 * <p>Internal, not for public use; it may change at any time.
 */
public final class ObservationSpec {

  private final GenAiSpanKind kind;
  private final String name;
  private final OpenTelemetry openTelemetry;
  private final PricingTable pricing;
  private final boolean captureInput;
  private final boolean captureOutput;
  private final boolean captureArguments;
  private final int maxContentLength;
  private final ContentRedactor redactor;
  private final String provider;
  private final Attributes startAttributes;
  private final UsageExtractor usageExtractor;

  /**
   * @param openTelemetry the instance whose tracer opens the span, or null for the host's
   * @param pricing per-call prices, possibly empty, never null
   * @param redactor rewrites captured content, or null
   * @param provider the provider fixed at build time, or null
   * @param startAttributes set when the span starts (kind, operation, request parameters, tags,
   *     metadata)
   */
  public ObservationSpec(
      GenAiSpanKind kind,
      String name,
      OpenTelemetry openTelemetry,
      PricingTable pricing,
      boolean captureInput,
      boolean captureOutput,
      boolean captureArguments,
      int maxContentLength,
      ContentRedactor redactor,
      String provider,
      Attributes startAttributes) {
    this.kind = kind;
    this.name = name;
    this.openTelemetry = openTelemetry;
    this.pricing = pricing;
    this.captureInput = captureInput;
    this.captureOutput = captureOutput;
    this.captureArguments = captureArguments;
    this.maxContentLength = maxContentLength;
    this.redactor = redactor;
    this.provider = provider;
    this.startAttributes = startAttributes;
    this.usageExtractor = null;
  }

  private ObservationSpec(ObservationSpec from, boolean capture, UsageExtractor usageExtractor) {
    this.kind = from.kind;
    this.name = from.name;
    this.openTelemetry = from.openTelemetry;
    this.pricing = from.pricing;
    this.captureInput = capture && from.captureInput;
    this.captureOutput = capture && from.captureOutput;
    this.captureArguments = capture && from.captureArguments;
    this.maxContentLength = from.maxContentLength;
    this.redactor = from.redactor;
    this.provider = from.provider;
    this.startAttributes = from.startAttributes;
    this.usageExtractor = usageExtractor;
  }

  /**
   * This spec with {@code extractor} tried first on the result (null: the registered ones only).
   */
  public ObservationSpec withUsageExtractor(UsageExtractor extractor) {
    return new ObservationSpec(this, true, extractor);
  }

  /** What the observed call's result reports, through this call's own extractor first. */
  ResponseInfo extract(Object result) {
    return UsageExtractors.extract(result, usageExtractor);
  }

  /** This spec with every content capture off: for a set-up whose content setting is off. */
  ObservationSpec withoutContent() {
    return new ObservationSpec(this, false, usageExtractor);
  }

  public GenAiSpanKind kind() {
    return kind;
  }

  public String name() {
    return name;
  }

  Tracer tracer() {
    return Tracers.tracer(openTelemetry);
  }

  public PricingTable pricing() {
    return pricing;
  }

  /** Whether input is captured: the call's flag, within what the environment allows. */
  boolean captureInput() {
    return captureInput && ContentCapture.isEnabled();
  }

  /** Whether output is captured: the call's flag, within what the environment allows. */
  boolean captureOutput() {
    return captureOutput && ContentCapture.isEnabled();
  }

  /** Whether arguments are captured as attributes, within what the environment allows. */
  boolean captureArguments() {
    return captureArguments && ContentCapture.isEnabled();
  }

  /** Whether exception messages may be recorded: content capture is on for this call. */
  boolean captureErrorMessages() {
    return (captureInput || captureOutput) && ContentCapture.isEnabled();
  }

  int maxContentLength() {
    return maxContentLength;
  }

  ContentRedactor redactor() {
    return redactor;
  }

  String provider() {
    return provider;
  }

  Attributes startAttributes() {
    return startAttributes;
  }
}
