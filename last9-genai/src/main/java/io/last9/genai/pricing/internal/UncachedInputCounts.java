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
 * <p>Amazon Bedrock's {@code inputTokens} leaves out {@code cacheReadInputTokens} and {@code
 * cacheWriteInputTokens}. Two instrumentations report it as it is, without those: OpenTelemetry's
 * AWS SDK instrumentation (the Java agent's and the library), and Spring AI's Bedrock Converse
 * model, whose spans name their provider {@code bedrock_converse} (a spelling only Spring AI uses).
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
final class UncachedInputCounts {

  /** The scope name of the agent's and the library's AWS SDK 2 instrumentation. */
  private static final String AWS_SDK_2 = "io.opentelemetry.aws-sdk-2.2";

  /** Spring AI's name for Bedrock's Converse API, on its chat spans' provider attribute. */
  private static final String SPRING_AI_BEDROCK = "bedrock_converse";

  private UncachedInputCounts() {}

  /**
   * Whether spans of {@code scope} that name {@code provider} (may be null) count only the input
   * outside the prompt cache.
   */
  static boolean reportedBy(InstrumentationScopeInfo scope, String provider) {
    return SPRING_AI_BEDROCK.equals(provider)
        || (scope != null && AWS_SDK_2.equals(scope.getName()));
  }
}
