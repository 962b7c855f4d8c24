/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal.setup;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Every setting the library reads in every set-up, named without prefix: a set-up reads {@code
 * otel.last9.genai.<name>} (autoconfigure, the Java agent) or {@code last9.genai.<name>} (the
 * Spring Boot starter). Settings only one world has (the starter's web and Spring AI switches) are
 * not listed here; their set-up documents them.
 *
 * <p>A renamed setting keeps its former spellings here for one release, so configurations written
 * for the old name keep working, with a warning.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class SettingNames {

  /** The settings every set-up reads, in the order the documentation lists them. */
  public static final List<String> SHARED =
      List.of(
          "enabled",
          "cost.enabled",
          "pricing.bundled",
          "pricing.files",
          "pricing.models",
          "pricing.updates.enabled",
          "pricing.updates.url",
          "pricing.updates.interval",
          "pricing.updates.timeout",
          "pricing.updates.allow-downgrade",
          "turns.max-conversations",
          "turns.idle-expiry",
          "turns.redis.uri",
          "turns.redis.username",
          "turns.redis.password",
          "turns.redis.key-prefix",
          "turns.redis.timeout",
          "turns.redis.idle-expiry",
          "turns.redis.retry-interval",
          "turns.redis.connect-timeout",
          "turns.redis.await-connection",
          "turns.redis.max-local-conversations",
          "baggage.enabled",
          "baggage.keys",
          "content.legacy-keys",
          "content.redact.emails",
          "content.redact.phone-numbers",
          "content.redact.card-numbers",
          "content.redact.api-keys",
          "content.redact.hash-key",
          "sampler.ratio",
          "sampler.delegate",
          "sampler.delegate-ratio",
          "sampler.baggage",
          "sampler.record-dropped",
          "limits.max-open-spans",
          "limits.max-cost-metric-values",
          "limits.max-cost-metric-value-length");

  /** New name to its former spellings, each honoured for one release. */
  private static final Map<String, List<String>> FORMER =
      Map.of(
          "cost.enabled", List.of("cost-tracking"),
          "baggage.enabled", List.of("baggage.stamp"),
          "sampler.delegate-ratio", List.of("sampler.delegate.arg"));

  private SettingNames() {}

  /** The former spellings of {@code name}, oldest last; empty for a name never renamed. */
  public static List<String> formerSpellings(String name) {
    return FORMER.getOrDefault(name, Collections.emptyList());
  }

  /** Every renamed setting: new name to its former spellings. */
  public static Map<String, List<String>> renamed() {
    return FORMER;
  }
}
