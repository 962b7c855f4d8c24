package io.last9.genai.openai.internal;

/**
 * Hands the raw layer's {@link RawClients.UsageStream} to the outer layer within one {@code createStreaming} call
 * on one thread: the outer layer opens a slot, the raw layer (called synchronously underneath) fills it.
 */
final class StreamHandoff {

  private static final ThreadLocal<RawClients.UsageStream[]> SLOT = new ThreadLocal<>();

  private StreamHandoff() {}

  static void open() {
    SLOT.set(new RawClients.UsageStream[1]);
  }

  static void offer(RawClients.UsageStream stream) {
    RawClients.UsageStream[] slot = SLOT.get();
    if (slot != null) {
      slot[0] = stream;
    }
  }

  /** The stream offered since {@link #open()}, or {@code null}; closes the slot. */
  static RawClients.UsageStream take() {
    RawClients.UsageStream[] slot = SLOT.get();
    SLOT.remove();
    return slot == null ? null : slot[0];
  }
}
