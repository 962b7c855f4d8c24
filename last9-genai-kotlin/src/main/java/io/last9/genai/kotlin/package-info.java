/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * Kotlin coroutine forms of the last9-genai scopes: {@code conversation}, {@code workflow}, {@code
 * agent}, {@code withAttributes} and {@code observe} are suspend functions that open the Java scope
 * and carry its OpenTelemetry {@code Context} as a coroutine context element, so the scope follows
 * the coroutine across threads, {@code withContext}, {@code async}, {@code launch} and {@code Flow}
 * collection, and leaves nothing current on any thread when it ends.
 */
package io.last9.genai.kotlin;
