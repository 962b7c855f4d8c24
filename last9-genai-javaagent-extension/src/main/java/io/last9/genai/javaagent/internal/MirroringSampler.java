package io.last9.genai.javaagent.internal;

import io.last9.genai.internal.OnceLogger;
import io.last9.genai.internal.Throwables;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * last9-genai's conversation sampler inside the agent, reading the application's scopes: the parent context's
 * mirrored application state (see {@link AgentMirrors}) is put where the sampler looks for its own, so a whole
 * conversation is kept or dropped whoever starts its spans.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
final class MirroringSampler implements Sampler {

  private static final Logger logger = Logger.getLogger(MirroringSampler.class.getName());

  private final Sampler delegate;

  MirroringSampler(Sampler delegate) {
    this.delegate = delegate;
  }

  @Override
  public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
      Attributes attributes, List<LinkData> parentLinks) {
    Context parent = parentContext;
    try {
      parent = AgentMirrors.resolve(parentContext);
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      OnceLogger.warn(logger, "agent-mirror-sampler", Level.WARNING, "last9-genai could not read the "
          + "application's scopes to sample a span; it is sampled as outside every conversation", t);
    }
    return delegate.shouldSample(parent, traceId, name, spanKind, attributes, parentLinks);
  }

  @Override
  public String getDescription() {
    return delegate.getDescription();
  }

  @Override
  public String toString() {
    return getDescription();
  }
}
