/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * The usage of one LLM call: every count its price can depend on, normalised to the OpenTelemetry
 * GenAI semantic conventions.
 *
 * <p>{@link #inputTokens()} includes cached input (cache reads and cache writes) and every input
 * modality, and {@link #outputTokens()} includes reasoning tokens and every output modality. The
 * other counts are parts of those totals, as {@link UsageComponent} describes: audio input tokens,
 * cache reads, 1-hour cache writes, image output tokens, and so on. Counts that are not tokens (web
 * searches, seconds of audio, pages) stand on their own. A provider that reports cache tokens
 * outside its input count (Anthropic) must be normalised by its integration before a {@code Usage}
 * is built.
 *
 * <p>Instances are immutable. A count that a provider did not report is 0, and it is also <em>not
 * reported</em> ({@link #isReported(UsageComponent)}): a count set to 0 says the provider reported
 * none, a count left unset says nothing. The difference matters to cost:
 *
 * <ul>
 *   <li>a usage with no count reported at all ({@link #empty()}, or a response whose usage object
 *       has every field missing) is no usage: it is never priced, not even at $0, and a span that
 *       gets it is marked {@code gen_ai.l9.cost.unpriced_reason=no_usage};
 *   <li>counts a provider reported as 0 ({@code Usage.of(0, 0)}) are a real, free call: $0;
 *   <li>a usage that does not report its cache reads ({@code Usage.of(1_000, 10)}) is priced with
 *       all its input at the input price, and for a model whose cached input is cheaper that cost
 *       is an upper bound, which the span says ({@code gen_ai.l9.cost.upper_bound}). Report {@code
 *       cacheReadInputTokens(0)} when the provider said no input was cached.
 * </ul>
 *
 * <pre>{@code
 * Usage usage = Usage.builder()
 *     .inputTokens(4_610).inputAudioTokens(1_500)   // 3,110 text tokens and 1,500 audio tokens
 *     .outputTokens(101)
 *     .build();
 * }</pre>
 */
public final class Usage {

  private static final UsageComponent[] COMPONENTS = UsageComponent.values();
  private static final long[] NO_VALUES = new long[0];
  private static final Usage EMPTY = new Usage(0, 0, NO_VALUES);

  /** Bit {@code ordinal} is set when that component has a non-zero count. */
  private final long mask;

  /**
   * Bit {@code ordinal} is set when that component's count was reported, zero included; a superset
   * of {@link #mask}.
   */
  private final long reported;

  /** The non-zero counts, in ordinal order. */
  private final long[] values;

  private Usage(long mask, long reported, long[] values) {
    this.mask = mask;
    this.reported = reported;
    this.values = values;
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Usage with only input and output token counts, both reported (a 0 is a real 0); nothing else is
   * reported.
   */
  public static Usage of(long inputTokens, long outputTokens) {
    return builder().inputTokens(inputTokens).outputTokens(outputTokens).build();
  }

  /**
   * Usage with no count reported at all: no usage, which is never priced (see the class
   * description).
   */
  public static Usage empty() {
    return EMPTY;
  }

  /** The count of one component, 0 when it was not reported. */
  public long get(UsageComponent component) {
    long bit = 1L << component.ordinal();
    if ((mask & bit) == 0) {
      return 0;
    }
    return values[Long.bitCount(mask & (bit - 1))];
  }

  /** The components with a non-zero count. */
  public Set<UsageComponent> components() {
    EnumSet<UsageComponent> set = EnumSet.noneOf(UsageComponent.class);
    for (long m = mask; m != 0; m &= m - 1) {
      set.add(COMPONENTS[Long.numberOfTrailingZeros(m)]);
    }
    return set;
  }

  /** All input tokens, cached ones and every modality included. */
  public long inputTokens() {
    return get(UsageComponent.INPUT_TOKENS);
  }

  /** All output tokens, reasoning tokens and every modality included. */
  public long outputTokens() {
    return get(UsageComponent.OUTPUT_TOKENS);
  }

  /** Input tokens served from the provider's prompt cache (a part of {@link #inputTokens()}). */
  public long cacheReadInputTokens() {
    return get(UsageComponent.CACHE_READ_TOKENS);
  }

  /**
   * Input tokens written to the provider's prompt cache, whatever their TTL (a part of {@link
   * #inputTokens()}).
   */
  public long cacheCreationInputTokens() {
    return get(UsageComponent.CACHE_WRITE_TOKENS);
  }

  /** Reasoning ("thinking") tokens (a part of {@link #outputTokens()}). */
  public long reasoningOutputTokens() {
    return get(UsageComponent.OUTPUT_REASONING_TOKENS);
  }

  /**
   * Input tokens that are neither cache reads nor cache writes: input minus both, never below 0.
   */
  public long uncachedInputTokens() {
    return Math.max(0, inputTokens() - cacheReadInputTokens() - cacheCreationInputTokens());
  }

  /** Returns true when nothing at all was counted: every count is 0 or not reported. */
  public boolean isEmpty() {
    return mask == 0;
  }

  /**
   * True when the count of {@code component} was reported, zero included; false when it was left
   * unset.
   */
  public boolean isReported(UsageComponent component) {
    return (reported & (1L << component.ordinal())) != 0;
  }

  /**
   * True when at least one count was reported, zero included; false for {@link #empty()}: no usage,
   * which is never priced.
   */
  public boolean isReported() {
    return reported != 0;
  }

  /**
   * Returns the sum of this usage and another, count by count; a sum beyond {@code Long.MAX_VALUE}
   * stays there. A count is reported in the sum when either reported it.
   */
  public Usage plus(Usage other) {
    Builder b = builder();
    for (long m = reported | other.reported; m != 0; m &= m - 1) {
      UsageComponent c = COMPONENTS[Long.numberOfTrailingZeros(m)];
      long sum = get(c) + other.get(c);
      b.count(c, sum < 0 ? Long.MAX_VALUE : sum);
    }
    return b.build();
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
    return mask == u.mask && reported == u.reported && Arrays.equals(values, u.values);
  }

  @Override
  public int hashCode() {
    return (Long.hashCode(mask) * 31 + Long.hashCode(reported)) * 31 + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Usage{");
    for (long m = reported; m != 0; m &= m - 1) {
      UsageComponent c = COMPONENTS[Long.numberOfTrailingZeros(m)];
      if (sb.length() > 6) {
        sb.append(", ");
      }
      sb.append(c.usageKey()).append('=').append(get(c));
    }
    return sb.append('}').toString();
  }

  /**
   * Builder for {@link Usage}. Negative counts are rejected. Totals and their parts are set
   * independently: setting {@link #inputAudioTokens} does not change {@link #inputTokens}, which
   * must include the audio tokens. Every count set is reported, 0 included: set only the counts the
   * provider reported, and leave the others unset.
   */
  public static final class Builder {
    // sparse, like the value: most calls report two to five counts of the 58
    private long mask;
    private long reported;
    private long[] values = new long[4];

    private Builder() {}

    /** Sets the count of any component, which is then reported (a 0 is a reported 0). */
    public Builder count(UsageComponent component, long count) {
      if (count < 0) {
        throw new IllegalArgumentException(
            component.usageKey() + " must not be negative, was " + count);
      }
      long bit = 1L << component.ordinal();
      reported |= bit;
      int index = Long.bitCount(mask & (bit - 1));
      int size = Long.bitCount(mask);
      if ((mask & bit) != 0) {
        if (count != 0) {
          values[index] = count;
        } else {
          System.arraycopy(values, index + 1, values, index, size - index - 1);
          mask &= ~bit;
        }
      } else if (count != 0) {
        if (size == values.length) {
          values = Arrays.copyOf(values, size * 2);
        }
        System.arraycopy(values, index, values, index + 1, size - index);
        values[index] = count;
        mask |= bit;
      }
      return this;
    }

    /**
     * All input tokens, cached ones and every modality included (OpenAI's {@code prompt_tokens}).
     */
    public Builder inputTokens(long v) {
      return count(UsageComponent.INPUT_TOKENS, v);
    }

    /**
     * All output tokens, reasoning and every modality included (OpenAI's {@code
     * completion_tokens}).
     */
    public Builder outputTokens(long v) {
      return count(UsageComponent.OUTPUT_TOKENS, v);
    }

    /** Input tokens read from the cache, every modality (a part of input). */
    public Builder cacheReadInputTokens(long v) {
      return count(UsageComponent.CACHE_READ_TOKENS, v);
    }

    /** Input tokens written to the cache, whatever their TTL (a part of input). */
    public Builder cacheCreationInputTokens(long v) {
      return count(UsageComponent.CACHE_WRITE_TOKENS, v);
    }

    /** Input tokens written to the cache with a 5-minute TTL (a part of the cache writes). */
    public Builder cacheWrite5mInputTokens(long v) {
      return count(UsageComponent.CACHE_WRITE_5M_TOKENS, v);
    }

    /** Input tokens written to the cache with a 1-hour TTL (a part of the cache writes). */
    public Builder cacheWrite1hInputTokens(long v) {
      return count(UsageComponent.CACHE_WRITE_1H_TOKENS, v);
    }

    /** Reasoning tokens (a part of output). */
    public Builder reasoningOutputTokens(long v) {
      return count(UsageComponent.OUTPUT_REASONING_TOKENS, v);
    }

    /** Text input tokens (a part of input), when the provider reports them separately. */
    public Builder inputTextTokens(long v) {
      return count(UsageComponent.INPUT_TEXT_TOKENS, v);
    }

    /** Audio input tokens (a part of input). */
    public Builder inputAudioTokens(long v) {
      return count(UsageComponent.INPUT_AUDIO_TOKENS, v);
    }

    /** Image input tokens (a part of input). */
    public Builder inputImageTokens(long v) {
      return count(UsageComponent.INPUT_IMAGE_TOKENS, v);
    }

    /** Video input tokens (a part of input). */
    public Builder inputVideoTokens(long v) {
      return count(UsageComponent.INPUT_VIDEO_TOKENS, v);
    }

    /**
     * Audio input tokens read from the cache (a part of both the audio input and the cache reads).
     */
    public Builder cacheReadAudioTokens(long v) {
      return count(UsageComponent.CACHE_AUDIO_READ_TOKENS, v);
    }

    /** Image input tokens read from the cache. */
    public Builder cacheReadImageTokens(long v) {
      return count(UsageComponent.CACHE_IMAGE_READ_TOKENS, v);
    }

    /** Video input tokens read from the cache. */
    public Builder cacheReadVideoTokens(long v) {
      return count(UsageComponent.CACHE_VIDEO_READ_TOKENS, v);
    }

    /** Text output tokens (a part of output), when the provider reports them separately. */
    public Builder outputTextTokens(long v) {
      return count(UsageComponent.OUTPUT_TEXT_TOKENS, v);
    }

    /** Audio output tokens (a part of output). */
    public Builder outputAudioTokens(long v) {
      return count(UsageComponent.OUTPUT_AUDIO_TOKENS, v);
    }

    /** Image output tokens (a part of output). */
    public Builder outputImageTokens(long v) {
      return count(UsageComponent.OUTPUT_IMAGE_TOKENS, v);
    }

    /**
     * Web searches the provider ran for the call (Anthropic's {@code
     * server_tool_use.web_search_requests}).
     */
    public Builder webSearches(long v) {
      return count(UsageComponent.WEB_SEARCHES, v);
    }

    /** Builds the immutable value. */
    public Usage build() {
      return reported == 0
          ? EMPTY
          : new Usage(mask, reported, Arrays.copyOf(values, Long.bitCount(mask)));
    }
  }
}
