/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The key a turn store keeps a conversation under: the id itself when it is at most {@value
 * #MAX_LENGTH} characters, otherwise {@code sha256:} and the hex digest of its UTF-8 bytes, so that
 * an entry's size is bounded whatever id a caller passes.
 *
 * <p>Internal, not for public use; it may change at any time.
 */
public final class ConversationKeys {

  /** The longest id kept as is. */
  public static final int MAX_LENGTH = 256;

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private ConversationKeys() {}

  /** The bounded key for {@code conversationId}. */
  public static String of(String conversationId) {
    if (conversationId.length() <= MAX_LENGTH) {
      return conversationId;
    }
    byte[] digest;
    try {
      digest =
          MessageDigest.getInstance("SHA-256")
              .digest(conversationId.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
    StringBuilder sb = new StringBuilder(7 + 64).append("sha256:");
    for (byte b : digest) {
      sb.append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
    }
    return sb.toString();
  }
}
