/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The {@code WARNING} and {@code SEVERE} records of a {@code java.util.logging} logger and the
 * loggers below it, from {@link #of} until {@link #close}.
 */
public final class CapturedWarnings extends Handler implements AutoCloseable {

  /** Held strongly: the log manager keeps loggers only weakly, and with them their handlers. */
  private final Logger logger;

  private final List<LogRecord> records = new CopyOnWriteArrayList<>();

  private CapturedWarnings(Logger logger) {
    this.logger = logger;
  }

  /** Starts capturing the warnings of logger {@code name}. */
  public static CapturedWarnings of(String name) {
    CapturedWarnings captured = new CapturedWarnings(Logger.getLogger(name));
    captured.logger.addHandler(captured);
    return captured;
  }

  /** The warnings captured so far, oldest first. */
  public List<LogRecord> records() {
    return records;
  }

  @Override
  public void publish(LogRecord record) {
    if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
      records.add(record);
    }
  }

  @Override
  public void flush() {}

  /** Stops capturing. */
  @Override
  public void close() {
    logger.removeHandler(this);
  }
}
