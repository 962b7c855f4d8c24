/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.quarkus.internal;

import io.last9.genai.internal.ControlCharacters;
import io.last9.genai.internal.OnceLogger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads the conversation and user ids of a request from its headers. Header values come from
 * outside the process: a value that is blank, longer than {@code web.max-header-length} or holds a
 * character {@link ControlCharacters} rejects (a control character, a line or paragraph separator,
 * a bidirectional or other invisible format character, a lone surrogate: the same check as for ids
 * received as Baggage) is ignored (the request runs without that id), and reported once per kind of
 * problem.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
final class ConversationHeaders {

  private static final Logger logger = Logger.getLogger(ConversationHeaders.class.getName());

  /** This instance's own reports: another application in the same JVM never silences them. */
  private final OnceLogger warnings = new OnceLogger(logger);

  private final String conversationHeader;
  private final String userHeader;
  private final int maxLength;
  private final String maxLengthProperty;

  ConversationHeaders(
      String conversationHeader, String userHeader, int maxLength, String maxLengthProperty) {
    this.conversationHeader = conversationHeader;
    this.userHeader = userHeader == null || userHeader.isBlank() ? null : userHeader;
    this.maxLength = maxLength;
    this.maxLengthProperty = maxLengthProperty;
  }

  String conversationHeader() {
    return conversationHeader;
  }

  String userHeader() {
    return userHeader;
  }

  /** The value, trimmed, or null when it is absent or must be ignored. */
  String valid(String value, String what) {
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
