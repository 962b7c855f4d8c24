package io.last9.genai;

import java.util.Objects;

/**
 * Prices of one model in USD per million tokens.
 *
 * <p>Cache-read and cache-write input prices default to the input price. Reasoning tokens are billed as output.
 * Negative, NaN and infinite prices are rejected when the object is built.
 *
 * <pre>{@code
 * Map<String, ModelPricing> pricing = Map.of(
 *     "gpt-4o", ModelPricing.of(2.50, 10.0),
 *     "claude-sonnet-4-5", ModelPricing.builder().input(3).output(15).cacheRead(0.30).cacheWrite(3.75).build());
 * }</pre>
 */
public final class ModelPricing {

  private static final double PER_MILLION = 1_000_000d;

  private final double input;
  private final double output;
  private final double cacheRead;
  private final double cacheWrite;

  private ModelPricing(double input, double output, double cacheRead, double cacheWrite) {
    this.input = check(input, "input");
    this.output = check(output, "output");
    this.cacheRead = check(cacheRead, "cacheRead");
    this.cacheWrite = check(cacheWrite, "cacheWrite");
  }

  /** Input and output prices in USD per million tokens; cache prices equal the input price. */
  public static ModelPricing of(double inputPerMillion, double outputPerMillion) {
    return new ModelPricing(inputPerMillion, outputPerMillion, inputPerMillion, inputPerMillion);
  }

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** USD per million plain input tokens. */
  public double input() {
    return input;
  }

  /** USD per million output tokens (reasoning included). */
  public double output() {
    return output;
  }

  /** USD per million input tokens read from the cache. */
  public double cacheRead() {
    return cacheRead;
  }

  /** USD per million input tokens written to the cache. */
  public double cacheWrite() {
    return cacheWrite;
  }

  /**
   * Prices a usage: {@code (uncached x input + cacheRead x cacheRead + cacheWrite x cacheWrite + output x output)
   * / 1,000,000}, with no intermediate rounding.
   */
  public CostBreakdown cost(Usage usage) {
    double in = (usage.uncachedInputTokens() * input
        + usage.cacheReadInputTokens() * cacheRead
        + usage.cacheCreationInputTokens() * cacheWrite) / PER_MILLION;
    double out = usage.outputTokens() * output / PER_MILLION;
    return CostBreakdown.of(in, out);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ModelPricing)) {
      return false;
    }
    ModelPricing p = (ModelPricing) o;
    return input == p.input && output == p.output && cacheRead == p.cacheRead && cacheWrite == p.cacheWrite;
  }

  @Override
  public int hashCode() {
    return Objects.hash(input, output, cacheRead, cacheWrite);
  }

  @Override
  public String toString() {
    return "ModelPricing{input=" + input + ", output=" + output + ", cacheRead=" + cacheRead + ", cacheWrite="
        + cacheWrite + " USD/Mtok}";
  }

  private static double check(double v, String name) {
    if (Double.isNaN(v) || Double.isInfinite(v) || v < 0) {
      throw new IllegalArgumentException(
          "ModelPricing." + name + " must be a finite, non-negative USD-per-million price, was " + v);
    }
    return v;
  }

  /** Builder for {@link ModelPricing}; {@code input} and {@code output} are required. */
  public static final class Builder {
    private Double input;
    private Double output;
    private Double cacheRead;
    private Double cacheWrite;

    private Builder() {}

    /** USD per million plain input tokens. */
    public Builder input(double v) {
      this.input = v;
      return this;
    }

    /** USD per million output tokens. */
    public Builder output(double v) {
      this.output = v;
      return this;
    }

    /** USD per million cache-read input tokens (default: the input price). */
    public Builder cacheRead(double v) {
      this.cacheRead = v;
      return this;
    }

    /** USD per million cache-write input tokens (default: the input price). */
    public Builder cacheWrite(double v) {
      this.cacheWrite = v;
      return this;
    }

    /** Builds and validates the pricing. */
    public ModelPricing build() {
      if (input == null || output == null) {
        throw new IllegalArgumentException("ModelPricing needs both an input and an output price");
      }
      return new ModelPricing(input, output, cacheRead == null ? input : cacheRead,
          cacheWrite == null ? input : cacheWrite);
    }
  }
}
