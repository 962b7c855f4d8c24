/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The start-up probe's CPU accounting, read from Linux's {@code /proc} in clock ticks: the whole
 * process's CPU when {@code main} starts (what a Java agent's {@code premain} and the JVM's start
 * cost before the application runs), and at the end, how much of it the JIT compiler and GC threads
 * took. The JIT's share is the noisiest part of a cold JVM's CPU (a C2 compilation that does or
 * does not finish before exit moves it by tenths of a second), so the benchmark reports it apart.
 * Nothing is printed where {@code /proc} is missing.
 */
final class ProcessCpu {

  private static final Path SELF = Paths.get("/proc/self/stat");
  private static final Path TASKS = Paths.get("/proc/self/task");

  private ProcessCpu() {}

  /** User + system ticks of the whole process so far (its exited threads included), or -1. */
  static long processTicks() {
    try {
      return ticks(Files.readString(SELF));
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * One line for {@code benchmarks/startup.py}: {@code probe-cpu-ticks before-main=B total=T jit=J
   * gc=G}, where {@code jit} and {@code gc} count the threads still alive now.
   */
  static String report(long beforeMain) {
    long total = processTicks();
    if (beforeMain < 0 || total < 0) {
      return null;
    }
    long jit = 0;
    long gc = 0;
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS)) {
      for (Path task : tasks) {
        String stat;
        try {
          stat = Files.readString(task.resolve("stat"));
        } catch (IOException e) {
          continue; // the thread ended meanwhile
        }
        String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
          jit += ticks(stat);
        } else if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
          gc += ticks(stat);
        }
      }
    } catch (IOException | RuntimeException e) {
      return null;
    }
    return "probe-cpu-ticks before-main="
        + beforeMain
        + " total="
        + total
        + " jit="
        + jit
        + " gc="
        + gc;
  }

  // fields 14 and 15 of proc(5)'s stat line, counted after the command name, which may hold spaces
  private static long ticks(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }
}
