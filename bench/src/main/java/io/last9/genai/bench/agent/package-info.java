/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * A span exporter that discards everything, packaged as a Java agent extension of its own (the
 * build's {@code agent-discard-exporter} jar, never on the benchmarks' class path): it gives the
 * agent's SDK a {@code BatchSpanProcessor} that does no I/O, in both forks of {@code AgentBench}.
 * With {@code otel.traces.exporter=none} the agent's autoconfiguration makes no {@code
 * BatchSpanProcessor} at all, so its queue, which every application that exports pays for, would be
 * missing from both sides.
 */
package io.last9.genai.bench.agent;
