/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent.internal;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;

/**
 * last9-genai's conversation sampler inside the agent, reading the application's scopes: the parent
 * context's mirrored application state (see {@link AgentMirrors}) is put where the sampler looks
 * for its own, so a whole conversation is kept or dropped whoever starts its spans.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
final class MirroringSampler implements Sampler {

  private final Sampler delegate;

  MirroringSampler(Sampler delegate) {
    this.delegate = delegate;
  }

  @Override
  public SamplingResult shouldSample(
      Context parentContext,
      String traceId,
      String name,
      SpanKind spanKind,
      Attributes attributes,
      List<LinkData> parentLinks) {
    return delegate.shouldSample(
        AgentMirrors.resolveOrParent(parentContext),
        traceId,
        name,
        spanKind,
        attributes,
        parentLinks);
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
