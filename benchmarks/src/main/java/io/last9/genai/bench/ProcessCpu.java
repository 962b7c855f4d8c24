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
 * cost before the application runs), split into the main thread's and the JIT compiler threads',
 * and at the end, how much of it the JIT compiler and GC threads took. The JIT's share is the
 * noisiest part of a cold JVM's CPU (a C2 compilation that does or does not finish before exit
 * moves it by tenths of a second), so the benchmark reports it apart. Nothing is printed where
 * {@code /proc} is missing.
 */
final class ProcessCpu {

  private static final Path SELF = Paths.get("/proc/self/stat");
  private static final Path TASKS = Paths.get("/proc/self/task");

  private ProcessCpu() {}

  private static final Path THREAD_SELF = Paths.get("/proc/thread-self/stat");

  /**
   * The CPU spent when {@code main} starts, in ticks: the whole process (its exited threads
   * included), the JIT compiler's threads, and the calling thread, which is the one that ran any
   * Java agent's {@code premain}. Null where {@code /proc} is missing.
   */
  static long[] atMain() {
    try {
      long process = ticks(Files.readString(SELF));
      long main = ticks(Files.readString(THREAD_SELF));
      return new long[] {process, threadTicks()[0], main};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /**
   * One line for {@code benchmarks/startup.py}: {@code probe-cpu-ticks before-main=B
   * jit-before-main=JB main-thread-before-main=MB total=T jit=J gc=G}, where {@code jit} and {@code
   * gc} count the threads still alive at the end. Splitting the CPU before {@code main} shows what
   * an agent's start costs its own thread apart from the compilations it sets off, which vary from
   * run to run far more.
   */
  static String report(long[] atMain) {
    if (atMain == null) {
      return null;
    }
    try {
      long total = ticks(Files.readString(SELF));
      long[] threads = threadTicks();
      return "probe-cpu-ticks before-main="
          + atMain[0]
          + " jit-before-main="
          + atMain[1]
          + " main-thread-before-main="
          + atMain[2]
          + " total="
          + total
          + " jit="
          + threads[0]
          + " gc="
          + threads[1];
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Ticks of the live JIT compiler threads and GC threads. */
  private static long[] threadTicks() throws IOException {
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
    }
    return new long[] {jit, gc};
  }

  // fields 14 and 15 of proc(5)'s stat line, counted after the command name, which may hold spaces
  private static long ticks(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }
}
