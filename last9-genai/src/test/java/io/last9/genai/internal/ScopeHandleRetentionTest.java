/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.context.Context;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.Test;

/** A leaked scope retains no more than a leaked OpenTelemetry scope does. */
class ScopeHandleRetentionTest {

  @Test
  void aScopeHandleKeepsNoLinkToTheScopesAroundIt() {
    // a leaked scope must retain no more than a leaked OpenTelemetry scope: no field may point at
    // another handle
    // or at a context (the OpenTelemetry scope it wraps already holds the two contexts it restores)
    for (Field f : io.last9.genai.internal.ScopeHandle.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers())) {
        continue;
      }
      assertThat(f.getType())
          .as(f.getName())
          .isNotEqualTo(io.last9.genai.internal.ScopeHandle.class)
          .isNotEqualTo(Context.class)
          .isNotEqualTo(ScopeState.class);
    }
  }
}
