/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.content.internal;

import java.util.List;

/**
 * One message in the conventions' schema: a role, its parts and, for an output message, why the
 * generation finished.
 *
 * <p>Internal, not for public use; it may change at any time.
 */
public final class Message {

  final String role;
  final List<Part> parts;
  final String finishReason;

  private Message(String role, List<Part> parts, String finishReason) {
    this.role = role == null || role.isEmpty() ? "user" : role;
    this.parts = List.copyOf(parts);
    this.finishReason = finishReason;
  }

  /** An input message. */
  public static Message of(String role, List<Part> parts) {
    return new Message(role, parts, null);
  }

  /** An input message of one text part. */
  public static Message text(String role, String content) {
    return new Message(role, List.of(Part.text(content)), null);
  }

  /** An output message; {@code finishReason} defaults to {@code stop} when null. */
  public static Message output(String role, List<Part> parts, String finishReason) {
    return new Message(role, parts, finishReason == null ? "stop" : finishReason);
  }

  /** The role. */
  public String role() {
    return role;
  }

  /** The parts. */
  public List<Part> parts() {
    return parts;
  }
}
