/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent.internal;

import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * How the extension fails: it never stops the agent. What cannot be set up is left out, with one
 * error that says what the agent does instead, whether the agent was configured by properties or by
 * a file; only a JVM error the process cannot go on after is rethrown.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
final class AgentFailures {

  private AgentFailures() {}

  /** Rethrows {@code t} when the JVM cannot go on after it (a stack overflow it can). */
  static void rethrowIfFatal(Throwable t) {
    if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
      throw (VirtualMachineError) t;
    }
  }

  /** The processor could not be set up: the agent runs without it. */
  static void notActive(Logger logger, Throwable t, String source) {
    rethrowIfFatal(t);
    logger.log(
        Level.SEVERE,
        "last9-genai is not active in this agent: "
            + t.getMessage()
            + ". The agent runs without it; fix the "
            + source
            + " and restart.",
        t);
  }

  /** The conversation sampler could not be set up: the sampler the agent uses instead. */
  static Sampler samplerNotActive(Logger logger, Throwable t, String source) {
    rethrowIfFatal(t);
    logger.log(
        Level.SEVERE,
        "last9-genai's conversation sampler is not active: "
            + t.getMessage()
            + ". The agent samples with parentbased_always_on; fix the "
            + source
            + " and restart.",
        t);
    return Sampler.parentBased(Sampler.alwaysOn());
  }
}
