/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.CapturedLogs;
import io.last9.genai.ConversationContext;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Log de-duplication is keyed by the kind of problem, rate-limited, bounded, never silenced for
 * good, and kept per owner.
 */
class OnceLoggerTest {

  private final CapturedLogs logs =
      CapturedLogs.of("io.last9.genai.test.once", ScopeHandle.class.getName());
  private final List<LogRecord> records = logs.records();
  private final Logger logger = Logger.getLogger("io.last9.genai.test.once");
  private final AtomicLong now = new AtomicLong(1_000);
  private final OnceLogger warnings = new OnceLogger(logger, now::get);

  @BeforeEach
  void forget() {
    ScopeHandle.warnings.forgetAll();
  }

  @AfterEach
  void detach() {
    logs.close();
  }

  private List<String> messages() {
    return logs.messages();
  }

  private void afterTheInterval() {
    now.addAndGet(OnceLogger.REPEAT_INTERVAL_NANOS);
  }

  @Test
  void wrongOrderClosesWithDistinctIdsLogOneWarning() {
    for (int i = 0; i < 500; i++) {
      ConversationContext outer = ConversationContext.builder("c-" + i).start();
      ConversationContext inner = ConversationContext.builder("c-" + i + "-inner").start();
      outer.close(); // wrong order
      inner.close();
    }
    assertThat(records).hasSize(1);
    assertThat(records.get(0).getMessage()).doesNotContain("c-1");
  }

  @Test
  void aKindIsReportedAgainAfterTheIntervalWithTheNumberSuppressed() {
    for (int i = 0; i < 5; i++) {
      warnings.warn("turn-store", Level.WARNING, "store down", null);
    }
    assertThat(messages()).containsExactly("store down");
    afterTheInterval();
    warnings.warn("turn-store", Level.WARNING, "store down", null);
    assertThat(messages())
        .containsExactly("store down", "store down (4 more since the last report)");
  }

  @Test
  void twoOwnersReportTheSameProblemEach() {
    // two SDK set-ups in one JVM: each processor has its own instance
    OnceLogger first = new OnceLogger(logger, now::get);
    OnceLogger second = new OnceLogger(logger, now::get);
    first.warn("price-update:invalid", Level.WARNING, "first's file is broken", null);
    second.warn("price-update:invalid", Level.WARNING, "second's file is broken", null);
    first.warnForValue("unpriced-model", "m", Level.WARNING, "first: no price for m", null);
    second.warnForValue("unpriced-model", "m", Level.WARNING, "second: no price for m", null);
    assertThat(messages())
        .containsExactly(
            "first's file is broken",
            "second's file is broken",
            "first: no price for m",
            "second: no price for m");
  }

  @Test
  void manyValuesNeverSilenceAnotherKind() {
    for (int i = 0; i < 20_000; i++) {
      warnings.warnForValue("unpriced-model", "model-" + i, Level.WARNING, "no price", null);
    }
    records.clear();
    warnings.warn("a-new-kind", Level.WARNING, "still heard", null);
    warnings.warnForValue("unpriced-provider", "p", Level.WARNING, "provider still heard", null);
    assertThat(messages()).containsExactly("still heard", "provider still heard");
  }

  @Test
  void perValueWarningsAreRateLimitedPerKind() {
    for (int i = 0; i < 1_000; i++) {
      warnings.warnForValue("unpriced-model", "model-" + i, Level.WARNING, "no price", null);
    }
    assertThat(records).hasSize(OnceLogger.MAX_VALUE_WARNINGS_PER_INTERVAL);
  }

