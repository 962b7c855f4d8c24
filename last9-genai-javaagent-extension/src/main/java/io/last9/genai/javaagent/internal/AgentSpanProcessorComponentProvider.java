/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent.internal;

import io.last9.genai.Last9SpanProcessorBuilder;
import io.last9.genai.content.internal.ContentEventsBridge;
import io.last9.genai.internal.setup.SpanProcessorComponentProvider;
import io.opentelemetry.api.incubator.config.DeclarativeConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.internal.ComponentProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code last9_genai} entry of an agent configured from a file ({@code
 * otel.experimental.config.file}): the processor the file's entry describes, bridged to the
 * application's scopes as under property configuration, after the GenAI content bridge's span half.
 * The file's {@code logger_provider} lists the bridge's log half as {@code last9_genai_content}.
 *
 * <p>A file's entry that cannot be built leaves the agent running without last9-genai, with one
 * error, as a property that cannot be read does.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
@SuppressWarnings("rawtypes")
public final class AgentSpanProcessorComponentProvider implements ComponentProvider {

  private static final Logger logger =
      Logger.getLogger(AgentSpanProcessorComponentProvider.class.getName());

  /**
   * Shared by this entry and the log entry, which the file's reader creates apart; the agent builds
   * one SDK per JVM, so one bridge serves it.
   */
  static final ContentEventsBridge CONTENT = new ContentEventsBridge();

  @Override
  public Class<SpanProcessor> getType() {
    return SpanProcessor.class;
  }

  @Override
  public String getName() {
    return SpanProcessorComponentProvider.NAME;
  }

  @Override
  public SpanProcessor create(DeclarativeConfigProperties config) {
    try {
      Last9SpanProcessorBuilder builder = SpanProcessorComponentProvider.builder(config);
      if (builder == null) {
        logger.log(Level.INFO, "last9-genai is disabled (last9_genai.enabled)");
        return SpanProcessor.composite();
      }
      // the content first: last9-genai's processor redacts it and derives the removed keys from it
      return SpanProcessor.composite(CONTENT, new MirroringSpanProcessor(builder.build()));
    } catch (Throwable t) {
      AgentFailures.notActive(logger, t, "configuration file");
      return SpanProcessor.composite();
    }
  }
}
