/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.bench;

import org.openjdk.jmh.annotations.Fork;

/** M11 candidate: {@link AgentBench}'s spans in forks under the agent with the extension. */
@Fork(
    jvmArgsAppend = {
      AgentJars.JAVAAGENT,
      AgentJars.EXTENSIONS_WITH_LAST9,
      AgentBench.TRACES,
      AgentBench.METRICS,
      AgentBench.LOGS,
      AgentBench.QUIET
    })
public class AgentLast9Bench extends AgentBench {
  @Override
  boolean extensionLoaded() {
    return true;
  }
}
