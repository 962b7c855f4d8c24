/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.observe.internal;

import io.last9.genai.FaultInjection;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * {@link FaultInjection} under an {@code @ObserveGenAi} method, entered and exited through {@link
 * ObservedMethods} the way the agent's advice and the Spring aspect call it.
 */
class ObservedMethodFaultInjectionTest extends FaultInjection {

  static Stream<Arguments> cases() {
    return casesOf(Entry.OBSERVE_METHOD);
  }
}
