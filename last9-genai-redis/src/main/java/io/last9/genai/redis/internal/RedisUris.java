/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.redis.internal;

import io.lettuce.core.RedisURI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Parses the Redis URI setting, and shows it in messages without its password. A Redis URI may
 * carry a password in its user-info or its query, and Lettuce's own parse errors quote the whole
 * text, so a failure here never passes Lettuce's message or exception on: it says what is wrong in
 * its own words and shows the URI {@link #redact redacted}.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class RedisUris {

  /** The syntax, for error messages. */
  public static final String EXPECTED =
      "redis://[user:password@]host[:port][/database], rediss://... for TLS or"
          + " redis-sentinel://[user:password@]host[:port][,host[:port]...][/database]#master";

  private static final String MASK = "******";
  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]{0,31}");

  private RedisUris() {}

  /**
   * Parses {@code text} as Lettuce does, and also rejects a port that is not a number (which
   * Lettuce takes as part of the host name, so that every connection would fail).
   *
   * @param name what to call the setting in a message: a property or the builder's method
   * @throws IllegalArgumentException naming {@code name}, without the password and without a cause
   */
  public static RedisURI parse(String text, String name) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
    String trimmed = text.trim();
    RedisURI uri;
    try {
      uri = RedisURI.create(trimmed);
    } catch (RuntimeException e) {
      throw invalid(name, trimmed, reason(trimmed, e));
    }
    String port = badPort(uri);
    if (port != null) {
      throw invalid(
          name, trimmed, uri.getHost().startsWith(":") ? "no host" : "the port is not a number");
    }
    return uri;
  }

  /** Checks a {@link RedisURI} built in code as {@link #parse} checks one from text. */
  public static RedisURI check(RedisURI uri, String name) {
    if (badPort(uri) != null) {
      throw new IllegalArgumentException(
          name + " has a host with a port that is not a number: " + describe(uri));
    }
    return uri;
  }

  /**
   * {@code text} with every place a password can be replaced by {@code ******}: the password of the
   * user-info (all of it when it has no user name), and the query and fragment. Returns {@code
   * ******} alone when {@code text} does not even start with a scheme, since a password could then
   * be anywhere in it.
   */
  public static String redact(String text) {
    if (text == null) {
      return null;
    }
    String trimmed = text.trim();
    int schemeEnd = trimmed.indexOf("://");
    if (schemeEnd <= 0 || !SCHEME.matcher(trimmed.substring(0, schemeEnd)).matches()) {
      return MASK;
    }
    StringBuilder shown = new StringBuilder(trimmed.length()).append(trimmed, 0, schemeEnd + 3);
    String rest = trimmed.substring(schemeEnd + 3);
    // the last '@': a password may contain '@', a host cannot
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      String userInfo = rest.substring(0, at);
      int colon = userInfo.indexOf(':');
      // without a ':', Lettuce takes the whole user-info as the password
      if (colon > 0) {
        shown.append(userInfo, 0, colon + 1);
      }
      shown.append(MASK).append('@');
      rest = rest.substring(at + 1);
    }
    int query = indexOfAny(rest, '?', '#');
    if (query >= 0) {
      shown.append(rest, 0, query + 1).append(MASK);
    } else {
      shown.append(rest);
    }
    return shown.toString();
  }

  /** Where {@code uri} points, for messages and logs: never its credentials. */
  public static String describe(RedisURI uri) {
    if (!uri.getSentinels().isEmpty()) {
      return "Sentinel master "
          + uri.getSentinelMasterId()
          + " via "
          + uri.getSentinels().stream()
              .map(s -> s.getHost() + ":" + s.getPort())
              .collect(Collectors.joining(","));
    }
    if (uri.getSocket() != null) {
      return uri.getSocket();
    }
    return uri.getHost() + ":" + uri.getPort();
  }

  private static IllegalArgumentException invalid(String name, String text, String reason) {
    return new IllegalArgumentException(
        name + " is not a Redis URI (" + reason + "): " + redact(text) + "; expected " + EXPECTED);
  }

  /** Lettuce's failure in words that cannot contain the text (its messages quote it). */
  private static String reason(String text, RuntimeException e) {
    int schemeEnd = text.indexOf("://");
    if (schemeEnd <= 0) {
      return "no scheme";
    }
    if (e.getCause() instanceof URISyntaxException syntax) {
      // the reason without the input, e.g. "Illegal character in authority"
      return syntax.getReason() + " at character " + syntax.getIndex();
    }
    if (e instanceof NumberFormatException) {
      return "the database or a port is not a number";
    }
    String scheme = text.substring(0, schemeEnd);
    if (!scheme.startsWith("redis")) {
      return "the scheme is not redis, rediss or redis-sentinel";
    }
    String message = String.valueOf(e.getMessage());
    if (message.startsWith("Port out of range")) {
      return "the port is out of range";
    }
    if (message.startsWith("Host must not be empty")) {
      return "no host";
    }
    if (message.startsWith("Cannot parse port")) {
      return "a port is not a number";
    }
    return "it does not parse";
  }

  /** The host's trailing {@code :<something>} Lettuce kept in the host name, or null. */
  private static String badPort(RedisURI uri) {
    String host = uri.getHost();
    if (host == null) {
      return null;
    }
    String afterLiteral = host;
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      afterLiteral = close < 0 ? "" : host.substring(close + 1);
    }
    int colon = afterLiteral.indexOf(':');
    return colon < 0 ? null : afterLiteral.substring(colon + 1);
  }

  private static int indexOfAny(String s, char a, char b) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == a || c == b) {
        return i;
      }
    }
    return -1;
  }
}
