/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

import io.last9.genai.Last9Limits;
import java.nio.charset.StandardCharsets;

/**
 * The key a turn store keeps a conversation under, bounded in size whatever id a caller passes, and
 * distinct for distinct ids:
 *
 * <ul>
 *   <li>an id longer than {@value #MAX_LENGTH} characters: {@code #sha256:} and the hex SHA-256 of
 *       its UTF-8 bytes;
 *   <li>an id that starts with {@code #}: the id with one more {@code #} in front (so {@code
 *       ##...});
 *   <li>any other id: the id itself.
 * </ul>
 *
 * <p>A digest key starts with {@code #s}, an escaped id with {@code ##}, any other id with no
 * {@code #}, so no literal id (not even {@code #sha256:<hex>} or {@code sha256:<hex>}) can share
 * the key, and so the turn counter, of a long id.
 *
 * <p>Internal, not for public use; it may change at any time.
 */
public final class ConversationKeys {

  /** The longest id kept as is. */
  public static final int MAX_LENGTH = Last9Limits.MAX_TURN_KEY_LENGTH;

  /** What every digest key starts with. */
  static final String DIGEST_PREFIX = "#sha256:";

  private static final char ESCAPE = '#';
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private ConversationKeys() {}

  /** The bounded key for {@code conversationId}. */
  public static String of(String conversationId) {
    if (conversationId.length() > MAX_LENGTH) {
      byte[] digest = Sha256.digest(conversationId.getBytes(StandardCharsets.UTF_8));
      StringBuilder sb = new StringBuilder(DIGEST_PREFIX.length() + 64).append(DIGEST_PREFIX);
      for (byte b : digest) {
        sb.append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
      }
      return sb.toString();
    }
    if (!conversationId.isEmpty() && conversationId.charAt(0) == ESCAPE) {
      return ESCAPE + conversationId;
    }
    return conversationId;
  }
}
