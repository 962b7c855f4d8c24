/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent.internal;

import io.opentelemetry.api.incubator.config.DeclarativeConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.internal.ComponentProvider;
import io.opentelemetry.sdk.logs.LogRecordProcessor;

/**
 * The {@code last9_genai_content} entry of a file-configured agent's {@code logger_provider}: the
 * log half of the GenAI content bridge, which turns the instrumentations' per-message events into
 * content on their spans. Without it a file-configured agent keeps those events as logs only.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
@SuppressWarnings("rawtypes")
public final class AgentContentEventsComponentProvider implements ComponentProvider {

  /** The key that names the bridge's log half in a configuration file. */
  public static final String NAME = "last9_genai_content";

  @Override
  public Class<LogRecordProcessor> getType() {
    return LogRecordProcessor.class;
  }

  @Override
  public String getName() {
    return NAME;
  }

  @Override
  public LogRecordProcessor create(DeclarativeConfigProperties config) {
    return AgentSpanProcessorComponentProvider.CONTENT;
  }
}
