/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 for keys derived on a hot path (a turn store's key per turn). {@link
 * MessageDigest#getInstance} searches the security providers on every call; a clone of one digest
 * looked up once costs a copy of its 100-odd bytes of state. A clone per call, rather than a digest
 * per thread, keeps nothing alive in the application's threads (virtual threads included) and no
 * state shared between callers.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class Sha256 {

  /** Never used itself, only cloned; null when this platform's digest cannot be cloned. */
  private static final MessageDigest PROTOTYPE = prototype();

  private Sha256() {}

  /** The SHA-256 digest (32 bytes) of {@code bytes}. */
  public static byte[] digest(byte[] bytes) {
    return newDigest().digest(bytes);
  }

  private static MessageDigest newDigest() {
    if (PROTOTYPE != null) {
      try {
        return (MessageDigest) PROTOTYPE.clone();
      } catch (CloneNotSupportedException e) {
        // not this platform's SUN provider: fall through to a lookup
      }
    }
    return lookUp();
  }

  private static MessageDigest prototype() {
    MessageDigest digest = lookUp();
    try {
      digest.clone();
      return digest;
    } catch (CloneNotSupportedException e) {
      return null;
    }
  }

  private static MessageDigest lookUp() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