  @Test
  void firstForValueAsksForTheReportOnceAndLogsTheSummaryItself() {
    // the per-span form: the caller builds and logs its message only when asked to
    assertThat(warnings.firstForValue("cost-upper-bound", "gpt-4o", Level.INFO)).isTrue();
    warnings.log(Level.INFO, "upper bound for gpt-4o\nforged line", null);
    assertThat(warnings.firstForValue("cost-upper-bound", "gpt-4o", Level.INFO)).isFalse();
    assertThat(messages()).containsExactly("upper bound for gpt-4o\\u000aforged line");
    // below the logger's level nothing is remembered, so the value is still reported later
    logger.setLevel(Level.WARNING);
    assertThat(warnings.firstForValue("cost-upper-bound", "gpt-4.1", Level.INFO)).isFalse();
    logger.setLevel(Level.ALL);
    assertThat(warnings.firstForValue("cost-upper-bound", "gpt-4.1", Level.INFO)).isTrue();
    // past the budget: the summary line is logged by firstForValue, before the caller's report
    for (int i = 0; i < OnceLogger.MAX_VALUE_WARNINGS_PER_INTERVAL + 5; i++) {
      warnings.firstForValue("cost-upper-bound", "m-" + i, Level.INFO);
    }
    records.clear();
    afterTheInterval();
    assertThat(warnings.firstForValue("cost-upper-bound", "m-new", Level.INFO)).isTrue();
    assertThat(messages())
        .singleElement()
        .asString()
        .startsWith("last9-genai: cost-upper-bound: 7 more distinct values");
  }

  @Test
  void aReportedValueIsAnsweredWithoutTheClockOrTheLock() {
    AtomicInteger clockReads = new AtomicInteger();
    OnceLogger counted =
        new OnceLogger(
            logger,
            () -> {
              clockReads.incrementAndGet();
              return now.get();
            });
    assertThat(counted.firstForValue("cost-upper-bound", "gpt-4o", Level.INFO)).isTrue();
    int afterReport = clockReads.get();
    for (int i = 0; i < 1_000; i++) {
      assertThat(counted.firstForValue("cost-upper-bound", "gpt-4o", Level.INFO)).isFalse();
    }
    // every later span of the model took the lock-free path, which never reads the clock
    assertThat(clockReads.get()).isEqualTo(afterReport);
  }

  @Test
  void aSummaryOwedIsGivenEvenWhenTheNextValueWasReportedBefore() {
    assertThat(warnings.firstForValue("cost-upper-bound", "gpt-4o", Level.INFO)).isTrue();
    for (int i = 0; i < OnceLogger.MAX_VALUE_WARNINGS_PER_INTERVAL + 2; i++) {
      warnings.firstForValue("cost-upper-bound", "m-" + i, Level.INFO);
    }
    records.clear();
    afterTheInterval();
    // the model already reported asks for no report of its own, but the summary is due now
    assertThat(warnings.firstForValue("cost-upper-bound", "gpt-4o", Level.INFO)).isFalse();
    assertThat(messages())
        .singleElement()
        .asString()
        .startsWith("last9-genai: cost-upper-bound: 3 more distinct values");
    records.clear();
    assertThat(warnings.firstForValue("cost-upper-bound", "gpt-4o", Level.INFO)).isFalse();
    assertThat(messages()).isEmpty();
  }

  @Test
  void aValueForgottenAsTheOldestIsReportedAgain() {
    assertThat(warnings.firstForValue("unpriced-model", "model-0", Level.WARNING)).isTrue();
    // one more than the values remembered, 20 per window: model-0 is forgotten first
    for (int i = 1; i <= OnceLogger.MAX_VALUES_PER_KIND; i++) {
      if (i % OnceLogger.MAX_VALUE_WARNINGS_PER_INTERVAL == 0) {
        afterTheInterval();
      }
      assertThat(warnings.firstForValue("unpriced-model", "model-" + i, Level.WARNING)).isTrue();
    }
    afterTheInterval();
    assertThat(warnings.firstForValue("unpriced-model", "model-0", Level.WARNING)).isTrue();
    assertThat(warnings.firstForValue("unpriced-model", "model-0", Level.WARNING)).isFalse();
    assertThat(warnings.firstForValue("unpriced-model", "model-2", Level.WARNING)).isFalse();
  }

