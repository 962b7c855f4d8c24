/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

import io.last9.genai.ConversationContext;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads the conversation and user ids of a request from its headers, for the request filters of
 * every set-up that serves requests (Spring's servlet and WebFlux filters, Quarkus's route filter).
 * Header values come from outside the process: a value that is blank, longer than the configured
 * limit or holds a character {@link ControlCharacters} rejects (a control character, a line or
 * paragraph separator, a bidirectional or other invisible format character, a lone surrogate: the
 * same check as for ids received as Baggage) is ignored (the request runs without that id), and
 * reported once per kind of problem by each filter.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class RequestHeaders {

  private static final Logger logger = Logger.getLogger(RequestHeaders.class.getName());

  /** This instance's own reports: another set-up in the same JVM never silences them. */
  private final OnceLogger warnings = new OnceLogger(logger);

  private final String conversationHeader;
  private final String userHeader;
  private final int maxLength;

  private final String maxLengthProperty;

  /**
   * Headers {@code conversationHeader} and {@code userHeader} (blank: no user header), values at
   * most {@code maxLength} characters long; {@code maxLengthProperty} names that limit's setting as
   * the user writes it, for the warning.
   */
  public RequestHeaders(
      String conversationHeader, String userHeader, int maxLength, String maxLengthProperty) {
    this.conversationHeader = conversationHeader;
    this.userHeader = userHeader == null || userHeader.isBlank() ? null : userHeader;
    this.maxLength = maxLength;
    this.maxLengthProperty = maxLengthProperty;
  }

  public String conversationHeader() {
    return conversationHeader;
  }

  public String userHeader() {
    return userHeader;
  }

  /**
   * The scope builder for a request, or {@code null} when it names no valid conversation. The scope
   * is one turn: a request is one user message, however many LLM calls answer it.
   */
  public ConversationContext.Builder scopeFor(String conversationId, String userId) {
    String id = valid(conversationId, "conversation id");
    if (id == null) {
      return null;
    }
    ConversationContext.Builder b = ConversationContext.builder(id).singleTurn();
    String user = valid(userId, "user id");
    if (user != null) {
      b.userId(user);
    }
    return b;
  }

  /** The user id a request's header names, or null when it names none or an invalid one. */
  public String validUserId(String userId) {
    return valid(userId, "user id");
  }

  /** The value, trimmed, or null when it is absent or must be ignored ({@code what} names it). */
  public String valid(String value, String what) {
    if (value == null) {
      return null;
    }
    String v = value.trim();
    if (v.isEmpty()) {
      return null;
    }
    if (v.length() > maxLength) {
      warnings.warn(
          "header-too-long:" + what,
          Level.WARNING,
          "A request's "
              + what
              + " header is longer than "
              + maxLengthProperty
              + " ("
              + maxLength
              + "); the request runs without it",
          null);
      return null;
    }
    if (ControlCharacters.containsAny(v)) {
      warnings.warn(
          "header-control-chars:" + what,
          Level.WARNING,
          "A request's "
              + what
              + " header holds a control, format or separator character (CR, LF, U+2028, a"
              + " bidirectional control, ...); the request runs without it",
          null);
      return null;
    }
    return v;
  }
}
