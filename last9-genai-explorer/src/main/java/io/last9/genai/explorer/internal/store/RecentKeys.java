/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.explorer.internal.store;

/**
 * The keys of the spans (their trace id and span id) or content events stored most recently, so
 * that a batch an exporter sends again (it timed out waiting for the answer, or got a 503 after
 * part of a group was written) is not stored twice. Bounded: two generations of at most {@code
 * perGeneration} keys each; when the current one is full it becomes the previous one and the oldest
 * are forgotten, so a retry is recognised for at least the last {@code perGeneration} spans stored.
 * Keys are 64-bit hashes: two different spans share one with a probability near 2^-64 per pair. Not
 * thread-safe: the store uses it under its write lock. Internal, not for public use.
 */
final class RecentKeys {

  private final int perGeneration;
  private LongSet current = new LongSet();
  private LongSet previous = new LongSet();

  RecentKeys(int perGeneration) {
    this.perGeneration = Math.max(16, perGeneration);
  }

  boolean contains(long key) {
    return current.contains(key) || previous.contains(key);
  }

  void add(long key) {
    if (current.size >= perGeneration) {
      previous = current;
      current = new LongSet();
    }
    current.add(key);
  }

  /** The key of a span: a 64-bit hash of its trace id and span id. */
  static long key(String traceId, String spanId) {
    long h = 0xcbf29ce484222325L; // FNV-1a, then a final mix so close ids spread
    for (int i = 0; i < traceId.length(); i++) {
      h = (h ^ traceId.charAt(i)) * 0x100000001b3L;
    }
    h = (h ^ '/') * 0x100000001b3L;
    for (int i = 0; i < spanId.length(); i++) {
      h = (h ^ spanId.charAt(i)) * 0x100000001b3L;
    }
    return finish(h);
  }

  /** {@code h} with {@code value} mixed in. */
  static long mix(long h, long value) {
    return finish((h ^ value) * 0x100000001b3L + 0x9e3779b97f4a7c15L);
  }

  /** {@code h} with {@code text} (or its absence) mixed in. */
  static long mix(long h, String text) {
    if (text == null) {
      return mix(h, 0x6e756c6cL);
    }
    for (int i = 0; i < text.length(); i++) {
      h = (h ^ text.charAt(i)) * 0x100000001b3L;
    }
    return mix(h, text.length());
  }

  private static long finish(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  /** An open-addressing set of longs that grows as keys arrive (0 stands for the empty slot). */
  private static final class LongSet {
    private long[] slots = new long[1024];
    private boolean hasZero;
    int size;

    boolean contains(long key) {
      if (key == 0) {
        return hasZero;
      }
      int mask = slots.length - 1;
      for (int i = (int) key & mask; ; i = (i + 1) & mask) {
        long s = slots[i];
        if (s == key) {
          return true;
        }
        if (s == 0) {
          return false;
        }
      }
    }

    void add(long key) {
      if (key == 0) {
        size += hasZero ? 0 : 1;
        hasZero = true;
        return;
      }
      if ((size + 1) * 4L > slots.length * 3L) { // at most 3/4 full: 8 MiB for 2^19 keys
        grow();
      }
      if (insert(slots, key)) {
        size++;
      }
    }

    private void grow() {
      long[] bigger = new long[slots.length * 2];
      for (long s : slots) {
        if (s != 0) {
          insert(bigger, s);
        }
      }
      slots = bigger;
    }

    private static boolean insert(long[] table, long key) {
      int mask = table.length - 1;
      for (int i = (int) key & mask; ; i = (i + 1) & mask) {
        long s = table[i];
        if (s == key) {
          return false;
        }
        if (s == 0) {
          table[i] = key;
          return true;
        }
      }
    }
  }
}
