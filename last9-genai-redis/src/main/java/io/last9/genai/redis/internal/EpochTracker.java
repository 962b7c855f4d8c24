/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.redis.internal;

import java.util.concurrent.ThreadLocalRandom;

/**
 * What this process knows of Redis's epoch (see {@link TurnScript}): the last value it saw, and
 * when. It is sent with every call, so that the script notices when Redis lost its data since; it
 * is forgotten after the idle expiry, since by then every counter of the old epoch would have
 * expired anyway. It also holds the value this process proposes for a new epoch, drawn again each
 * time the epoch changes, so that two epochs never share a value.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class EpochTracker {

  private final long forgetAfterNanos;
  private volatile String known;
  private volatile long seenAt;
  private volatile String proposal = newEpoch();

  public EpochTracker(long forgetAfterNanos) {
    this.forgetAfterNanos = forgetAfterNanos;
  }

  /** The epoch seen within the idle expiry before {@code now}, or the empty string. */
  public String known(long now) {
    String k = known;
    return k != null && now - seenAt < forgetAfterNanos ? k : "";
  }

  /** The value to create the epoch with, should Redis have none. */
  public String proposal() {
    return proposal;
  }

  /**
   * Records that Redis answered with {@code epoch} at {@code now}. Returns the epoch it replaced
   * when this process still knew another one (so Redis lost its data since), otherwise null.
   */
  public String observe(String epoch, long now) {
    String before = known;
    boolean recent = before != null && now - seenAt < forgetAfterNanos;
    seenAt = now;
    if (epoch.equals(before)) {
      return null;
    }
    known = epoch;
    proposal = newEpoch();
    return recent ? before : null;
  }

  private static String newEpoch() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
  }
}
