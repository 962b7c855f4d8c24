/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

/**
 * The sampling hash of a conversation id: a pure function of the id, so every replica and every
 * service (in any language) that sees the same id takes the same decision. It is specified here so
 * that other implementations can match it bit for bit:
 *
 * <ol>
 *   <li>{@code h} = 64-bit FNV-1a over the id's UTF-8 bytes (offset basis {@code
 *       0xcbf29ce484222325}, prime {@code 0x100000001b3}); an unpaired surrogate counts as {@code
 *       '?'}, as {@code String.getBytes(UTF_8)} does;
 *   <li>{@code h} = MurmurHash3's 64-bit finaliser ({@code fmix64}) of {@code h}, which spreads
 *       FNV's weak low bits;
 *   <li>the 56-bit sampling value is {@code h >>> 8}; a conversation is kept at ratio {@code p}
 *       when that value is below {@code floor(p * 2^56)}.
 * </ol>
 *
 * <p>The whole id is hashed, whatever its length (there is no cut-off, so any two ids that differ
 * anywhere are independent draws). 56 bits mirror the randomness OpenTelemetry's consistent
 * probability sampling uses, so a ratio is exact to 2<sup>-56</sup>. The id is hashed as it is,
 * without copying it to a byte array; the sampler computes it once per conversation scope (see
 * {@link ConversationFields#samplingValue}), not once per span.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class ConversationHash {

  private static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  /** 2^56: one more than the largest sampling value. */
  public static final long RANGE = 1L << 56;

  private ConversationHash() {}

  /** The 56-bit sampling value of {@code id}, uniform in {@code [0, 2^56)}. */
  public static long value(String id) {
    long h = FNV_OFFSET_BASIS;
    int n = id.length();
    for (int i = 0; i < n; i++) {
      char c = id.charAt(i);
      if (c < 0x80) {
        h = (h ^ c) * FNV_PRIME;
      } else if (c < 0x800) {
        h = (h ^ (0xC0 | (c >>> 6))) * FNV_PRIME;
        h = (h ^ (0x80 | (c & 0x3F))) * FNV_PRIME;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < n
          && Character.isLowSurrogate(id.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, id.charAt(++i));
        h = (h ^ (0xF0 | (cp >>> 18))) * FNV_PRIME;
        h = (h ^ (0x80 | ((cp >>> 12) & 0x3F))) * FNV_PRIME;
        h = (h ^ (0x80 | ((cp >>> 6) & 0x3F))) * FNV_PRIME;
        h = (h ^ (0x80 | (cp & 0x3F))) * FNV_PRIME;
      } else if (Character.isSurrogate(c)) {
        h = (h ^ '?') * FNV_PRIME;
      } else {
        h = (h ^ (0xE0 | (c >>> 12))) * FNV_PRIME;
        h = (h ^ (0x80 | ((c >>> 6) & 0x3F))) * FNV_PRIME;
        h = (h ^ (0x80 | (c & 0x3F))) * FNV_PRIME;
      }
    }
    return fmix64(h) >>> 8;
  }

  /**
   * The value below which a conversation is kept at {@code ratio} (0 keeps none, 2^56 keeps all).
   */
  public static long threshold(double ratio) {
    return ratio >= 1.0 ? RANGE : (long) (ratio * RANGE);
  }

  private static long fmix64(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
