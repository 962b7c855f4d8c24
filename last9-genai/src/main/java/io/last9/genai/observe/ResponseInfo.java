/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.observe;

import io.last9.genai.pricing.Usage;
import java.util.List;

/**
 * What an observed call learned about an LLM response: model, response id, finish reasons, token
 * usage, provider and output text. A field that is unknown is {@code null} (finish reasons: empty),
 * not an {@code Optional}: one is built on every observed call. Produced by a {@link
 * UsageExtractor} or reported by hand through {@link ObservedCall}.
 */
public final class ResponseInfo {

  private final String responseModel;
  private final String responseId;
  private final List<String> finishReasons;
  private final Usage usage;
  private final String provider;
  private final String outputText;
  private final boolean usageInvalid;

  private ResponseInfo(Builder b) {
    this.responseModel = b.responseModel;
    this.responseId = b.responseId;
    this.finishReasons = b.finishReasons == null ? List.of() : List.copyOf(b.finishReasons);
    this.usage = b.usage;
    this.provider = b.provider;
    this.outputText = b.outputText;
    this.usageInvalid = b.usageInvalid;
  }

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The model the response names ({@code gen_ai.response.model}), or {@code null} when unknown. */
  public String responseModel() {
    return responseModel;
  }

  /** The response id, or {@code null} when unknown. */
  public String responseId() {
    return responseId;
  }

  /** Finish reasons, one per choice; empty when unknown. */
  public List<String> finishReasons() {
    return finishReasons;
  }

  /** Token usage, normalised; {@code null} when the response had none, or none to trust. */
  public Usage usage() {
    return usage;
  }

  /**
   * True when the response reported usage that cannot be trusted (a count that is not a whole,
   * non-negative number in range): its span is marked {@code
   * gen_ai.l9.cost.unpriced_reason=invalid_usage} instead of priced.
   */
  public boolean usageInvalid() {
    return usageInvalid;
  }

  /**
   * The semantic-convention provider name ({@code openai}, {@code anthropic}), or {@code null} when
   * unknown.
   */
  public String provider() {
    return provider;
  }

  /**
   * The response text, used for output capture instead of {@code toString()}, or {@code null} when
   * unknown.
   */
  public String outputText() {
    return outputText;
  }

  /** A copy in which the fields set in {@code other} win. */
  public ResponseInfo overriddenBy(ResponseInfo other) {
    if (other == null) {
      return this;
    }
    return builder()
        .responseModel(other.responseModel != null ? other.responseModel : responseModel)
        .responseId(other.responseId != null ? other.responseId : responseId)
        .finishReasons(!other.finishReasons.isEmpty() ? other.finishReasons : finishReasons)
        .usage(other.usage != null ? other.usage : usage)
        .provider(other.provider != null ? other.provider : provider)
        .outputText(other.outputText != null ? other.outputText : outputText)
        .usageInvalid(other.usage != null ? other.usageInvalid : usageInvalid || other.usageInvalid)
        .build();
  }

  @Override
  public String toString() {
    return "ResponseInfo{model="
        + responseModel
        + ", id="
        + responseId
        + ", finishReasons="
        + finishReasons
        + ", usage="
        + usage
        + (usageInvalid ? " (invalid)" : "")
        + ", provider="
        + provider
        + '}';
  }

  /** Builder for {@link ResponseInfo}. */
  public static final class Builder {
    private String responseModel;
    private String responseId;
    private List<String> finishReasons;
    private Usage usage;
    private String provider;
    private String outputText;
    private boolean usageInvalid;

    private Builder() {}

    /** The response model. */
    public Builder responseModel(String v) {
      this.responseModel = v;
      return this;
    }

    /** The response id, or {@code null} when unknown. */
    public Builder responseId(String v) {
      this.responseId = v;
      return this;
    }

    /** The finish reasons. */
    public Builder finishReasons(List<String> v) {
      this.finishReasons = v;
      return this;
    }

    /** The usage. */
    public Builder usage(Usage v) {
      this.usage = v;
      return this;
    }

    /** The provider name. */
    public Builder provider(String v) {
      this.provider = v;
      return this;
    }

    /** The output text. */
    public Builder outputText(String v) {
      this.outputText = v;
      return this;
    }

    /** Marks the response's usage as untrusted (see {@link ResponseInfo#usageInvalid()}). */
    public Builder usageInvalid(boolean v) {
      this.usageInvalid = v;
      return this;
    }

    /** Builds the value. */
    public ResponseInfo build() {
      return new ResponseInfo(this);
    }
  }
}
