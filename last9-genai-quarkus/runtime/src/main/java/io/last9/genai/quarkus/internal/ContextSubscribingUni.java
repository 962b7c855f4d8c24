/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.quarkus.internal;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.AbstractUni;
import io.smallrye.mutiny.subscription.UniSubscriber;

/**
 * A {@link Uni} subscribed to its upstream with a captured context current, as {@link
 * ContextSubscribingMulti} does for streams.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
final class ContextSubscribingUni<T> extends AbstractUni<T> {

  private final Uni<T> upstream;
  private final Context context;

  ContextSubscribingUni(Uni<T> upstream, Context context) {
    this.upstream = upstream;
    this.context = context;
  }

  @Override
  public void subscribe(UniSubscriber<? super T> subscriber) {
    try (Scope ignored = context.makeCurrent()) {
      AbstractUni.subscribe(upstream, subscriber);
    }
  }
}
