/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.redis.internal;

import io.last9.genai.internal.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * The Redis keys the store writes under its prefix:
 *
 * <ul>
 *   <li>a conversation's counter: the prefix and the first 128 bits of the SHA-256 of the id's
 *       UTF-8 bytes, base64url without padding (22 characters). Every id is hashed, whatever its
 *       length, so two ids share a counter only if they share those 128 bits. Hashing bounds every
 *       key in bytes, keeps end-user ids out of Redis, and is easy to compute in any language, so
 *       services written in others can share the count;
 *   <li>its "may repeat" flag: the counter's key and {@code :r};
 *   <li>the epoch marker ({@code epoch}) and the loss window ({@code loss}), one each per prefix.
 * </ul>
 *
 * <p>They differ in length after the prefix (22, 24, 5 and 4 characters), so none can be another.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class TurnKeys {

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private TurnKeys() {}

  /** The key of {@code conversationId}'s counter under {@code prefix}. */
  public static String key(String prefix, String conversationId) {
    byte[] digest = Sha256.digest(conversationId.getBytes(StandardCharsets.UTF_8));
    return prefix + BASE64URL.encodeToString(Arrays.copyOf(digest, 16));
  }

  /** The key of the flag that marks every number of {@code counterKey}'s counter. */
  public static String mayRepeatFlag(String counterKey) {
    return counterKey + ":r";
  }

  /** The key of the epoch marker under {@code prefix}. */
  public static String epoch(String prefix) {
    return prefix + "epoch";
  }

  /** The key of the loss window under {@code prefix}. */
  public static String lossWindow(String prefix) {
    return prefix + "loss";
  }
}
