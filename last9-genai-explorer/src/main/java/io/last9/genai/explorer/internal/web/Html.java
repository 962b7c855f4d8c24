/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.explorer.internal.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Builds HTML text. Every value from a span goes through {@link #text} (or {@link #param} inside a
 * link), so a prompt holding markup or a {@code javascript:} URL shows as the characters it is;
 * nothing received ever becomes a tag, an attribute name or a link target of its own. Internal, not
 * for public use.
 */
final class Html {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final StringBuilder sb = new StringBuilder(8 * 1024);

  /** Appends trusted markup: a literal of this package, never received data. */
  Html raw(String markup) {
    sb.append(markup);
    return this;
  }

  /** Appends {@code value} as text, escaped for element content and quoted attributes. */
  Html text(Object value) {
    sb.append(escape(value == null ? "" : value.toString()));
    return this;
  }

  static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&':
          out.append("&amp;");
          break;
        case '<':
          out.append("&lt;");
          break;
        case '>':
          out.append("&gt;");
          break;
        case '"':
          out.append("&quot;");
          break;
        case '\'':
          out.append("&#39;");
          break;
        default:
          out.append(c);
      }
    }
    return out.toString();
  }

  /** A value for a URL path segment or query parameter, encoded and then escaped. */
  static String param(String value) {
    return escape(URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20"));
  }

  /** USD with the precision the amount needs: cents above a dollar, more digits below. */
  static String usd(double usd) {
    if (usd == 0) {
      return "$0.00";
    }
    double abs = Math.abs(usd);
    if (abs >= 1) {
      return String.format(Locale.ROOT, "$%,.2f", usd);
    }
    if (abs >= 0.01) {
      return String.format(Locale.ROOT, "$%.4f", usd);
    }
    if (abs >= 0.0001) {
      return String.format(Locale.ROOT, "$%.6f", usd);
    }
    // a fraction of a cent per embedding call: two significant digits, never a rounded $0
    return "$"
        + new java.math.BigDecimal(usd)
            .round(new java.math.MathContext(2))
            .stripTrailingZeros()
            .toPlainString();
  }

  static String time(long epochNanos) {
    return TIME.format(Instant.ofEpochSecond(0, epochNanos));
  }

  static String millis(double ms) {
    if (ms >= 10_000) {
      return String.format(Locale.ROOT, "%.1f s", ms / 1000);
    }
    if (ms >= 10) {
      return String.format(Locale.ROOT, "%,.0f ms", ms);
    }
    return String.format(Locale.ROOT, "%.1f ms", ms);
  }

  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  @Override
  public String toString() {
    return sb.toString();
  }
}
