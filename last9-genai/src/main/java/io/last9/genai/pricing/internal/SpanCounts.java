/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import io.last9.genai.GenAiAttributes;
import io.last9.genai.internal.TokenCounts;
import io.last9.genai.pricing.Usage;
import io.last9.genai.pricing.UsageComponent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.ReadableSpan;
import java.math.BigDecimal;

/**
 * Reads a span's usage counts for pricing, trusting none of them: the attributes another
 * instrumentation wrote may be strings (Spring AI writes {@code gen_ai.usage.input_tokens} as one),
 * doubles, negative, fractional or absurd.
 *
 * <p>The semantic-convention keys (input, output, their deprecated names, cache read, cache write
 * and its older spelling {@code cache_creation}, reasoning) are read as a long, else a string, else
 * a double; when the input total is a long, the cache and reasoning counts are read as longs only
 * (one lookup for an absent count instead of three). The {@code gen_ai.l9.usage.*} keys, which only
 * this library and its users write, are read as longs. A count must be a whole number from 0 to
 * {@value #MAX_COUNT}; anything else makes the usage invalid: it is not priced, and the span says
 * so. Only the components the price entry needs are read ({@link UsageReader}). A count the span
 * carries, 0 included, is reported in the usage read; a count it does not carry is not (so a span
 * without a cache-read count can be told from one that says there were none).
 */
public final class SpanCounts implements UsageReader {

  /** The largest count trusted in one call. */
  public static final long MAX_COUNT = TokenCounts.MAX_COUNT;

  /** The attribute is not on the span. */
  public static final long ABSENT = -1;

  /** The attribute is there, but is not a count to trust. */
  public static final long INVALID = -2;

  public static final Keys INPUT = Keys.of(GenAiAttributes.USAGE_INPUT_TOKENS);
  public static final Keys OUTPUT = Keys.of(GenAiAttributes.USAGE_OUTPUT_TOKENS);
  public static final Keys PROMPT = Keys.of(GenAiAttributes.USAGE_PROMPT_TOKENS);
  public static final Keys COMPLETION = Keys.of(GenAiAttributes.USAGE_COMPLETION_TOKENS);
  private static final Keys CACHE_READ = Keys.of(GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS);
  private static final Keys CACHE_CREATION =
      Keys.of(GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS);
  private static final Keys CACHE_WRITE = Keys.of(GenAiAttributes.USAGE_CACHE_WRITE_INPUT_TOKENS);
  private static final Keys REASONING = Keys.of(GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS);

  private static final UsageComponent[] COMPONENTS = UsageComponent.values();
  private static final long TOTALS =
      (1L << UsageComponent.INPUT_TOKENS.ordinal())
          | (1L << UsageComponent.OUTPUT_TOKENS.ordinal());

  private final ReadableSpan span;
  private final long input;
  private final long output;

  /**
   * True when the totals were longs: then the details are too, and absent ones cost one lookup, not
   * three.
   */
  private final boolean longsOnly;

  private boolean invalid;

  public SpanCounts(ReadableSpan span, long input, long output, boolean longsOnly) {
    this.span = span;
    this.input = input;
    this.output = output;
    this.longsOnly = longsOnly;
  }

  /** True when a count read by {@link #read(long)} could not be trusted. */
  public boolean invalid() {
    return invalid;
  }

  @Override
  public Usage read(long components) {
    Usage.Builder b = Usage.builder().inputTokens(input).outputTokens(output);
    for (long m = components & ~TOTALS; m != 0; m &= m - 1) {
      UsageComponent c = COMPONENTS[Long.numberOfTrailingZeros(m)];
      long v = readComponent(c);
      if (v == INVALID) {
        invalid = true;
      } else if (v != ABSENT) {
        b.count(c, v); // a 0 on the span is reported: the instrumentation knew there were none
      }
    }
    return b.build();
  }

  private long readComponent(UsageComponent c) {
    // ifs, not a switch: javac gives a switch on another class's enum a class of its own, one more
    // to load on the first priced span
    if (c == UsageComponent.CACHE_READ_TOKENS) {
      return readDetail(CACHE_READ);
    }
    if (c == UsageComponent.CACHE_WRITE_TOKENS) {
      // the conventions' current spelling first, then the one they renamed
      long v = readDetail(CACHE_WRITE);
      return v == ABSENT ? readDetail(CACHE_CREATION) : v;
    }
    if (c == UsageComponent.OUTPUT_REASONING_TOKENS) {
      return readDetail(REASONING);
    }
    Long l = span.getAttribute(c.attributeKey());
    return l == null ? ABSENT : check(l);
  }

  private long readDetail(Keys keys) {
    return longsOnly ? readLong(span, keys) : read(span, keys);
  }

  /**
   * Reads one count as a long attribute, the semantic conventions' type; {@link #ABSENT} when there
   * is none.
   */
  public static long readLong(ReadableSpan span, Keys keys) {
    Long l = span.getAttribute(keys.asLong);
    return l == null ? ABSENT : check(l);
  }

  /** Reads one count: a long, else a string, else a double attribute of the same name. */
  public static long read(ReadableSpan span, Keys keys) {
    long l = readLong(span, keys);
    return l != ABSENT ? l : readOtherTypes(span, keys);
  }

  /**
   * Reads one count written as a string or a double (Spring AI writes strings); {@link #ABSENT}
   * when neither.
   */
  public static long readOtherTypes(ReadableSpan span, Keys keys) {
    String s = span.getAttribute(keys.asString);
    if (s != null) {
      return parse(s);
    }
    Double d = span.getAttribute(keys.asDouble);
    if (d != null) {
      return d.isNaN() || d.isInfinite() || d != Math.rint(d)
          ? INVALID
          : check((long) Math.min(d, 1e18));
    }
    return ABSENT;
  }

  private static long check(long v) {
    return v < 0 || v > MAX_COUNT ? INVALID : v;
  }

  private static long parse(String s) {
    String t = s.trim();
    if (t.isEmpty() || t.length() > 32) {
      return INVALID;
    }
    try {
      BigDecimal d = new BigDecimal(t);
      if (d.signum() < 0
          || d.compareTo(BigDecimal.valueOf(MAX_COUNT)) > 0
          || d.stripTrailingZeros().scale() > 0) {
        return INVALID;
      }
      return d.longValueExact();
    } catch (NumberFormatException | ArithmeticException e) {
      return INVALID;
    }
  }

  /** The long, string and double keys of one attribute name, made once. */
  public static final class Keys {
    final AttributeKey<Long> asLong;
    final AttributeKey<String> asString;
    final AttributeKey<Double> asDouble;

    private Keys(AttributeKey<Long> asLong) {
      this.asLong = asLong;
      this.asString = AttributeKey.stringKey(asLong.getKey());
      this.asDouble = AttributeKey.doubleKey(asLong.getKey());
    }

    static Keys of(AttributeKey<Long> key) {
      return new Keys(key);
    }
  }
}
