/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

/**
 * The attribute reads made on a span: each takes the span's lock, and the processor makes them at
 * the end of every span of the application.
 */
public final class AttributeReads {

  private final List<AttributeKey<?>> keys = new ArrayList<>();

  /** {@code span}, with the key of each {@code getAttribute} call recorded here. */
  public ReadWriteSpan of(ReadWriteSpan span) {
    return (ReadWriteSpan)
        Proxy.newProxyInstance(
            AttributeReads.class.getClassLoader(),
            new Class<?>[] {ReadWriteSpan.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getAttribute")) {
                keys.add((AttributeKey<?>) args[0]);
              }
              try {
                return method.invoke(span, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  /** Forgets the reads so far. */
  public void clear() {
    keys.clear();
  }

  /** The keys read so far, in order. */
  public List<AttributeKey<?>> keys() {
    return List.copyOf(keys);
  }
}
