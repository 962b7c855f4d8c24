/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The Quarkus extension's beans: the processor producer, the configuration adapter, the request
 * filter and the quarkus-langchain4j hooks.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
package io.last9.genai.quarkus.internal;
