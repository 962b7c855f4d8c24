/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What set-ups provide to the library's static entry points (the OpenTelemetry to use when a caller
 * names none, a host's scope activator): each set-up registers its value and closes its
 * registration when it shuts down. The newest open registration is the one in force; closing it
 * brings back the one before, so a second SDK or application context in the same JVM neither
 * clobbers the first nor is clobbered when the first goes away. Reading the value in force is one
 * volatile read.
 *
 * <p>Bounded: past {@value #MAX_OPEN} open registrations (set-ups that never close theirs) the
 * oldest is let go, with a warning; the newest is always in force.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class Registrations<T> {

  /** One set-up's registration: closing it withdraws its value. */
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  static final int MAX_OPEN = 64;

  private static final Logger logger = Logger.getLogger(Registrations.class.getName());

  private final String what;
  private final OnceLogger warnings = new OnceLogger(logger);
  private final List<Entry> open = new ArrayList<>();
  private volatile T current;

  /** {@code what} names the registered thing in warnings. */
  public Registrations(String what) {
    this.what = what;
  }

  /** The value of the newest open registration, or {@code null}. */
  public T current() {
    return current;
  }

  /** Puts {@code value} in force until the returned registration is closed. */
  public Registration register(T value) {
    java.util.Objects.requireNonNull(value, "value");
    Entry e = new Entry(value);
    synchronized (open) {
      if (open.size() >= MAX_OPEN) {
        open.remove(0);
        warnings.warn(
            "registrations",
            Level.WARNING,
            "last9-genai: more than "
                + MAX_OPEN
                + " open registrations of "
                + what
                + "; the oldest is let go (a set-up that never closes its own?)",
            null);
      }
      open.add(e);
      current = value;
    }
    return e;
  }

  private final class Entry implements Registration {
    private final T value;

    Entry(T value) {
      this.value = value;
    }

    @Override
    public void close() {
      synchronized (open) {
        if (open.remove(this)) {
          current = open.isEmpty() ? null : open.get(open.size() - 1).value;
        }
      }
    }
  }
}
