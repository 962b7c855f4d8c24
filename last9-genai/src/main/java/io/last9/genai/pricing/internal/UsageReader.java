/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import io.last9.genai.pricing.Usage;

/**
 * Reads a call's usage once its price entry is known, so that only the counts the entry can bill,
 * or must report as unpriced, are read (a span's attributes are read one locked lookup at a time).
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
@FunctionalInterface
public interface UsageReader {

  /**
   * The usage, with at least the components whose bits ({@code UsageComponent} ordinals) are set in
   * {@code components}; other counts may be left out.
   */
  Usage read(long components);
}
