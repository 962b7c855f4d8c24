/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.explorer.internal.web;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Who may talk to the explorer. Bound to loopback, any local client may, but only under a local
 * host name: a web page elsewhere that points its own name at 127.0.0.1 (DNS rebinding) gets a 403.
 * With a token (required when bound elsewhere) every request must carry it: {@code Authorization:
 * Bearer <token>} (what an OTLP exporter sends with {@code OTEL_EXPORTER_OTLP_HEADERS}), or a
 * cookie that {@code ?token=} sets once in a browser. Internal, not for public use.
 */
public final class AccessFilter extends Filter {

  private static final String COOKIE = "l9_explorer_token";
  private static final Set<String> LOCAL_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  private final boolean loopbackOnly;
  private final byte[] token;

  /**
   * @param loopbackOnly true when bound to a loopback address: requests must name a local host
   * @param token the token every request must carry, or {@code null} for none
   */
  public AccessFilter(boolean loopbackOnly, String token) {
    this.loopbackOnly = loopbackOnly;
    this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    if (loopbackOnly && !localHost(exchange.getRequestHeaders().getFirst("Host"))) {
      deny(exchange, 403, "this explorer answers only requests to localhost");
      return;
    }
    if (token != null) {
      String bearer = exchange.getRequestHeaders().getFirst("Authorization");
      boolean ok =
          bearer != null
              && bearer.regionMatches(true, 0, "Bearer ", 0, 7)
              && matches(bearer.substring(7).strip());
      ok = ok || matches(cookie(exchange.getRequestHeaders().get("Cookie")));
      if (!ok) {
        String given = queryToken(exchange.getRequestURI().getRawQuery());
        if (given != null && matches(given) && "GET".equals(exchange.getRequestMethod())) {
          // once in a browser: remember it in a cookie, and drop it from the address bar
          exchange
              .getResponseHeaders()
              .add("Set-Cookie", COOKIE + "=" + given + "; Path=/; HttpOnly; SameSite=Strict");
          exchange.getResponseHeaders().set("Location", exchange.getRequestURI().getRawPath());
          exchange.sendResponseHeaders(303, -1);
          exchange.close();
          return;
        }
        deny(exchange, 401, "a token is required: Authorization: Bearer <token>, or ?token=");
        return;
      }
    }
    chain.doFilter(exchange);
  }

  private boolean matches(String candidate) {
    return candidate != null
        && MessageDigest.isEqual(token, candidate.getBytes(StandardCharsets.UTF_8));
  }

  private static boolean localHost(String host) {
    if (host == null) {
      return false;
    }
    String h = host.strip().toLowerCase(Locale.ROOT);
    if (h.startsWith("[")) {
      int end = h.indexOf(']');
      h = end < 0 ? h : h.substring(0, end + 1);
    } else if (h.indexOf(':') >= 0) {
      h = h.substring(0, h.indexOf(':'));
    }
    return LOCAL_HOSTS.contains(h);
  }

  private static String cookie(List<String> headers) {
    if (headers == null) {
      return null;
    }
    for (String header : headers) {
      for (String part : header.split(";")) {
        String p = part.strip();
        if (p.startsWith(COOKIE + "=")) {
          return p.substring(COOKIE.length() + 1);
        }
      }
    }
    return null;
  }

  private static String queryToken(String rawQuery) {
    if (rawQuery == null) {
      return null;
    }
    for (String pair : rawQuery.split("&")) {
      if (pair.startsWith("token=")) {
        return java.net.URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private static void deny(HttpExchange exchange, int status, String message) throws IOException {
    byte[] body = message.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  @Override
  public String description() {
    return "last9-genai-explorer access";
  }
}
