/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent.internal.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.bridge.Payload;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import org.junit.jupiter.api.Test;

/**
 * A mirror carries the innermost payload of each kind, without reading them, and keeps carrying
 * them in every context derived from it.
 */
class MirrorContextTest {

  private static final ContextKey<String> KEY = ContextKey.named("k");

  @Test
  void anInnerStateReplacesTheEnclosingOneAndAnObservedCallStaysBesideIt() {
    Object[] outerState = Payload.create("scope-state", 1);
    Object[] call = Payload.create("observed-call", 1);
    Object[] innerState = Payload.create("scope-state", 1);

    Object[] first = MirrorContext.add(null, outerState);
    Object[] second = MirrorContext.add(first, call);
    Object[] third = MirrorContext.add(second, innerState);

    assertThat(first).containsExactly((Object) outerState);
    assertThat(second).containsExactly(outerState, call);
    assertThat(third).containsExactly(innerState, call);
    assertThat(second)
        .as("an enclosing mirror's payloads never change")
        .containsExactly(outerState, call);
  }

  @Test
  void everyContextDerivedFromAMirrorCarriesItsPayloads() {
    Object[] payloads = MirrorContext.add(null, Payload.create("scope-state", 0));
    MirrorContext mirror = new MirrorContext(Context.root(), payloads);

    Context derived = mirror.with(KEY, "v");

    assertThat(derived).isInstanceOf(MirrorContext.class);
    assertThat(derived.get(KEY)).isEqualTo("v");
    MirrorContext m = (MirrorContext) derived;
    assertThat(m.apply(MirrorContext.MARKER_SLOT)).isEqualTo(MirrorContext.MARKER);
    assertThat(m.apply(MirrorContext.PAYLOADS_SLOT)).isSameAs(payloads);
    assertThat(m.apply(42)).isNull();
    assertThat(mirror.get(KEY)).as("the mirror itself is unchanged").isNull();
  }
}
