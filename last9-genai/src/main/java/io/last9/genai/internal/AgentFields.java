/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

/**
 * The agent part of a scope state.
 *
 * <p>Merge rule, for an agent scope opened inside {@code outer}: the same agent name keeps the
 * outer id, description and version the inner scope does not give; a different name inherits none
 * of them.
 *
 * <p>Internal, not for public use; it may change at any time.
 *
 * @param name the agent name
 * @param id the agent id, or null
 * @param description the agent description, or null
 * @param version the agent version, or null
 */
public record AgentFields(String name, String id, String description, String version) {

  /** The fields of an agent scope opened inside {@code outer}. */
  static AgentFields enter(
      AgentFields outer, String name, String id, String description, String version) {
    if (outer == null || !outer.name.equals(name)) {
      return new AgentFields(name, id, description, version);
    }
    return new AgentFields(
        name,
        id != null ? id : outer.id,
        description != null ? description : outer.description,
        version != null ? version : outer.version);
  }
}
