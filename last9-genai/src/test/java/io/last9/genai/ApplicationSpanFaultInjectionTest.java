/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * {@link FaultInjection} under a span the application starts and ends itself, inside a workflow:
 * besides the application's own exception, only what the SDK passes on from the application's other
 * processors and exporters may reach the caller, as the library does not run that code.
 */
class ApplicationSpanFaultInjectionTest extends FaultInjection {

  static Stream<Arguments> cases() {
    return casesOf(Entry.OWN_SPAN);
  }
}
