/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import io.last9.genai.pricing.UsageComponent;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * How the usage components nest: each component's dimensions (family, direction, modality, token
 * type, cache TTL, tool type, page type), as genai-prices defines its units. A component is a part
 * of every component whose dimensions are a subset of its own: {@code cache_audio_read_tokens}
 * (tokens, input, audio, cache_read) is a part of {@code input_tokens}, {@code cache_read_tokens}
 * and {@code input_audio_tokens}. The relations are kept as bit masks over {@link
 * UsageComponent#ordinal()} (58 components fit in a {@code long}).
 */
final class UsageUnits {

  /** Dimensions of each component, in {@link UsageComponent} order. */
  private static final String[] DIMENSIONS = {
    "family=tokens,direction=input", // INPUT_TOKENS
    "family=tokens,direction=output", // OUTPUT_TOKENS
    "family=tokens,direction=input,token_type=cache_read", // CACHE_READ_TOKENS
    "family=tokens,direction=input,token_type=cache_write", // CACHE_WRITE_TOKENS
    "family=tokens,direction=input,token_type=cache_write,cache_ttl=5m", // CACHE_WRITE_5M_TOKENS
    "family=tokens,direction=input,token_type=cache_write,cache_ttl=1h", // CACHE_WRITE_1H_TOKENS
    "family=tokens,direction=input,modality=text", // INPUT_TEXT_TOKENS
    "family=tokens,direction=output,modality=text", // OUTPUT_TEXT_TOKENS
    "family=tokens,direction=input,modality=text,token_type=cache_read", // CACHE_TEXT_READ_TOKENS
    "family=tokens,direction=input,modality=text,token_type=cache_write", // CACHE_TEXT_WRITE_TOKENS
    "family=tokens,direction=input,modality=text,token_type=cache_write,cache_ttl=5m", // CACHE_TEXT_WRITE_5M_TOKENS
    "family=tokens,direction=input,modality=text,token_type=cache_write,cache_ttl=1h", // CACHE_TEXT_WRITE_1H_TOKENS
    "family=tokens,direction=input,modality=audio", // INPUT_AUDIO_TOKENS
    "family=tokens,direction=output,modality=audio", // OUTPUT_AUDIO_TOKENS
    "family=tokens,direction=input,modality=audio,token_type=cache_read", // CACHE_AUDIO_READ_TOKENS
    "family=tokens,direction=input,modality=audio,token_type=cache_write", // CACHE_AUDIO_WRITE_TOKENS
    "family=tokens,direction=input,modality=audio,token_type=cache_write,cache_ttl=5m", // CACHE_AUDIO_WRITE_5M_TOKENS
    "family=tokens,direction=input,modality=audio,token_type=cache_write,cache_ttl=1h", // CACHE_AUDIO_WRITE_1H_TOKENS
    "family=tokens,direction=input,modality=image", // INPUT_IMAGE_TOKENS
    "family=tokens,direction=output,modality=image", // OUTPUT_IMAGE_TOKENS
    "family=tokens,direction=input,modality=image,token_type=cache_read", // CACHE_IMAGE_READ_TOKENS
    "family=tokens,direction=input,modality=image,token_type=cache_write", // CACHE_IMAGE_WRITE_TOKENS
    "family=tokens,direction=input,modality=image,token_type=cache_write,cache_ttl=5m", // CACHE_IMAGE_WRITE_5M_TOKENS
    "family=tokens,direction=input,modality=image,token_type=cache_write,cache_ttl=1h", // CACHE_IMAGE_WRITE_1H_TOKENS
    "family=tokens,direction=input,modality=video", // INPUT_VIDEO_TOKENS
    "family=tokens,direction=output,modality=video", // OUTPUT_VIDEO_TOKENS
    "family=tokens,direction=input,modality=video,token_type=cache_read", // CACHE_VIDEO_READ_TOKENS
    "family=tokens,direction=input,modality=video,token_type=cache_write", // CACHE_VIDEO_WRITE_TOKENS
    "family=tokens,direction=input,modality=video,token_type=cache_write,cache_ttl=5m", // CACHE_VIDEO_WRITE_5M_TOKENS
    "family=tokens,direction=input,modality=video,token_type=cache_write,cache_ttl=1h", // CACHE_VIDEO_WRITE_1H_TOKENS
    "family=tokens,direction=input,token_type=tool", // INPUT_TOOL_TOKENS
    "family=tokens,direction=input,modality=text,token_type=tool", // INPUT_TEXT_TOOL_TOKENS
    "family=tokens,direction=input,modality=audio,token_type=tool", // INPUT_AUDIO_TOOL_TOKENS
    "family=tokens,direction=input,modality=image,token_type=tool", // INPUT_IMAGE_TOOL_TOKENS
    "family=tokens,direction=input,modality=video,token_type=tool", // INPUT_VIDEO_TOOL_TOKENS
    "family=tokens,direction=output,token_type=reasoning", // OUTPUT_REASONING_TOKENS
    "family=tokens,direction=output,modality=text,token_type=reasoning", // OUTPUT_TEXT_REASONING_TOKENS
    "family=tokens,direction=output,modality=audio,token_type=reasoning", // OUTPUT_AUDIO_REASONING_TOKENS
    "family=tokens,direction=output,modality=image,token_type=reasoning", // OUTPUT_IMAGE_REASONING_TOKENS
    "family=tokens,direction=output,modality=video,token_type=reasoning", // OUTPUT_VIDEO_REASONING_TOKENS
    "family=tokens,direction=output,token_type=citation", // OUTPUT_CITATION_TOKENS
    "family=tokens,direction=output,modality=text,token_type=citation", // OUTPUT_TEXT_CITATION_TOKENS
    "family=tokens,direction=output,modality=audio,token_type=citation", // OUTPUT_AUDIO_CITATION_TOKENS
    "family=tokens,direction=output,modality=image,token_type=citation", // OUTPUT_IMAGE_CITATION_TOKENS
    "family=tokens,direction=output,modality=video,token_type=citation", // OUTPUT_VIDEO_CITATION_TOKENS
    "family=characters,direction=input", // INPUT_CHARACTERS
    "family=messages,direction=input,modality=text", // INPUT_TEXT_MESSAGES
    "family=durations,modality=audio", // AUDIO_SECONDS
    "family=durations,direction=input,modality=audio", // INPUT_AUDIO_SECONDS
    "family=durations,direction=output,modality=audio", // OUTPUT_AUDIO_SECONDS
    "family=pixels,direction=input", // INPUT_PIXELS
    "family=document_pages,direction=input", // INPUT_DOCUMENT_PAGES
    "family=document_pages,direction=input,page_type=annotated", // INPUT_ANNOTATED_DOCUMENT_PAGES
    "family=rerank", // RERANK_SEARCHES
    "family=tool_calls,tool_type=web_search", // WEB_SEARCHES
    "family=tool_calls,tool_type=social_search", // SOCIAL_SEARCHES
    "family=tool_calls,tool_type=storage_search", // STORAGE_SEARCHES
    "family=tool_calls,tool_type=code_execution", // CODE_EXECUTIONS
  };

  /** The price key of per-request fees, which has no usage count: one request per call. */
  static final String REQUESTS_PRICE_KEY = "requests_kcount";

  private static final UsageComponent[] COMPONENTS = UsageComponent.values();
  private static final long[] ANCESTORS = new long[COMPONENTS.length];
  private static final long[] DESCENDANTS = new long[COMPONENTS.length];
  private static final int[] DIMENSION_COUNT = new int[COMPONENTS.length];

  /** {@link #INPUT}, {@link #OUTPUT} or {@link #NO_DIRECTION}, by ordinal. */
  private static final int[] DIRECTION = new int[COMPONENTS.length];

  /** A count on the input side of a call. */
  static final int INPUT = 1;

  /** A count on the output side of a call. */
  static final int OUTPUT = 2;

  /** A count on neither side (web searches, seconds of audio, reranks): in the total only. */
  static final int NO_DIRECTION = 0;

  private static final Map<String, UsageComponent> BY_PRICE_KEY = new HashMap<>();

  /** The dimension bits of each component, by ordinal. */
  private static final long[] BITS = new long[COMPONENTS.length];

  /** For each dimension key (family, direction, ...), the bits of its values. */
  private static final long[] KEY_MASKS;

  /**
   * The components' dimension bits, sorted, with their ordinals in the same order: the component
   * that joins two others is found by a binary search. The pair relations are computed when asked
   * (only while price sets are built), not tabulated for all 58 x 58 pairs here: this class is
   * initialised on a cold JVM's first priced span, where a table costs milliseconds of
   * interpretation.
   */
  private static final long[] SORTED_BITS = new long[COMPONENTS.length];

  private static final int[] SORTED_ORDINALS = new int[COMPONENTS.length];

  static {
    if (DIMENSIONS.length != COMPONENTS.length) {
      throw new AssertionError("UsageUnits and UsageComponent disagree");
    }
    // Each distinct dimension (key=value) is one bit, so that the relations of all pairs of
    // components are a few long operations each: the tables are built on the first priced call,
    // in a JVM that is still interpreting.
    Map<String, Integer> bitOfPair = new HashMap<>();
    Map<String, Long> pairsOfKey = new HashMap<>();
    long[] bits = new long[COMPONENTS.length];
    for (int i = 0; i < COMPONENTS.length; i++) {
      for (String pair : DIMENSIONS[i].split(",")) {
        Integer bit = bitOfPair.get(pair);
        if (bit == null) {
          bit = bitOfPair.size();
          if (bit == Long.SIZE) {
            throw new AssertionError("more than 64 distinct dimensions");
          }
          bitOfPair.put(pair, bit);
          String key = pair.substring(0, pair.indexOf('='));
          pairsOfKey.put(key, pairsOfKey.getOrDefault(key, 0L) | 1L << bit);
        }
        bits[i] |= 1L << bit;
      }
    }
    long[] keyMasks = new long[pairsOfKey.size()];
    int k = 0;
    for (long mask : pairsOfKey.values()) {
      keyMasks[k++] = mask;
    }
    KEY_MASKS = keyMasks;
    long input = 1L << bitOfPair.getOrDefault("direction=input", 63);
    long output = 1L << bitOfPair.getOrDefault("direction=output", 63);
    for (int i = 0; i < COMPONENTS.length; i++) {
      BITS[i] = bits[i];
      DIMENSION_COUNT[i] = Long.bitCount(bits[i]);
      DIRECTION[i] =
          (bits[i] & input) != 0 ? INPUT : (bits[i] & output) != 0 ? OUTPUT : NO_DIRECTION;
      BY_PRICE_KEY.put(COMPONENTS[i].priceKey(), COMPONENTS[i]);
      // Insertion sort by bits: 58 entries, once.
      int j = i;
      while (j > 0 && SORTED_BITS[j - 1] > bits[i]) {
        SORTED_BITS[j] = SORTED_BITS[j - 1];
        SORTED_ORDINALS[j] = SORTED_ORDINALS[j - 1];
        j--;
      }
      if (j > 0 && SORTED_BITS[j - 1] == bits[i]) {
        throw new AssertionError("two components with the same dimensions");
      }
      SORTED_BITS[j] = bits[i];
      SORTED_ORDINALS[j] = i;
    }
    for (int a = 0; a < COMPONENTS.length; a++) {
      for (int b = 0; b < COMPONENTS.length; b++) {
        if (a != b && (bits[a] & ~bits[b]) == 0) { // a's dimensions are all b's: b is part of a
          ANCESTORS[b] |= 1L << a;
          DESCENDANTS[a] |= 1L << b;
        }
      }
    }
  }

  private UsageUnits() {}

  /**
   * The component a price key bills, or null for an unknown key (and for {@value
   * #REQUESTS_PRICE_KEY}).
   */
  static UsageComponent forPriceKey(String priceKey) {
    return BY_PRICE_KEY.get(priceKey);
  }

  /** Bits of the components that {@code ordinal} is a part of. */
  static long ancestors(int ordinal) {
    return ANCESTORS[ordinal];
  }

  /** Bits of the components that are parts of {@code ordinal}. */
  static long descendants(int ordinal) {
    return DESCENDANTS[ordinal];
  }

  /**
   * Which side of the call a component counts on: {@link #INPUT}, {@link #OUTPUT} or {@link
   * #NO_DIRECTION}.
   */
  static int direction(int ordinal) {
    return DIRECTION[ordinal];
  }

  /** The number of dimensions of a component: more means more specific. */
  static int dimensionCount(int ordinal) {
    return DIMENSION_COUNT[ordinal];
  }

  /**
   * The most specific component that is a part of both, when the two can overlap (no dimension with
   * different values); -1 when they cannot overlap or no component joins them.
   */
  static int join(int a, int b) {
    if (!compatible(a, b)) {
      return -1;
    }
    int found = Arrays.binarySearch(SORTED_BITS, BITS[a] | BITS[b]);
    return found < 0 ? -1 : SORTED_ORDINALS[found];
  }

  /** Whether {@code a} and {@code b} can count the same units: no dimension where they differ. */
  static boolean compatible(int a, int b) {
    // Each key may have at most one value among the two components' dimensions.
    long dimensions = BITS[a] | BITS[b];
    for (long keyMask : KEY_MASKS) {
      if (Long.bitCount(dimensions & keyMask) > 1) {
        return false;
      }
    }
    return true;
  }

  /** The dimensions of a component, as written above: to check the tables against. */
  static String dimensions(int ordinal) {
    return DIMENSIONS[ordinal];
  }
}
