/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.ConversationContext;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Log de-duplication is keyed by the kind of problem, rate-limited, bounded, and never silenced for
 * good.
 */
class OnceLoggerTest {

  private final List<LogRecord> records = new ArrayList<>();
  private final Logger logger = Logger.getLogger("io.last9.genai.test.once");
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void attach() {
    OnceLogger.resetForTest();
    logger.addHandler(handler);
    logger.setUseParentHandlers(false);
    Logger.getLogger(ScopeHandle.class.getName()).addHandler(handler);
  }

  @AfterEach
  void detach() {
    logger.removeHandler(handler);
    Logger.getLogger(ScopeHandle.class.getName()).removeHandler(handler);
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
  void manyKindsNeverSilenceANewOne() {
    for (int i = 0; i < 20_000; i++) {
      OnceLogger.warnForValue(
          logger, "unpriced-model", "model-" + i, Level.WARNING, "no price", null);
    }
    records.clear();
    OnceLogger.warn(logger, "a-new-kind", Level.WARNING, "still heard", null);
    assertThat(records).extracting(LogRecord::getMessage).containsExactly("still heard");
  }

  @Test
  void perValueWarningsAreRateLimitedPerKind() {
    for (int i = 0; i < 1_000; i++) {
      OnceLogger.warnForValue(
          logger, "unpriced-model", "model-" + i, Level.WARNING, "no price", null);
    }
    assertThat(records).hasSize(OnceLogger.MAX_VALUE_WARNINGS_PER_INTERVAL);
  }

  @Test
  void messagesAreCutAndControlCharactersEscaped() {
    OnceLogger.warn(logger, "long", Level.WARNING, "a\r\nforged line " + "x".repeat(10_000), null);
    String m = records.get(0).getMessage();
    assertThat(m).doesNotContain("\n").doesNotContain("\r").startsWith("a\\u000d\\u000aforged");
    assertThat(m.length()).isLessThan(OnceLogger.MAX_MESSAGE_LENGTH + 100);
  }
}
