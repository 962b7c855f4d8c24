/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import io.last9.genai.internal.CustomAttributes;
import io.last9.genai.internal.ScopeHandle;
import io.last9.genai.internal.ScopeState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.Map;

/**
 * A scope that only propagates custom attributes: every span started inside it carries {@code
 * custom.<key>}. Attributes merge key by key with those of enclosing scopes, the inner value
 * winning.
 *
 * <pre>{@code
 * try (PropagatedAttributes attrs = PropagatedAttributes.builder().put("tenant", "acme").start()) {
 *   ...
 * }
 * }</pre>
 */
public final class PropagatedAttributes implements Scope {

  private final ScopeHandle handle;

  private PropagatedAttributes(Builder b) {
    Context parent = Context.current();
    ScopeState state = ScopeState.custom(ScopeState.fromContext(parent), b.custom.values());
    this.handle = ScopeHandle.open(state.storeWithBaggage(parent), "PropagatedAttributes");
  }

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Closes the scope, restoring the enclosing state. */
  @Override
  public void close() {
    handle.close();
  }

  /** Builder for {@link PropagatedAttributes}. */
  public static final class Builder {
    private final CustomAttributes custom = new CustomAttributes();

    private Builder() {}

    /** One attribute, exported as {@code custom.<key>}. */
    public Builder put(String key, Object value) {
      custom.put(key, value);
      return this;
    }

    /** Several attributes. */
    public Builder putAll(Map<String, ?> attributes) {
      custom.putAll(attributes);
      return this;
    }

    /** Opens the scope and makes it current; close it with try-with-resources. */
    public PropagatedAttributes start() {
      return new PropagatedAttributes(this);
    }
  }
}
