/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.content;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Built-in redaction rules, each off until enabled: e-mail addresses, phone numbers, card numbers
 * (only digit runs that pass the Luhn check) and API-key-shaped strings ({@code sk-...}, {@code
 * AKIA...}, {@code ghp_...} and the other GitHub token prefixes, the token of a {@code Bearer ...}
 * header). Each match is replaced by a keyed hash of the value, such as {@code <email:3f2a9c1b>}:
 * the same value gives the same token on every span, so it still correlates (the same customer
 * across a conversation) without being readable.
 *
 * <p>The hash is the first 32 bits of HMAC-SHA256 under a key: a random key made once per rules
 * instance by default (tokens then correlate within one process only), or the key you configure
 * ({@link Builder#hashKey(String)}), so tokens correlate across replicas and restarts. Without the
 * key a token cannot be reversed by hashing guesses.
 *
 * <pre>{@code
 * RedactionRules rules = RedactionRules.builder().emails(true).cardNumbers(true).build();
 * GenAiObservation.llm("chat").redactor(rules).wrap(this::chat);
 * }</pre>
 *
 * <p>Immutable and thread-safe. The processor applies the rules its set-up enables ({@code
 * otel.last9.genai.content.redact.*}) to the content attributes of every span, whoever wrote them;
 * give the same rules to an integration's {@code redactor(...)} to also cover exception messages
 * and to run them before the length cap.
 */
public final class RedactionRules implements ContentRedactor {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final boolean emails;
  private final boolean phoneNumbers;
  private final boolean cardNumbers;
  private final boolean apiKeys;

  /** The key given to the builder, or null for a random one. */
  private final byte[] key;

  /**
   * Made on the first token: the JCE provider and a seeded random source cost a cold JVM tens of
   * milliseconds, which rules that are never used (or all off) should not.
   */
  private volatile Mac prototype;

  private final Object lock = new Object();

  private RedactionRules(Builder b) {
    this.emails = b.emails;
    this.phoneNumbers = b.phoneNumbers;
    this.cardNumbers = b.cardNumbers;
    this.apiKeys = b.apiKeys;
    this.key = b.key == null ? null : b.key.clone();
  }

  private Mac prototype() {
    Mac mac = prototype;
    if (mac != null) {
      return mac;
    }
    synchronized (lock) {
      if (prototype == null) {
        byte[] k = key;
        if (k == null) {
          k = new byte[32];
          new SecureRandom().nextBytes(k);
        }
        try {
          Mac m = Mac.getInstance("HmacSHA256");
          m.init(new SecretKeySpec(k, "HmacSHA256"));
          prototype = m;
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
        }
      }
      return prototype;
    }
  }

  /** A builder with every rule off. */
  public static Builder builder() {
    return new Builder();
  }

  /** True when no rule is enabled (then {@link #apply} returns its argument). */
  public boolean isEmpty() {
    return !(emails || phoneNumbers || cardNumbers || apiKeys);
  }

  @Override
  public String redact(ContentField field, String value) {
    return apply(value);
  }

  /** {@code text} with every match of the enabled rules replaced by its token. */
  public String apply(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String t = text;
    if (apiKeys) {
      t = replace(Patterns.API_KEY, t, "api_key", false);
      if (containsIgnoreCase(t, "bearer")) {
        t = replaceBearer(t);
      }
    }
    boolean digits = cardNumbers || phoneNumbers ? hasDigit(t) : false;
    if (cardNumbers && digits) {
      t = replace(Patterns.CARD, t, "card", true);
    }
    if (emails && t.indexOf('@') >= 0) {
      t = replace(Patterns.EMAIL, t, "email", false);
    }
    if (phoneNumbers && digits) {
      t = replacePhones(t);
    }
    return t;
  }

  private String replace(Pattern p, String text, String label, boolean luhn) {
    Matcher m = p.matcher(text);
    StringBuilder out = null;
    int last = 0;
    while (m.find()) {
      String match = m.group();
      String hashed;
      if (luhn) {
        String d = digitsOf(match);
        if (d.length() < 13 || d.length() > 19 || !luhnValid(d)) {
          continue;
        }
        hashed = d;
      } else {
        hashed = label.equals("email") ? match.toLowerCase(Locale.ROOT) : match;
      }
      if (out == null) {
        out = new StringBuilder(text.length());
      }
      out.append(text, last, m.start()).append(token(label, hashed));
      last = m.end();
    }
    if (out == null) {
      return text;
    }
    return out.append(text, last, text.length()).toString();
  }

  private String replaceBearer(String text) {
    Matcher m = Patterns.BEARER.matcher(text);
    StringBuilder out = null;
    int last = 0;
    while (m.find()) {
      if (m.group(2).startsWith("<")) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length());
      }
      out.append(text, last, m.start(2)).append(token("api_key", m.group(2)));
      last = m.end();
    }
    return out == null ? text : out.append(text, last, text.length()).toString();
  }

  private String replacePhones(String text) {
    Matcher m = Patterns.PHONE.matcher(text);
    StringBuilder out = null;
    int last = 0;
    while (m.find()) {
      String match = m.group();
      String d = digitsOf(match);
      // a leading + marks an international number; without it, at least 9 digits (a date such as
      // 2024-01-15 has 8, a local number without its area code is not told from other numbers)
      boolean international = match.charAt(0) == '+';
      if (d.length() > 15 || d.length() < (international ? 7 : 9)) {
        continue;
      }
      if (out == null) {
        out = new StringBuilder(text.length());
      }
      out.append(text, last, m.start()).append(token("phone", d));
      last = m.end();
    }
    return out == null ? text : out.append(text, last, text.length()).toString();
  }

  /** {@code <label:8 hex digits>}: the first 32 bits of the keyed hash of {@code value}. */
  String token(String label, String value) {
    Mac mac;
    try {
      mac = (Mac) prototype().clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException(e);
    }
    byte[] h = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
    StringBuilder sb = new StringBuilder(label.length() + 11).append('<').append(label).append(':');
    for (int i = 0; i < 4; i++) {
      sb.append(HEX[(h[i] >> 4) & 0xf]).append(HEX[h[i] & 0xf]);
    }
    return sb.append('>').toString();
  }

  static boolean luhnValid(String digits) {
    int sum = 0;
    boolean doubleIt = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (doubleIt) {
        d *= 2;
        if (d > 9) {
          d -= 9;
        }
      }
      sum += d;
      doubleIt = !doubleIt;
    }
    return sum % 10 == 0;
  }

  private static String digitsOf(String s) {
    StringBuilder sb = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  private static boolean hasDigit(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        return true;
      }
    }
    return false;
  }

  private static boolean containsIgnoreCase(String s, String word) {
    for (int i = 0; i + word.length() <= s.length(); i++) {
      if (s.regionMatches(true, i, word, 0, word.length())) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return "RedactionRules{emails="
        + emails
        + ", phoneNumbers="
        + phoneNumbers
        + ", cardNumbers="
        + cardNumbers
        + ", apiKeys="
        + apiKeys
        + '}';
  }

  /** Builder for {@link RedactionRules}; every rule is off until enabled. */
  public static final class Builder {
    private boolean emails;
    private boolean phoneNumbers;
    private boolean cardNumbers;
    private boolean apiKeys;
    private byte[] key;

    private Builder() {}

    /** Replaces e-mail addresses ({@code <email:...>}, hashed lower-cased). */
    public Builder emails(boolean enabled) {
      this.emails = enabled;
      return this;
    }

    /**
     * Replaces phone numbers ({@code <phone:...>}, hashed as digits): a run of digit groups with 9
     * to 15 digits, or 7 to 15 after a {@code +}.
     */
    public Builder phoneNumbers(boolean enabled) {
      this.phoneNumbers = enabled;
      return this;
    }

    /**
     * Replaces card numbers ({@code <card:...>}, hashed as digits): 13 to 19 digits, single spaces
     * or dashes between them allowed, that pass the Luhn check.
     */
    public Builder cardNumbers(boolean enabled) {
      this.cardNumbers = enabled;
      return this;
    }

    /**
     * Replaces API-key-shaped strings ({@code <api_key:...>}): {@code sk-...} (OpenAI, Anthropic),
     * {@code AKIA...}/{@code ASIA...} (AWS access key ids), {@code ghp_}, {@code gho_}, {@code
     * ghu_}, {@code ghs_}, {@code ghr_} and {@code github_pat_} tokens, and the token after {@code
     * Bearer}.
     */
    public Builder apiKeys(boolean enabled) {
      this.apiKeys = enabled;
      return this;
    }

    /**
     * The key of the hash (UTF-8 bytes of {@code key}), shared by replicas whose tokens must
     * correlate; default: a random key per instance. Treat it as a secret.
     */
    public Builder hashKey(String key) {
      if (key == null || key.isEmpty()) {
        throw new IllegalArgumentException("hashKey must not be empty");
      }
      this.key = key.getBytes(StandardCharsets.UTF_8);
      return this;
    }

    /** Builds the rules. */
    public RedactionRules build() {
      return new RedactionRules(this);
    }
  }

  /** The patterns, compiled when rules first redact (not when rules are built, or all off). */
  private static final class Patterns {
    static final Pattern API_KEY =
        Pattern.compile(
            "(?<![A-Za-z0-9_-])(?:sk-[A-Za-z0-9_-]{16,}|AKIA[0-9A-Z]{16}|ASIA[0-9A-Z]{16}"
                + "|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})(?![A-Za-z0-9_-])");
    static final Pattern BEARER = Pattern.compile("(?i)(\\bbearer\\s+)([A-Za-z0-9._~+/-]{8,}=*)");
    static final Pattern CARD = Pattern.compile("(?<![0-9])(?:[0-9][ -]?){12,18}[0-9](?![0-9])");
    static final Pattern EMAIL =
        Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
    static final Pattern PHONE =
        Pattern.compile(
            "(?<![\\w+])(?:\\+[0-9]{1,3}[ .-]?)?(?:\\([0-9]{1,4}\\)[ .-]?)?[0-9]{2,4}(?:[ .-]?[0-9]{2,4}){1,4}(?![\\w])");
  }
}