  @Test
  void valuesPastTheBudgetAreSummarisedOnceTheIntervalIsOver() {
    int budget = OnceLogger.MAX_VALUE_WARNINGS_PER_INTERVAL;
    for (int i = 0; i < budget + 30; i++) {
      warnings.warnForValue("unpriced-model", "model-" + i, Level.WARNING, "no price " + i, null);
      // a value seen again is one value
      warnings.warnForValue("unpriced-model", "model-" + i, Level.WARNING, "no price " + i, null);
    }
    assertThat(records).hasSize(budget);
    afterTheInterval();
    warnings.warnForValue("unpriced-model", "model-new", Level.WARNING, "no price new", null);
    assertThat(messages().subList(budget, messages().size()))
        .containsExactly(
            "last9-genai: unpriced-model: 30 more distinct values in the previous five-minute"
                + " window were not logged one by one (at most 20 are, every five minutes)",
            "no price new");
    // a new budget: values not reported before are reported now, reported ones are not again
    records.clear();
    for (int i = 0; i < budget + 30; i++) {
      warnings.warnForValue("unpriced-model", "model-" + i, Level.WARNING, "no price " + i, null);
    }
    assertThat(messages()).hasSize(budget - 1).first().isEqualTo("no price " + budget);
  }

  @Test
  void theSummaryCountStopsAtItsBound() {
    for (int i = 0; i < 5_000; i++) {
      warnings.warnForValue("unpriced-model", "model-" + i, Level.WARNING, "no price", null);
    }
    afterTheInterval();
    records.clear();
    warnings.warnForValue("unpriced-model", "model-x", Level.WARNING, "no price", null);
    assertThat(messages().get(0))
        .startsWith(
            "last9-genai: unpriced-model: more than "
                + OnceLogger.MAX_VALUES_PER_KIND
                + " more distinct values");
  }

  @Test
  void noSummaryWithoutSuppressedValues() {
    warnings.warnForValue("unpriced-model", "a", Level.WARNING, "no price a", null);
    afterTheInterval();
    warnings.warnForValue("unpriced-model", "b", Level.WARNING, "no price b", null);
    assertThat(messages()).containsExactly("no price a", "no price b");
  }

  @Test
  void kindsPastTheBoundShareOneState() {
    for (int i = 0; i < OnceLogger.MAX_KINDS; i++) {
      warnings.warn("kind-" + i, Level.WARNING, "kind " + i, null);
    }
    assertThat(records).hasSize(OnceLogger.MAX_KINDS);
    warnings.warn("extra-1", Level.WARNING, "extra 1", null);
    warnings.warn("extra-2", Level.WARNING, "extra 2", null);
    assertThat(messages().subList(OnceLogger.MAX_KINDS, records.size())).containsExactly("extra 1");
    afterTheInterval();
    warnings.warn("kind-0", Level.WARNING, "kind 0", null);
    assertThat(messages().get(records.size() - 1)).isEqualTo("kind 0");
  }

  @Test
  void messagesAreCutAndControlCharactersEscaped() {
    warnings.warn("long", Level.WARNING, "a\r\nforged line " + "x".repeat(10_000), null);
    String m = records.get(0).getMessage();
    assertThat(m).doesNotContain("\n").doesNotContain("\r").startsWith("a\\u000d\\u000aforged");
    assertThat(m.length()).isLessThan(OnceLogger.MAX_MESSAGE_LENGTH + 100);
  }

  @Test
  void separatorsAndBidiControlsInAValueAreEscaped() {
    warnings.warnForValue(
        "unpriced-model",
        "gpt\u2028INFO forged\u202Egnp.exe",
        Level.WARNING,
        "No price known for model 'gpt\u2028INFO forged\u202Egnp.exe'",
        null);
    assertThat(records.get(0).getMessage())
        .isEqualTo("No price known for model 'gpt\\u2028INFO forged\\u202egnp.exe'");
  }

  @Test
  void logSanitizedEscapesButDoesNotRateLimit() {
    OnceLogger.logSanitized(logger, Level.WARNING, "file a\u2029: unknown keys", null);
    OnceLogger.logSanitized(logger, Level.WARNING, "file a\u2029: unknown keys", null);
    assertThat(messages())
        .containsExactly("file a\\u2029: unknown keys", "file a\\u2029: unknown keys");
  }
}
