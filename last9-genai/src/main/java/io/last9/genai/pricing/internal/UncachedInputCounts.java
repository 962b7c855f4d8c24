/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import io.opentelemetry.sdk.common.InstrumentationScopeInfo;

/**
 * The instrumentations whose {@code gen_ai.usage.input_tokens} counts only the input outside the
 * prompt cache, and that report no cache counts beside it. The conventions count cached input in
 * the input, so a missing cache count usually means the cost billed cached tokens in full (an upper
 * bound). For these the missing tokens are not in the count at all, so the cost is a lower bound.
 *
 * <p>OpenTelemetry's AWS SDK instrumentation (the Java agent's and the library) reports Amazon
 * Bedrock's {@code inputTokens}, which leaves out {@code cacheReadInputTokens} and {@code
 * cacheWriteInputTokens}, and does not report those.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
final class UncachedInputCounts {

  /** The scope name of the agent's and the library's AWS SDK 2 instrumentation. */
  private static final String AWS_SDK_2 = "io.opentelemetry.aws-sdk-2.2";

  private UncachedInputCounts() {}

  /** Whether spans of {@code scope} count only the input outside the prompt cache. */
  static boolean reportedBy(InstrumentationScopeInfo scope) {
    return scope != null && AWS_SDK_2.equals(scope.getName());
  }
}
