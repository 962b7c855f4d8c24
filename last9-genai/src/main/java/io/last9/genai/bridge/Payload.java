/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.bridge;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The envelope of a payload: a piece of library state (a scope's state, an observed call's frame)
 * written as an {@code Object[]} of JDK types, which the two copies of the library can both read.
 *
 * <p>Element {@value #CACHE} is an {@code AtomicReference<Object>} in which the reading copy keeps
 * what it made of the payload, so it decodes each payload once; element {@value #KIND} names the
 * kind of state; the kind's own fields follow from {@value #FIRST_FIELD}, laid out by the class
 * that writes and reads them. A kind's fields are only ever appended: a reader takes a field past
 * the end of a shorter payload (written by an older build) as absent, and ignores fields past the
 * ones it knows.
 */
public final class Payload {

  /** The index of the reader's cache, an {@code AtomicReference<Object>}. */
  public static final int CACHE = 0;

  /** The index of the kind, a {@code String}. */
  public static final int KIND = 1;

  /** The index of a kind's first field. */
  public static final int FIRST_FIELD = 2;

  private Payload() {}

  /** A new payload of {@code kind} with room for {@code fields} fields, all absent. */
  public static Object[] create(String kind, int fields) {
    Object[] p = new Object[FIRST_FIELD + fields];
    p[CACHE] = new AtomicReference<>();
    p[KIND] = kind;
    return p;
  }

  /** The kind of {@code payload}. */
  public static String kind(Object[] payload) {
    return (String) payload[KIND];
  }

  /**
   * Field {@code index} of {@code payload}, or {@code null} when the payload is shorter.
   *
   * @throws ClassCastException when the field is not a {@code type}: a payload that breaks the
   *     contract
   */
  public static <T> T field(Object[] payload, int index, Class<T> type) {
    return index < payload.length ? type.cast(payload[index]) : null;
  }

  /**
   * What {@code decode} makes of {@code payload}, made once: later calls return the first result
   * kept in the payload's cache.
   */
  public static <T> T decoded(Object[] payload, Class<T> type, Function<Object[], T> decode) {
    @SuppressWarnings("unchecked")
    AtomicReference<Object> cache = (AtomicReference<Object>) payload[CACHE];
    Object made = cache.get();
    if (type.isInstance(made)) {
      return type.cast(made);
    }
    T fresh = decode.apply(payload);
    return cache.compareAndSet(null, fresh) ? fresh : type.cast(cache.get());
  }
}
