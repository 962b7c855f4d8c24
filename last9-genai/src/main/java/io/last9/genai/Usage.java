package io.last9.genai;

import java.util.Objects;

/**
 * Token usage of one LLM call, normalised to the OpenTelemetry GenAI semantic conventions.
 *
 * <p>{@link #inputTokens()} includes cached input (both cache reads and cache writes), and {@link #outputTokens()}
 * includes reasoning tokens. Providers that report cache tokens outside their input count (Anthropic) must be
 * normalised before building a {@code Usage}; {@link Builder#anthropicStyleInput(long, long, long)} does that.
 *
 * <p>Instances are immutable. A count that a provider did not report is 0.
 */
public final class Usage {

  private static final Usage EMPTY = new Builder().build();

  private final long inputTokens;
  private final long outputTokens;
  private final long cacheReadInputTokens;
  private final long cacheCreationInputTokens;
  private final long reasoningOutputTokens;

  private Usage(Builder b) {
    this.inputTokens = b.inputTokens;
    this.outputTokens = b.outputTokens;
    this.cacheReadInputTokens = b.cacheReadInputTokens;
    this.cacheCreationInputTokens = b.cacheCreationInputTokens;
    this.reasoningOutputTokens = b.reasoningOutputTokens;
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Usage with only input and output token counts. */
  public static Usage of(long inputTokens, long outputTokens) {
    return builder().inputTokens(inputTokens).outputTokens(outputTokens).build();
  }

  /** Usage with every count at 0. */
  public static Usage empty() {
    return EMPTY;
  }

  /** All input tokens, cached ones included. */
  public long inputTokens() {
    return inputTokens;
  }

  /** All output tokens, reasoning tokens included. */
  public long outputTokens() {
    return outputTokens;
  }

  /** Input tokens served from the provider's prompt cache (a subset of {@link #inputTokens()}). */
  public long cacheReadInputTokens() {
    return cacheReadInputTokens;
  }

  /** Input tokens written to the provider's prompt cache (a subset of {@link #inputTokens()}). */
  public long cacheCreationInputTokens() {
    return cacheCreationInputTokens;
  }

  /** Reasoning ("thinking") tokens (a subset of {@link #outputTokens()}). */
  public long reasoningOutputTokens() {
    return reasoningOutputTokens;
  }

  /** Input tokens billed at the plain input price: input minus cache reads and cache writes, never below 0. */
  public long uncachedInputTokens() {
    return Math.max(0, inputTokens - cacheReadInputTokens - cacheCreationInputTokens);
  }

  /** Returns true when no token at all was counted. */
  public boolean isEmpty() {
    return inputTokens == 0 && outputTokens == 0 && cacheReadInputTokens == 0
        && cacheCreationInputTokens == 0 && reasoningOutputTokens == 0;
  }

  /** Returns the sum of this usage and another, field by field. */
  public Usage plus(Usage other) {
    return builder()
        .inputTokens(inputTokens + other.inputTokens)
        .outputTokens(outputTokens + other.outputTokens)
        .cacheReadInputTokens(cacheReadInputTokens + other.cacheReadInputTokens)
        .cacheCreationInputTokens(cacheCreationInputTokens + other.cacheCreationInputTokens)
        .reasoningOutputTokens(reasoningOutputTokens + other.reasoningOutputTokens)
        .build();
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Usage)) {
      return false;
    }
    Usage u = (Usage) o;
    return inputTokens == u.inputTokens && outputTokens == u.outputTokens
        && cacheReadInputTokens == u.cacheReadInputTokens
        && cacheCreationInputTokens == u.cacheCreationInputTokens
        && reasoningOutputTokens == u.reasoningOutputTokens;
  }

  @Override
  public int hashCode() {
    return Objects.hash(inputTokens, outputTokens, cacheReadInputTokens, cacheCreationInputTokens,
        reasoningOutputTokens);
  }

  @Override
  public String toString() {
    return "Usage{input=" + inputTokens + ", output=" + outputTokens + ", cacheRead=" + cacheReadInputTokens
        + ", cacheCreation=" + cacheCreationInputTokens + ", reasoning=" + reasoningOutputTokens + '}';
  }

  /** Builder for {@link Usage}. Negative counts are rejected. */
  public static final class Builder {
    private long inputTokens;
    private long outputTokens;
    private long cacheReadInputTokens;
    private long cacheCreationInputTokens;
    private long reasoningOutputTokens;

    private Builder() {}

    /** All input tokens, cached ones included (OpenAI's {@code prompt_tokens}). */
    public Builder inputTokens(long v) {
      this.inputTokens = nonNegative(v, "inputTokens");
      return this;
    }

    /** All output tokens, reasoning included (OpenAI's {@code completion_tokens}). */
    public Builder outputTokens(long v) {
      this.outputTokens = nonNegative(v, "outputTokens");
      return this;
    }

    /** Cached input tokens read (a subset of input). */
    public Builder cacheReadInputTokens(long v) {
      this.cacheReadInputTokens = nonNegative(v, "cacheReadInputTokens");
      return this;
    }

    /** Input tokens written to the cache (a subset of input). */
    public Builder cacheCreationInputTokens(long v) {
      this.cacheCreationInputTokens = nonNegative(v, "cacheCreationInputTokens");
      return this;
    }

    /** Reasoning tokens (a subset of output). */
    public Builder reasoningOutputTokens(long v) {
      this.reasoningOutputTokens = nonNegative(v, "reasoningOutputTokens");
      return this;
    }

    /**
     * Sets input from a provider that counts cache reads and writes outside its input count (Anthropic's
     * {@code input_tokens}, {@code cache_read_input_tokens}, {@code cache_creation_input_tokens}).
     */
    public Builder anthropicStyleInput(long uncachedInput, long cacheRead, long cacheCreation) {
      nonNegative(uncachedInput, "uncachedInput");
      cacheReadInputTokens(cacheRead);
      cacheCreationInputTokens(cacheCreation);
      return inputTokens(uncachedInput + cacheRead + cacheCreation);
    }

    /** Builds the immutable value. */
    public Usage build() {
      return new Usage(this);
    }

    private static long nonNegative(long v, String name) {
      if (v < 0) {
        throw new IllegalArgumentException(name + " must not be negative, was " + v);
      }
      return v;
    }
  }
}
