/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.quarkus.internal;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.AbstractMulti;
import io.smallrye.mutiny.subscription.MultiSubscriber;

/**
 * A {@link Multi} subscribed to its upstream with a captured context current: a stream whose work
 * starts at subscription (a streamed model call) starts inside the scope that made it, even when it
 * is subscribed after that scope closed (by a REST endpoint returning it).
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
final class ContextSubscribingMulti<T> extends AbstractMulti<T> {

  private final Multi<T> upstream;
  private final Context context;

  ContextSubscribingMulti(Multi<T> upstream, Context context) {
    this.upstream = upstream;
    this.context = context;
  }

  @Override
  public void subscribe(MultiSubscriber<? super T> subscriber) {
    try (Scope ignored = context.makeCurrent()) {
      upstream.subscribe().withSubscriber(subscriber);
    }
  }
}
