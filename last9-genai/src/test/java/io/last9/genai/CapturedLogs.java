/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * The records one {@link java.util.logging} logger publishes while this is open, kept from its
 * parents' handlers so a test's expected warnings do not clutter the build's output.
 */
public final class CapturedLogs extends Handler implements AutoCloseable {

  private final Logger logger;
  private final boolean parentHandlers;
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();

  private CapturedLogs(Logger logger) {
    this.logger = logger;
    this.parentHandlers = logger.getUseParentHandlers();
    logger.setUseParentHandlers(false);
    logger.addHandler(this);
  }

  /** Starts capturing what the logger named {@code name} publishes. */
  public static CapturedLogs of(String name) {
    return new CapturedLogs(Logger.getLogger(name));
  }

  /** The records published so far. */
  public List<LogRecord> records() {
    return List.copyOf(records);
  }

  /** The messages published so far. */
  public List<String> messages() {
    List<String> m = new ArrayList<>();
    for (LogRecord r : records) {
      m.add(r.getMessage());
    }
    return m;
  }

  @Override
  public void publish(LogRecord record) {
    records.add(record);
  }

  @Override
  public void flush() {}

  /** Stops capturing and gives the logger its parents' handlers back. */
  @Override
  public void close() {
    logger.removeHandler(this);
    logger.setUseParentHandlers(parentHandlers);
  }
}
