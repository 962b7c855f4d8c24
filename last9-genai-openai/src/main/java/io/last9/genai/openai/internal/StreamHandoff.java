/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.openai.internal;

/**
 * Hands the usage layer's {@link UsageStream} to the stream-safety layer within one {@code
 * createStreaming} call on one thread: the stream-safety layer opens a slot, the usage layer
 * (called synchronously underneath) fills it.
 */
final class StreamHandoff {

  private static final ThreadLocal<UsageStream[]> SLOT = new ThreadLocal<>();

  private StreamHandoff() {}

  static void open() {
    SLOT.set(new UsageStream[1]);
  }

  static void offer(UsageStream stream) {
    UsageStream[] slot = SLOT.get();
    if (slot != null) {
      slot[0] = stream;
    }
  }

  /** The stream offered since {@link #open()}, or {@code null}; closes the slot. */
  static UsageStream take() {
    UsageStream[] slot = SLOT.get();
    SLOT.remove();
    return slot == null ? null : slot[0];
  }
}
