/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.bench;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The start-up probe's CPU accounting, read from Linux's {@code /proc} in clock ticks: the whole
 * process's CPU when {@code main} starts (what a Java agent's {@code premain} and the JVM's start
 * cost before the application runs), split into the main thread's and the JIT compiler threads',
 * and at the end, how much of it the JIT compiler and GC threads took. The JIT's share is the
 * noisiest part of a cold JVM's CPU (a C2 compilation that does or does not finish before exit
 * moves it by tenths of a second), so the benchmark reports it apart. Nothing is printed where
 * {@code /proc} is missing.
 *
 * <p>Only {@code java.io} classes the JVM has loaded before {@code main}, parsing by hand and no
 * string concatenation: the probe runs in the cold JVM it measures, on both sides of every pair.
 */
final class ProcessCpu {

  private static final String SELF = "/proc/self/stat";
  private static final String THREAD_SELF = "/proc/thread-self/stat";
  private static final String TASKS = "/proc/self/task";

  private ProcessCpu() {}

  /**
   * The CPU spent when {@code main} starts, in ticks: the whole process (its exited threads
   * included), the JIT compiler's threads, and the calling thread, which is the one that ran any
   * Java agent's {@code premain}. Null where {@code /proc} is missing.
   */
  static long[] atMain() {
    try {
      long process = ticks(SELF);
      long main = ticks(THREAD_SELF);
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
      long total = ticks(SELF);
      long[] threads = threadTicks();
      // a StringBuilder, not +: this module is compiled for Java 17, and the first invokedynamic
      // concatenation of a JVM costs it ~40 ms of CPU, on both sides of every pair
      return new StringBuilder("probe-cpu-ticks before-main=")
          .append(atMain[0])
          .append(" jit-before-main=")
          .append(atMain[1])
          .append(" main-thread-before-main=")
          .append(atMain[2])
          .append(" total=")
          .append(total)
          .append(" jit=")
          .append(threads[0])
          .append(" gc=")
          .append(threads[1])
          .toString();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Ticks of the live JIT compiler threads and GC threads. */
  private static long[] threadTicks() throws IOException {
    String[] tasks = new File(TASKS).list();
    if (tasks == null) {
      throw new IOException("/proc/self/task cannot be listed");
    }
    long jit = 0;
    long gc = 0;
    byte[] buffer = new byte[1024];
    for (String task : tasks) {
      int length;
      try (InputStream in = new FileInputStream(new File(new File(TASKS, task), "stat"))) {
        length = in.readNBytes(buffer, 0, buffer.length);
      } catch (IOException e) {
        continue; // the thread ended meanwhile
      }
      int open = indexOf(buffer, length, (byte) '(', 0);
      if (startsWith(buffer, open + 1, "C1 Compiler")
          || startsWith(buffer, open + 1, "C2 Compiler")) {
        jit += ticks(buffer, length);
      } else if (startsWith(buffer, open + 1, "GC Thread") || startsWith(buffer, open + 1, "G1 ")) {
        gc += ticks(buffer, length);
      }
    }
    return new long[] {jit, gc};
  }

  private static long ticks(String stat) throws IOException {
    byte[] buffer = new byte[1024];
    int length;
    try (InputStream in = new FileInputStream(stat)) {
      length = in.readNBytes(buffer, 0, buffer.length);
    }
    return ticks(buffer, length);
  }

  // fields 14 and 15 of proc(5)'s stat line (utime, stime), counted after the command name, which
  // may hold spaces and parentheses: the fields start after the last ')'
  private static long ticks(byte[] stat, int length) {
    int at = length - 1;
    while (at >= 0 && stat[at] != ')') {
      at--;
    }
    if (at < 0) {
      throw new IllegalStateException("not a stat line");
    }
    at += 2; // ") " then field 3
    for (int field = 3; field < 14; field++) {
      at = indexOf(stat, length, (byte) ' ', at) + 1;
    }
    long utime = 0;
    while (stat[at] != ' ') {
      utime = utime * 10 + (stat[at++] - '0');
    }
    at++;
    long stime = 0;
    while (at < length && stat[at] >= '0' && stat[at] <= '9') {
      stime = stime * 10 + (stat[at++] - '0');
    }
    return utime + stime;
  }

  private static int indexOf(byte[] bytes, int length, byte b, int from) {
    for (int i = from; i < length; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    throw new IllegalStateException("not a stat line");
  }

  private static boolean startsWith(byte[] bytes, int at, String prefix) {
    if (at + prefix.length() > bytes.length) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (bytes[at + i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
