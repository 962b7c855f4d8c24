/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.observe;

/**
 * Reads model, usage, response id and finish reasons from the object an observed call returned.
 *
 * <p>Extractors are found through {@link java.util.ServiceLoader} (list the class in {@code
 * META-INF/services/io.last9.genai.observe.UsageExtractor}) or registered with {@link
 * UsageExtractors#register(UsageExtractor)}. The extractor for a response class is chosen once per
 * class: the first registered one whose {@link #responseType()} is assignable from it, programmatic
 * registrations first.
 *
 * <p>An extractor that throws, or meets a response it does not understand, degrades to "no
 * attribute" and is reported once; it never reaches the caller.
 */
public interface UsageExtractor {

  /** The response type this extractor reads, subtypes included. */
  Class<?> responseType();

  /** Reads {@code response}; returns {@code null} when there is nothing to read. */
  ResponseInfo extract(Object response);
}
