/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal.setup;

import io.last9.genai.sampling.ConversationSampler;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSamplerProvider;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import java.util.Locale;

/**
 * {@code otel.traces.sampler=last9_conversation}: a {@link ConversationSampler} for autoconfigure
 * and the Java agent.
 *
 * <ul>
 *   <li>{@code otel.last9.genai.sampler.ratio}, else {@code otel.traces.sampler.arg}: the fraction
 *       of conversations kept (default 1.0)
 *   <li>{@code otel.last9.genai.sampler.delegate}: the sampler of spans outside every conversation,
 *       one of {@code parentbased_traceidratio} (default), {@code parentbased_always_on}, {@code
 *       parentbased_always_off}, {@code traceidratio}, {@code always_on}, {@code always_off}
 *   <li>{@code otel.last9.genai.sampler.delegate-ratio}: the delegate's ratio (default: the
 *       conversation ratio)
 *   <li>{@code otel.last9.genai.sampler.baggage}: sample by the conversation id received as W3C
 *       Baggage (default true)
 * </ul>
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
public final class ConversationSamplerProvider implements ConfigurableSamplerProvider {

  /** The value of {@code otel.traces.sampler} that selects this sampler. */
  public static final String NAME = "last9_conversation";

  /** The delegate names {@link #delegate} knows, for messages. */
  public static final String DELEGATES =
      "parentbased_traceidratio, parentbased_always_on, parentbased_always_off, "
          + "traceidratio, always_on or always_off";

  @Override
  public Sampler createSampler(ConfigProperties config) {
    Double traceRatio = config.getDouble("otel.traces.sampler.arg");
    return fromSettings(Settings.of(config), traceRatio != null ? checked(traceRatio) : 1.0);
  }

  /**
   * The sampler {@code sampler.*} describes, keeping {@code defaultRatio} of conversations when
   * {@code sampler.ratio} is unset.
   */
  static Sampler fromSettings(Settings s, double defaultRatio) {
    return fromSettings(s, defaultRatio, null);
  }

  /**
   * As {@link #fromSettings(Settings, double)}, with {@code unnamedDelegate} for spans outside a
   * conversation when {@code sampler.delegate} is unset (a framework's own sampler, say); null
   * means {@code parentbased_traceidratio}.
   */
  public static Sampler fromSettings(Settings s, double defaultRatio, Sampler unnamedDelegate) {
    double ratio = ratio(s, "sampler.ratio", defaultRatio);
    double delegateRatio = ratio(s, "sampler.delegate-ratio", ratio);
    String named = s.string("sampler.delegate");
    Sampler delegateSampler;
    if ((named == null || named.isBlank()) && unnamedDelegate != null) {
      delegateSampler = unnamedDelegate;
    } else {
      String delegate = named == null || named.isBlank() ? "parentbased_traceidratio" : named;
      try {
        delegateSampler = delegate(delegate, delegateRatio);
      } catch (ConfigurationException e) {
        throw s.invalid("sampler.delegate", delegate, "unknown sampler; use " + DELEGATES);
      }
    }
    return ConversationSampler.builder(ratio)
        .delegate(delegateSampler)
        .readBaggage(s.flag("sampler.baggage", true))
        .build();
  }

  /** A ratio setting within [0, 1], or {@code defaultValue} when unset. */
  public static double ratio(Settings s, String name, double defaultValue) {
    Double v = s.number(name);
    if (v == null) {
      return defaultValue;
    }
    if (!(v >= 0.0 && v <= 1.0)) {
      throw s.invalid(name, v, "it must be a ratio within [0, 1]");
    }
    return v;
  }

  private static double checked(double traceRatio) {
    if (!(traceRatio >= 0.0 && traceRatio <= 1.0)) {
      throw new ConfigurationException(
          "otel.traces.sampler.arg must be a ratio within [0, 1], was " + traceRatio);
    }
    return traceRatio;
  }

  /**
   * The delegate sampler named {@code name} (one of {@link #DELEGATES}, any case), {@code ratio}
   * being the ratio of the ratio samplers; the Spring Boot starter reads its own property with it.
   *
   * @throws ConfigurationException for any other name
   */
  public static Sampler delegate(String name, double ratio) {
    switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "parentbased_traceidratio":
        return Sampler.parentBased(Sampler.traceIdRatioBased(ratio));
      case "parentbased_always_on":
        return Sampler.parentBased(Sampler.alwaysOn());
      case "parentbased_always_off":
        return Sampler.parentBased(Sampler.alwaysOff());
      case "traceidratio":
        return Sampler.traceIdRatioBased(ratio);
      case "always_on":
        return Sampler.alwaysOn();
      case "always_off":
        return Sampler.alwaysOff();
      default:
        throw new ConfigurationException(
            "otel.last9.genai.sampler.delegate: unknown sampler '" + name + "'; use " + DELEGATES);
    }
  }

  @Override
  public String getName() {
    return NAME;
  }
}
