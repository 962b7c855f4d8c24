/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.redis;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Every {@code java.util.logging} record, at every level, of last9-genai, Lettuce and Netty (which
 * log through it here: no SLF4J binding is on the test class path) while open: each formatted as a
 * log file would show it, with its stack trace.
 */
final class CapturedLogs extends Handler implements AutoCloseable {

  private static final String[] LOGGERS = {"io.last9", "io.lettuce", "io.netty", "reactor"};

  private final SimpleFormatter formatter = new SimpleFormatter();
  private final List<String> lines = new ArrayList<>();
  private final List<Logger> loggers = new ArrayList<>();
  private final List<Level> levels = new ArrayList<>();

  private CapturedLogs() {
    setLevel(Level.ALL);
  }

  static CapturedLogs start() {
    CapturedLogs logs = new CapturedLogs();
    for (String name : LOGGERS) {
      Logger logger = Logger.getLogger(name);
      logs.loggers.add(logger);
      logs.levels.add(logger.getLevel());
      logger.setLevel(Level.ALL);
      logger.addHandler(logs);
    }
    return logs;
  }

  @Override
  public synchronized void publish(LogRecord record) {
    StringBuilder line = new StringBuilder(formatter.format(record));
    if (record.getThrown() != null) {
      StringWriter trace = new StringWriter();
      record.getThrown().printStackTrace(new PrintWriter(trace));
      line.append(trace);
    }
    lines.add(line.toString());
  }

  /** Everything logged so far, one string. */
  synchronized String text() {
    return String.join("\n", lines);
  }

  synchronized int size() {
    return lines.size();
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    for (int i = 0; i < loggers.size(); i++) {
      loggers.get(i).removeHandler(this);
      loggers.get(i).setLevel(levels.get(i));
    }
  }
}
