/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import io.last9.genai.observe.ResponseInfo;
import io.last9.genai.observe.UsageExtractor;
import io.last9.genai.pricing.Usage;

/**
 * Reads the usage of the fault-injection suites' {@code Reply}, registered as a service in the test
 * class path as a module registers its own: the extractors are found once, never registered at run
 * time. A fault injected at {@code USAGE_EXTRACTOR} fails it.
 */
public final class ReplyUsageExtractor implements UsageExtractor {

  @Override
  public Class<?> responseType() {
    return FaultInjection.Reply.class;
  }

  @Override
  public ResponseInfo extract(Object response) {
    FaultInjection.inject(FaultInjection.Point.USAGE_EXTRACTOR);
    return ResponseInfo.builder().responseModel("gpt-4o").usage(Usage.of(100, 10)).build();
  }
}
