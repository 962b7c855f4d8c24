/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * {@link FaultInjection} under the scopes: a conversation, a workflow, an agent scope and
 * propagated attributes, each with a custom attribute whose rendering may throw, around a span made
 * the way an instrumentation makes one.
 */
class ScopeFaultInjectionTest extends FaultInjection {

  static Stream<Arguments> cases() {
    return casesOf(Entry.CONVERSATION, Entry.WORKFLOW, Entry.AGENT, Entry.PROPAGATED_ATTRIBUTES);
  }
}
