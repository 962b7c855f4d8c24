/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.quarkus.internal;

import io.quarkus.runtime.annotations.ConfigPhase;
import io.quarkus.runtime.annotations.ConfigRoot;
import io.smallrye.config.ConfigMapping;
import java.util.Map;
import java.util.Optional;

/**
 * The names under {@code quarkus.last9.genai}, declared so that Quarkus knows them (and lists them
 * in its configuration reference). The values are read by the core library's own settings reader,
 * which applies the defaults and checks them: every value here is text, and a wrong one fails
 * start-up with a message naming the property, its value and the reason. Each setting has the name,
 * default and meaning {@code otel.last9.genai.<name>} has under the SDK's autoconfigure module.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
@ConfigMapping(prefix = "quarkus.last9.genai")
@ConfigRoot(phase = ConfigPhase.RUN_TIME)
public interface Last9GenAiConfig {

  /** Whether the processor and the rest of the extension run at all (default true). */
  Optional<String> enabled();

  /** Cost tracking. */
  Cost cost();

  /** Prices. */
  Pricing pricing();

  /** Turn numbering. */
  Turns turns();

  /** Ids received as W3C Baggage. */
  Baggage baggage();

  /** Captured content. */
  Content content();

  /** Bounds of the processor's state. */
  Limits limits();

  /** Conversation sampling. */
  Sampler sampler();

  /** HTTP requests as turns. */
  Web web();

  /** quarkus-langchain4j. */
  Langchain4j langchain4j();

  /** Cost tracking. */
  interface Cost {
    /**
     * Price LLM spans, keep workflow totals and record {@code gen_ai.client.cost} (default true).
     */
    Optional<String> enabled();
  }

  /** Prices. */
  interface Pricing {
    /** Use the bundled genai-prices catalog (default true). */
    Optional<String> bundled();

    /**
     * genai-prices files (paths, {@code file:} or {@code classpath:} locations, comma-separated),
     * after your own prices and before the catalog.
     */
    Optional<String> files();

    /**
     * Your own prices by model, USD per million tokens: {@code
     * input/output[/cache-read[/cache-write[/cache-write-1h]]]}, e.g. {@code
     * quarkus.last9.genai.pricing.models.gpt-4o=2.50/10.00}; a name with dots is quoted ({@code
     * models."gpt-4.1"}).
     */
    Map<String, String> models();

    /** Keeping the catalog current. */
    Updates updates();
  }

  /** Price updates fetched in the background. */
  interface Updates {
    /**
     * Fetch a newer genai-prices file at start-up and then every {@code interval} (default false).
     */
    Optional<String> enabled();

    /** Where the file is fetched from (default genai-prices' published {@code data.json}). */
    Optional<String> url();

    /** Time between fetches (default {@code 1h}, at least {@code 1s}). */
    Optional<String> interval();

    /** For connecting and for the whole response (default {@code 10s}). */
    Optional<String> timeout();

    /** Install a fetched file even when it is older or lacks some models (default false). */
    Optional<String> allowDowngrade();
  }

  /** Turn numbering. */
  interface Turns {
    /** Conversations whose turn counter is kept in memory (default 100000). */
    Optional<String> maxConversations();

    /** A conversation idle this long starts again at turn 1 (default {@code 24h}). */
    Optional<String> idleExpiry();

    /** Turns numbered on Redis, with {@code last9-genai-redis}. */
    Redis redis();
  }

  /** The Redis turn store. */
  interface Redis {
    /**
     * {@code redis://[user:password@]host[:port][/db]}, {@code rediss://}, {@code
     * redis-sentinel://}.
     */
    Optional<String> uri();

    /** The user, kept out of the URI. */
    Optional<String> username();

    /** The password, kept out of the URI; never shown in a message. */
    Optional<String> password();

    /** Prefix of every key (default {@code l9:turn:}). */
    Optional<String> keyPrefix();

    /** The longest a turn waits for Redis (default {@code 1s}). */
    Optional<String> timeout();

    /**
     * A conversation's counter expires this long after its last turn (default {@code
     * turns.idle-expiry}).
     */
    Optional<String> idleExpiry();

    /** How long Redis is skipped after 3 failures in a row (default {@code 1s}). */
    Optional<String> retryInterval();

    /** Opening a connection (default {@code 10s}). */
    Optional<String> connectTimeout();

    /** How long start-up waits for the connection (default {@code 1s}). */
    Optional<String> awaitConnection();

    /**
     * Conversations numbered in the process while Redis is down (default {@code
     * turns.max-conversations}).
     */
    Optional<String> maxLocalConversations();
  }

  /** Ids received as W3C Baggage. */
  interface Baggage {
    /**
     * Stamp ids an upstream service sent as Baggage on spans outside every local scope (default
     * false).
     */
    Optional<String> enabled();

    /** Which Baggage entries may be stamped (default all but {@code user.id}). */
    Optional<String> keys();
  }

  /** Captured content. */
  interface Content {
    /**
     * Also write the removed {@code gen_ai.prompt} / {@code gen_ai.completion} keys (default
     * false).
     */
    Optional<String> legacyKeys();

    /** Redaction of the content attributes. */
    Redact redact();
  }

  /** Redaction of the content attributes, each off by default. */
  interface Redact {
    /** E-mail addresses. */
    Optional<String> emails();

    /** Phone numbers. */
    Optional<String> phoneNumbers();

    /** Card numbers (Luhn-checked). */
    Optional<String> cardNumbers();

    /** API keys and bearer tokens. */
    Optional<String> apiKeys();

    /** The HMAC-SHA256 key of the hashes (default a random key per process). */
    Optional<String> hashKey();
  }

  /** Bounds of the processor's state. */
  interface Limits {
    /** Spans noted at once between start and end, a power of two (default 65536). */
    Optional<String> maxOpenSpans();

    /** Distinct providers and workflow types the cost metric keeps (default 64). */
    Optional<String> maxCostMetricValues();

    /** Longest such value kept (default 128). */
    Optional<String> maxCostMetricValueLength();
  }

  /** Conversation sampling: off unless {@code ratio} is set. */
  interface Sampler {
    /**
     * Keep this fraction of conversations whole, within [0, 1] (default: no conversation sampling).
     */
    Optional<String> ratio();

    /**
     * Sampler of spans outside every conversation (default the application's: {@code
     * quarkus.otel.traces.sampler} or its {@code Sampler} bean).
     */
    Optional<String> delegate();

    /** The ratio of a ratio delegate (default the conversation ratio). */
    Optional<String> delegateRatio();

    /** Decide by the conversation id received as W3C Baggage (default true). */
    Optional<String> baggage();

    /** Record the GenAI spans the sampler drops, so their cost still counts (default true). */
    Optional<String> recordDropped();
  }

  /** HTTP requests as turns. */
  interface Web {
    /** A request is one turn of the first conversation opened in it (default true). */
    Optional<String> oneTurnPerRequest();

    /** Open a one-turn conversation per request from the headers below (default false). */
    Optional<String> enabled();

    /** Header with the conversation id (default {@code X-Conversation-Id}). */
    Optional<String> conversationIdHeader();

    /** Header with the user id (default {@code X-User-Id}; empty: none). */
    Optional<String> userIdHeader();

    /**
     * A longer header value, or one with a control or invisible format character, is ignored
     * (default 128).
     */
    Optional<String> maxHeaderLength();

    /**
     * Priority of the route filter; higher runs first (default 10000, before Quarkus's own
     * filters).
     */
    Optional<String> order();
  }

  /** quarkus-langchain4j. */
  interface Langchain4j {
    /**
     * An AI service call's {@code @MemoryId} is its conversation when none is open (default true).
     */
    Optional<String> memoryIdConversation();
  }
}
