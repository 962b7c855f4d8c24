/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.bench;

import org.openjdk.jmh.annotations.Threads;

/** M3 at 2 thread(s); the benchmark methods are in {@link ConcurrencyBase}. */
@Threads(2)
public class Concurrency2T extends ConcurrencyBase {}
