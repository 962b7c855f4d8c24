/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.redis.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * The Redis key of a conversation's counter: the prefix and the first 128 bits of the SHA-256 of
 * the id's UTF-8 bytes, base64url without padding (22 characters). Hashing bounds every key in
 * bytes whatever the id's length, keeps end-user ids out of Redis, and is easy to compute in any
 * language, so services written in others can share the count.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class TurnKeys {

  private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

  private TurnKeys() {}

  /** The key of {@code conversationId}'s counter under {@code prefix}. */
  public static String key(String prefix, String conversationId) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
    byte[] digest = sha256.digest(conversationId.getBytes(StandardCharsets.UTF_8));
    return prefix + BASE64URL.encodeToString(Arrays.copyOf(digest, 16));
  }
}
