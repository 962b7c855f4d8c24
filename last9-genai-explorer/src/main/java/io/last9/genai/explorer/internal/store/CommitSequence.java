/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.explorer.internal.store;

import java.util.TreeSet;

/**
 * Numbers the span commits, so that the conversation rows can be brought up to date from the spans
 * themselves: every span row carries its commit's number, and everything up to a number is summed
 * into the conversation rows in one transaction that also records that number. Two writers commit
 * in parallel, so number 7 may commit after number 8; {@link #settledUpTo} is therefore the number
 * below the oldest commit still under way, never the highest number handed out, or number 7 would
 * be skipped for good. Thread-safe. Internal, not for public use.
 */
final class CommitSequence {

  private final TreeSet<Long> underWay = new TreeSet<>();
  private long last;

  /**
   * @param last the highest number a stored row may carry (numbering goes on after it)
   */
  CommitSequence(long last) {
    this.last = last;
  }

  /** A number for a commit about to begin; {@link #finished} must follow, committed or not. */
  synchronized long begin() {
    long n = ++last;
    underWay.add(n);
    return n;
  }

  /** The commit numbered {@code n} was committed or rolled back. */
  synchronized void finished(long n) {
    underWay.remove(n);
  }

  /**
   * The highest number up to which every commit is over: rows carrying such a number are all
   * visible to a transaction that begins after this returns, and no more will be written.
   */
  synchronized long settledUpTo() {
    return underWay.isEmpty() ? last : underWay.first() - 1;
  }
}
