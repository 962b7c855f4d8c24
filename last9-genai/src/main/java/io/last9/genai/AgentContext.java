/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import io.last9.genai.internal.Checks;
import io.last9.genai.internal.CustomAttributes;
import io.last9.genai.internal.ScopeHandle;
import io.last9.genai.internal.ScopeState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.Map;

/**
 * An agent scope: every span started inside it carries {@code gen_ai.agent.name} and, when given,
 * {@code gen_ai.agent.id}, {@code gen_ai.agent.description} and {@code gen_ai.agent.version}.
 * Inside a conversation with automatic turns, an agent scope is one turn. It opens no span of its
 * own.
 *
 * <pre>{@code
 * try (AgentContext agent = AgentContext.builder("support-bot").version("2.1").start()) {
 *   ...
 * }
 * }</pre>
 */
public final class AgentContext implements Scope {

  private final ScopeHandle handle;

  private AgentContext(Builder b) {
    Context parent = Context.current();
    ScopeState state =
        ScopeState.agent(
            ScopeState.fromContext(parent),
            b.name,
            b.id,
            b.description,
            b.version,
            b.custom.values());
    this.handle = ScopeHandle.open(state.storeWithBaggage(parent), "AgentContext");
  }

  /**
   * Starts building an agent scope.
   *
   * @throws IllegalArgumentException when {@code agentName} is null or blank
   */
  public static Builder builder(String agentName) {
    return new Builder(agentName);
  }

  /** Closes the scope, restoring the enclosing state. */
  @Override
  public void close() {
    handle.close();
  }

  /** Builder for {@link AgentContext}. */
  public static final class Builder {
    private final String name;
    private String id;
    private String description;
    private String version;
    private final CustomAttributes custom = new CustomAttributes();

    private Builder(String name) {
      this.name = Checks.requireId(name, "agentName");
    }

    /** The agent's id. */
    public Builder id(String id) {
      this.id = Checks.requireId(id, "agentId");
      return this;
    }

    /** A human-readable description of the agent. */
    public Builder description(String description) {
      this.description = Checks.requireId(description, "agentDescription");
      return this;
    }

    /** The agent's version. */
    public Builder version(String version) {
      this.version = Checks.requireId(version, "agentVersion");
      return this;
    }

    /** A custom attribute, exported as {@code custom.<key>}. */
    public Builder attribute(String key, Object value) {
      custom.put(key, value);
      return this;
    }

    /** Several custom attributes. */
    public Builder attributes(Map<String, ?> attributes) {
      custom.putAll(attributes);
      return this;
    }

    /** Opens the scope and makes it current; close it with try-with-resources. */
    public AgentContext start() {
      return new AgentContext(this);
    }
  }
}
