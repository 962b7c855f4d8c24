/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import static io.last9.genai.GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS;
import static io.last9.genai.GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS;
import static io.last9.genai.GenAiAttributes.USAGE_CACHE_WRITE_INPUT_TOKENS;
import static io.last9.genai.GenAiAttributes.USAGE_INPUT_TOKENS;
import static io.last9.genai.GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS;
import static io.last9.genai.pricing.UsageComponent.CACHE_READ_TOKENS;
import static io.last9.genai.pricing.UsageComponent.CACHE_WRITE_TOKENS;
import static io.last9.genai.pricing.UsageComponent.INPUT_AUDIO_TOKENS;
import static io.last9.genai.pricing.UsageComponent.OUTPUT_REASONING_TOKENS;
import static io.last9.genai.pricing.UsageComponent.WEB_SEARCHES;
import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.RecordingSpans;
import io.last9.genai.pricing.Usage;
import io.last9.genai.pricing.UsageComponent;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.ReadableSpan;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reading a span's usage counts for pricing, trusting none of them: a count is a whole number from
 * 0 to {@link SpanCounts#MAX_COUNT}, written as a long, a string or a double; anything else makes
 * the usage invalid; a count the span carries is reported, 0 included, and one it does not carry is
 * not.
 */
class SpanCountsTest {

  private static final String INPUT = USAGE_INPUT_TOKENS.getKey();

  private final RecordingSpans recording = new RecordingSpans();

  @AfterEach
  void close() {
    recording.close();
  }

  private ReadableSpan span(Attributes attributes) {
    return recording.start("chat", attributes);
  }

  private static long bits(UsageComponent... components) {
    long m = 0;
    for (UsageComponent c : components) {
      m |= 1L << c.ordinal();
    }
    return m;
  }

  @Test
  void aLongCountIsTrustedFromZeroToTheLimit() {
    assertThat(SpanCounts.readLong(span(Attributes.empty()), SpanCounts.INPUT))
        .isEqualTo(SpanCounts.ABSENT);
    for (long trusted : new long[] {0, 1, 1_234, SpanCounts.MAX_COUNT}) {
      ReadableSpan s = span(Attributes.of(USAGE_INPUT_TOKENS, trusted));
      assertThat(SpanCounts.readLong(s, SpanCounts.INPUT)).isEqualTo(trusted);
      assertThat(SpanCounts.read(s, SpanCounts.INPUT)).isEqualTo(trusted);
    }
    for (long untrusted : new long[] {-1, SpanCounts.MAX_COUNT + 1, Long.MIN_VALUE}) {
      ReadableSpan s = span(Attributes.of(USAGE_INPUT_TOKENS, untrusted));
      assertThat(SpanCounts.readLong(s, SpanCounts.INPUT))
          .as("%s", untrusted)
          .isEqualTo(SpanCounts.INVALID);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"1200", " 1200 ", "1200.0", "1.2e3", "+1200"})
  void aStringCountIsReadAsTheWholeNumberItSpells(String text) {
    ReadableSpan s = span(Attributes.of(AttributeKey.stringKey(INPUT), text));
    assertThat(SpanCounts.read(s, SpanCounts.INPUT)).isEqualTo(1_200);
    assertThat(SpanCounts.readOtherTypes(s, SpanCounts.INPUT)).isEqualTo(1_200);
    assertThat(SpanCounts.readLong(s, SpanCounts.INPUT))
        .as("the long reading sees no long")
        .isEqualTo(SpanCounts.ABSENT);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "12.5",
        "-1",
        "abc",
        "NaN",
        "Infinity",
        "0x10",
        "1000000000001",
        "000000000000000000000000000000001"
      })
  void aStringThatIsNotATrustedCountIsInvalid(String text) {
    ReadableSpan s = span(Attributes.of(AttributeKey.stringKey(INPUT), text));
    assertThat(SpanCounts.read(s, SpanCounts.INPUT)).isEqualTo(SpanCounts.INVALID);
  }

  @Test
  void aDoubleCountMustBeAFiniteWholeNumberInRange() {
    AttributeKey<Double> asDouble = AttributeKey.doubleKey(INPUT);
    assertThat(SpanCounts.read(span(Attributes.of(asDouble, 1_200.0)), SpanCounts.INPUT))
        .isEqualTo(1_200);
    assertThat(SpanCounts.read(span(Attributes.of(asDouble, 0.0)), SpanCounts.INPUT)).isZero();
    for (double untrusted :
        new double[] {
          12.5, -1.0, Double.NaN, Double.POSITIVE_INFINITY, 1e13, 1e300, -Double.MAX_VALUE
        }) {
      assertThat(SpanCounts.read(span(Attributes.of(asDouble, untrusted)), SpanCounts.INPUT))
          .as("%s", untrusted)
          .isEqualTo(SpanCounts.INVALID);
    }
  }

  @Test
  void theTotalsComeFromTheCallerAndOnlyTheComponentsAskedForAreRead() {
    ReadableSpan s =
        span(
            Attributes.builder()
                .put(USAGE_CACHE_READ_INPUT_TOKENS, 300L)
                .put(USAGE_REASONING_OUTPUT_TOKENS, 40L)
                .build());
    SpanCounts counts = new SpanCounts(s, 1_000, 200, true);

    Usage totalsOnly = counts.read(0);
    assertThat(totalsOnly.inputTokens()).isEqualTo(1_000);
    assertThat(totalsOnly.outputTokens()).isEqualTo(200);
    assertThat(totalsOnly.isReported(CACHE_READ_TOKENS)).isFalse();
    assertThat(totalsOnly.isReported(OUTPUT_REASONING_TOKENS)).isFalse();

    Usage withCache = counts.read(bits(CACHE_READ_TOKENS));
    assertThat(withCache.cacheReadInputTokens()).isEqualTo(300);
    assertThat(withCache.isReported(OUTPUT_REASONING_TOKENS)).isFalse();

    Usage both = counts.read(bits(CACHE_READ_TOKENS, OUTPUT_REASONING_TOKENS));
    assertThat(both.reasoningOutputTokens()).isEqualTo(40);
    assertThat(counts.invalid()).isFalse();
  }

  @Test
  void aZeroOnTheSpanIsReportedAndAnAbsentCountIsNot() {
    ReadableSpan s = span(Attributes.of(USAGE_CACHE_READ_INPUT_TOKENS, 0L));
    Usage usage =
        new SpanCounts(s, 500, 10, true).read(bits(CACHE_READ_TOKENS, OUTPUT_REASONING_TOKENS));
    assertThat(usage.isReported(CACHE_READ_TOKENS)).as("the span says there were none").isTrue();
    assertThat(usage.cacheReadInputTokens()).isZero();
    assertThat(usage.isReported(OUTPUT_REASONING_TOKENS)).as("the span says nothing").isFalse();
  }

  @Test
  void cacheWritesAreReadUnderTheCurrentKeyFirstThenTheRenamedOne() {
    long cacheWrite = bits(CACHE_WRITE_TOKENS);
    ReadableSpan older = span(Attributes.of(USAGE_CACHE_CREATION_INPUT_TOKENS, 70L));
    assertThat(new SpanCounts(older, 100, 0, true).read(cacheWrite).cacheCreationInputTokens())
        .isEqualTo(70);
    ReadableSpan both =
        span(
            Attributes.builder()
                .put(USAGE_CACHE_WRITE_INPUT_TOKENS, 60L)
                .put(USAGE_CACHE_CREATION_INPUT_TOKENS, 70L)
                .build());
    assertThat(new SpanCounts(both, 100, 0, true).read(cacheWrite).cacheCreationInputTokens())
        .isEqualTo(60);
  }

  @Test
  void detailsWrittenAsStringsAreReadOnlyWhenTheTotalsWereNotLongs() {
    ReadableSpan s =
        span(Attributes.of(AttributeKey.stringKey(USAGE_CACHE_READ_INPUT_TOKENS.getKey()), "300"));
    long cacheRead = bits(CACHE_READ_TOKENS);
    assertThat(new SpanCounts(s, 1_000, 0, true).read(cacheRead).isReported(CACHE_READ_TOKENS))
        .as("totals were longs: so are the details")
        .isFalse();
    assertThat(new SpanCounts(s, 1_000, 0, false).read(cacheRead).cacheReadInputTokens())
        .isEqualTo(300);
  }

  @Test
  void theLibrarysOwnUsageKeysAreReadAsLongsOnly() {
    AttributeKey<Long> audio = INPUT_AUDIO_TOKENS.attributeKey();
    assertThat(audio.getKey()).startsWith("gen_ai.l9.usage.");
    ReadableSpan asLong = span(Attributes.of(audio, 40L));
    assertThat(
            new SpanCounts(asLong, 100, 0, false)
                .read(bits(INPUT_AUDIO_TOKENS))
                .get(INPUT_AUDIO_TOKENS))
        .isEqualTo(40);
    ReadableSpan asString = span(Attributes.of(AttributeKey.stringKey(audio.getKey()), "40"));
    assertThat(
            new SpanCounts(asString, 100, 0, false)
                .read(bits(INPUT_AUDIO_TOKENS))
                .isReported(INPUT_AUDIO_TOKENS))
        .isFalse();
  }

  @Test
  void anUntrustedDetailMakesTheUsageInvalidAndIsLeftOut() {
    ReadableSpan s =
        span(
            Attributes.builder()
                .put(USAGE_CACHE_READ_INPUT_TOKENS, -5L)
                .put(WEB_SEARCHES.attributeKey(), 3L)
                .build());
    SpanCounts counts = new SpanCounts(s, 1_000, 10, true);
    Usage usage = counts.read(bits(CACHE_READ_TOKENS, WEB_SEARCHES));
    assertThat(counts.invalid()).isTrue();
    assertThat(usage.isReported(CACHE_READ_TOKENS)).isFalse();
    assertThat(usage.get(WEB_SEARCHES)).as("the trusted counts are still read").isEqualTo(3);

    SpanCounts huge =
        new SpanCounts(
            span(Attributes.of(WEB_SEARCHES.attributeKey(), SpanCounts.MAX_COUNT + 1)), 0, 0, true);
    huge.read(bits(WEB_SEARCHES));
    assertThat(huge.invalid()).isTrue();
  }
}
