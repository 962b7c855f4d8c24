/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent.internal;

import io.last9.genai.internal.setup.ConversationSamplerProvider;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSamplerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.logging.Logger;

/**
 * {@code otel.traces.sampler=last9_conversation} in the agent: the core's conversation sampler
 * (configured as the core documents, {@code otel.last9.genai.sampler.*}), reading the application's
 * scopes. A configuration it rejects is logged and the agent samples with its default, {@code
 * parentbased_always_on}, rather than not starting.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class Last9AgentSamplerProvider implements ConfigurableSamplerProvider {

  private static final Logger logger = Logger.getLogger(Last9AgentSamplerProvider.class.getName());

  @Override
  public Sampler createSampler(ConfigProperties config) {
    try {
      return new MirroringSampler(new ConversationSamplerProvider().createSampler(config));
    } catch (Throwable t) {
      return AgentFailures.samplerNotActive(logger, t, "setting");
    }
  }

  @Override
  public String getName() {
    return ConversationSamplerProvider.NAME;
  }
}
