/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.redis;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A busy host, as {@code stress --cpu N} makes one: {@code N} processes that each spin a core
 * forever (a shell loop), started by the test and killed by it.
 */
final class CpuLoad implements AutoCloseable {

  private final List<Process> spinners = new ArrayList<>();

  private CpuLoad() {}

  /** Starts {@code processes} spinning processes. */
  static CpuLoad start(int processes) throws IOException {
    CpuLoad load = new CpuLoad();
    try {
      for (int i = 0; i < processes; i++) {
        load.spinners.add(new ProcessBuilder("sh", "-c", "while :; do :; done").start());
      }
    } catch (IOException | RuntimeException e) {
      load.close();
      throw e;
    }
    return load;
  }

  @Override
  public void close() {
    for (Process p : spinners) {
      p.destroyForcibly();
    }
    for (Process p : spinners) {
      try {
        p.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
