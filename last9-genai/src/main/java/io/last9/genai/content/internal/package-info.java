/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */

/**
 * Captured content in the OpenTelemetry GenAI semantic conventions' message schema: the message
 * model, its JSON writer (redaction and the length cap per field), and the processor's rewriting of
 * content attributes. Internal, not for public use; it may change at any time.
 */
package io.last9.genai.content.internal;
