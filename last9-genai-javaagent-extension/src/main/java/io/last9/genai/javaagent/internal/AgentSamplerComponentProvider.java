/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent.internal;

import io.last9.genai.internal.setup.ConversationSamplerProvider;
import io.last9.genai.internal.setup.SamplerComponentProvider;
import io.opentelemetry.api.incubator.config.DeclarativeConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.internal.ComponentProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.logging.Logger;

/**
 * The {@code last9_conversation} sampler of a file-configured agent: the library's conversation
 * sampler, deciding by the application's scopes as under property configuration. One the file
 * describes wrongly is replaced by {@code parentbased_always_on}, with one error, as a wrong
 * sampler property is.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
@SuppressWarnings("rawtypes")
public final class AgentSamplerComponentProvider implements ComponentProvider {

  private static final Logger logger =
      Logger.getLogger(AgentSamplerComponentProvider.class.getName());

  @Override
  public Class<Sampler> getType() {
    return Sampler.class;
  }

  @Override
  public String getName() {
    // the name as a constant: nothing that can fail to link runs before create's guard
    return ConversationSamplerProvider.NAME;
  }

  @Override
  public Sampler create(DeclarativeConfigProperties config) {
    try {
      return new MirroringSampler(new SamplerComponentProvider().create(config));
    } catch (Throwable t) {
      return AgentFailures.samplerNotActive(logger, t, "configuration file");
    }
  }
}
