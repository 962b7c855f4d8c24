/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.bench;

import org.openjdk.jmh.annotations.Fork;

/** M11 baseline: {@link AgentBench}'s spans in forks under the agent alone. */
@Fork(
    jvmArgsAppend = {
      AgentJars.JAVAAGENT,
      AgentJars.EXTENSIONS_AGENT_ONLY,
      AgentBench.TRACES,
      AgentBench.METRICS,
      AgentBench.LOGS,
      AgentBench.QUIET
    })
public class AgentOnlyBench extends AgentBench {
  @Override
  boolean extensionLoaded() {
    return false;
  }
}
