/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The last9-genai Quarkus extension. Adding {@code io.last9:last9-genai-quarkus} to a Quarkus
 * application with {@code quarkus-opentelemetry} puts the {@link io.last9.genai.Last9SpanProcessor}
 * into the SDK Quarkus builds, configured from {@code quarkus.last9.genai.*}; scopes are opened
 * with the core library's API ({@link io.last9.genai.ConversationContext}, {@link
 * io.last9.genai.WorkflowContext}). The extension has no public types of its own.
 */
package io.last9.genai.quarkus;
