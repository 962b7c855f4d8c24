/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.observe;

import io.last9.genai.FaultInjection;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * {@link FaultInjection} under every way of running a {@link GenAiObservation}: {@code call},
 * {@code get}, {@code run}, {@code async} and a wrapped function.
 */
class GenAiObservationFaultInjectionTest extends FaultInjection {

  static Stream<Arguments> cases() {
    return casesOf(
        Entry.OBSERVATION_CALL,
        Entry.OBSERVATION_GET,
        Entry.OBSERVATION_RUN,
        Entry.OBSERVATION_ASYNC,
        Entry.OBSERVATION_WRAP);
  }
}
