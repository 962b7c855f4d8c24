/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.explorer.internal.store;

import java.util.List;

/**
 * A span and its children, in start order. Internal, not for public use.
 *
 * @param span the span
 * @param children its children
 */
public record SpanNode(SpanRecord span, List<SpanNode> children) {}
