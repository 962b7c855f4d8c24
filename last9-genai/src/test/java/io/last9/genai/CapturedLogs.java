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
 * The records some {@link java.util.logging} loggers publish while this is open, in the order they
 * were published, kept from the loggers' parents' handlers so a test's expected warnings do not
 * clutter the build's output.
 */
public final class CapturedLogs extends Handler implements AutoCloseable {

  private final List<Logger> loggers = new ArrayList<>();
  private final List<Boolean> parentHandlers = new ArrayList<>();
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();

  private CapturedLogs(String... names) {
    for (String name : names) {
      Logger logger = Logger.getLogger(name);
      loggers.add(logger); // also keeps the logger, and its settings, from being collected
      parentHandlers.add(logger.getUseParentHandlers());
      logger.setUseParentHandlers(false);
      logger.addHandler(this);
    }
  }

  /** Starts capturing what the loggers named {@code names} publish. */
  public static CapturedLogs of(String... names) {
    return new CapturedLogs(names);
  }

  /** The records published so far, as they come in; a test may clear it. */
  public List<LogRecord> records() {
    return records;
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

  /** Stops capturing and gives the loggers their parents' handlers back. */
  @Override
  public void close() {
    for (int i = 0; i < loggers.size(); i++) {
      loggers.get(i).removeHandler(this);
      loggers.get(i).setUseParentHandlers(parentHandlers.get(i));
    }
  }
}
