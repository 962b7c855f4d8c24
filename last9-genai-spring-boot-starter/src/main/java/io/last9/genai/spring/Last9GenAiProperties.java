/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;
import org.springframework.core.Ordered;

/**
 * The {@code last9.genai.*} configuration of the starter. Every setting has a default, so an
 * application needs none of them; the core README's settings table lists each one.
 *
 * <p>This class gives IDEs and Boot's configuration metadata their names, types, defaults and
 * descriptions. The settings every set-up shares are read by the library's one settings reader,
 * under the same names as {@code otel.last9.genai.*} elsewhere, so they mean the same in a Spring
 * application as under autoconfigure or the Java agent; the Spring-only ones ({@code web.*}, {@code
 * spring-ai.*}, {@code observe.*}, {@code capture.*}, {@code metrics.*}) are read from here.
 *
 * <pre>{@code
 * last9:
 *   genai:
 *     pricing:
 *       models:
 *         gpt-4o: { input: 2.50, output: 10.00, cache-read: 1.25 }
 *     web:
 *       enabled: true
 *       conversation-id-header: X-Conversation-Id
 * }</pre>
 */
@ConfigurationProperties(prefix = "last9.genai")
public class Last9GenAiProperties {

  /** Whether the starter configures anything at all. */
  private boolean enabled = true;

  /** Former spelling of last9.genai.cost.enabled, honoured for one release. */
  private Boolean costTracking;

  private final Cost cost = new Cost();
  private final Limits limits = new Limits();
  private final Pricing pricing = new Pricing();
  private final Capture capture = new Capture();
  private final Content content = new Content();
  private final Turns turns = new Turns();
  private final Baggage baggage = new Baggage();
  private final Web web = new Web();
  private final Metrics metrics = new Metrics();
  private final SpringAi springAi = new SpringAi();
  private final Observe observe = new Observe();
  private final Sampler sampler = new Sampler();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  /** Former spelling of {@code last9.genai.cost.enabled}. */
  @Deprecated
  @DeprecatedConfigurationProperty(replacement = "last9.genai.cost.enabled")
  public Boolean getCostTracking() {
    return costTracking;
  }

  @Deprecated
  public void setCostTracking(Boolean costTracking) {
    this.costTracking = costTracking;
  }

  public Cost getCost() {
    return cost;
  }

  public Limits getLimits() {
    return limits;
  }

  public Pricing getPricing() {
    return pricing;
  }

  public Capture getCapture() {
    return capture;
  }

  public Content getContent() {
    return content;
  }

  public Turns getTurns() {
    return turns;
  }

  public Baggage getBaggage() {
    return baggage;
  }

  public Web getWeb() {
    return web;
  }

  public Metrics getMetrics() {
    return metrics;
  }

  public SpringAi getSpringAi() {
    return springAi;
  }

  public Observe getObserve() {
    return observe;
  }

  public Sampler getSampler() {
    return sampler;
  }

  /** USD cost. */
  public static class Cost {

    /** Whether LLM spans are priced, workflow totals kept and the cost metric recorded. */
    private boolean enabled = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }

  /** The processor's bounds. */
  public static class Limits {

    /** Spans noted at once between their start and end (a power of two). */
    private int maxOpenSpans = 65_536;

    /** Distinct values the cost metric keeps per provider and workflow type; later: _other. */
    private int maxCostMetricValues = 64;

    /** Longest provider or workflow type value the cost metric keeps. */
    private int maxCostMetricValueLength = 128;

    public int getMaxOpenSpans() {
      return maxOpenSpans;
    }

    public void setMaxOpenSpans(int maxOpenSpans) {
      this.maxOpenSpans = maxOpenSpans;
    }

    public int getMaxCostMetricValues() {
      return maxCostMetricValues;
    }

    public void setMaxCostMetricValues(int maxCostMetricValues) {
      this.maxCostMetricValues = maxCostMetricValues;
    }

    public int getMaxCostMetricValueLength() {
      return maxCostMetricValueLength;
    }

    public void setMaxCostMetricValueLength(int maxCostMetricValueLength) {
      this.maxCostMetricValueLength = maxCostMetricValueLength;
    }
  }

  /** Where prices come from: your entries, then pricing files, then the bundled catalog. */
  public static class Pricing {

    /** Whether the bundled genai-prices catalog is consulted after your entries and files. */
    private boolean bundled = true;

    /**
     * Pricing files in the genai-prices format (Spring resource locations: {@code file:...} or
     * {@code classpath:...}), consulted in order after {@link #models} and before the bundled
     * catalog.
     */
    private List<String> files = new ArrayList<>();

    /**
     * Your prices by model name, in USD per million tokens; they win over files and the catalog.
     */
    private Map<String, ModelPrice> models = new LinkedHashMap<>();

    private final Updates updates = new Updates();

    public boolean isBundled() {
      return bundled;
    }

    public void setBundled(boolean bundled) {
      this.bundled = bundled;
    }

    public List<String> getFiles() {
      return files;
    }

    public void setFiles(List<String> files) {
      this.files = files;
    }

    public Map<String, ModelPrice> getModels() {
      return models;
    }

    public void setModels(Map<String, ModelPrice> models) {
      this.models = models;
    }

    public Updates getUpdates() {
      return updates;
    }
  }

  /**
   * The price updater: it fetches a newer genai-prices data file at start-up and then periodically,
   * in the background, and swaps the catalog when the file is valid and not a downgrade (older
   * data, or fewer models, than the data in force); on any failure the prices in force stay. With
   * {@code pricing.bundled=false} the fetched file is the catalog.
   */
  public static class Updates {

    /**
     * Whether the catalog is kept current from {@link #url} (off by default: it calls out of the
     * process).
     */
    private boolean enabled;

    /**
     * The genai-prices data file ({@code http} or {@code https}). Unset: genai-prices' own
     * published file.
     */
    private String url;

    /** Time between fetches (at least 1 second). */
    private Duration interval = Duration.ofHours(1);

    /** Timeout for connecting and for the whole response. */
    private Duration timeout = Duration.ofSeconds(10);

    /**
     * Whether a fetched file older than the data in force (by its Last-Modified), or lacking some
     * of its models, is installed all the same (off by default: it is refused with a warning).
     */
    private boolean allowDowngrade;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public String getUrl() {
      return url;
    }

    public void setUrl(String url) {
      this.url = url;
    }

    public Duration getInterval() {
      return interval;
    }

    public void setInterval(Duration interval) {
      this.interval = interval;
    }

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }

    public boolean isAllowDowngrade() {
      return allowDowngrade;
    }

    public void setAllowDowngrade(boolean allowDowngrade) {
      this.allowDowngrade = allowDowngrade;
    }
  }

  /** One model's prices, USD per million tokens. */
  public static class ModelPrice {

    /** Input (prompt) tokens. Required. */
    private Double input;

    /** Output (completion) tokens, reasoning included. Required. */
    private Double output;

    /**
     * Cached input tokens read. Unset: the catalog's cache discount for the model applied to your
     * input price, else the input price.
     */
    private Double cacheRead;

    /**
     * Input tokens written to the cache (the 5-minute TTL where a provider has two). Unset: the
     * catalog's cache discount for the model applied to your input price, else the input price.
     */
    private Double cacheWrite;

    /**
     * Input tokens written to the cache with a 1-hour TTL (bound as {@code cache-write-1h}); needs
     * {@link #cacheWrite}. Unset: the 5-minute write price.
     */
    private Double cacheWrite1h;

    public Double getInput() {
      return input;
    }

    public void setInput(Double input) {
      this.input = input;
    }

    public Double getOutput() {
      return output;
    }

    public void setOutput(Double output) {
      this.output = output;
    }

    public Double getCacheRead() {
      return cacheRead;
    }

    public void setCacheRead(Double cacheRead) {
      this.cacheRead = cacheRead;
    }

    public Double getCacheWrite() {
      return cacheWrite;
    }

    public void setCacheWrite(Double cacheWrite) {
      this.cacheWrite = cacheWrite;
    }

    public Double getCacheWrite1h() {
      return cacheWrite1h;
    }

    public void setCacheWrite1h(Double cacheWrite1h) {
      this.cacheWrite1h = cacheWrite1h;
    }
  }

  /** Content capture by observed calls ({@code @ObserveGenAi}, {@code Observation}). */
  public static class Capture {

    /**
     * Whether observed calls record prompts and completions, for the whole JVM. Unset: the
     * library's default (on, unless {@code
     * OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=false}).
     */
    private Boolean enabled;

    public Boolean getEnabled() {
      return enabled;
    }

    public void setEnabled(Boolean enabled) {
      this.enabled = enabled;
    }
  }

  /**
   * What the processor does to the captured content of every span when it ends (whoever wrote it):
   * built-in redaction rules and the content keys the semantic conventions removed.
   */
  public static class Content {

    /**
     * Also write {@code gen_ai.prompt} / {@code gen_ai.completion} and their {@code
     * gen_ai.content.*} events, derived from the current keys, for dashboards built on them.
     */
    private boolean legacyKeys;

    private final Redact redact = new Redact();

    public boolean isLegacyKeys() {
      return legacyKeys;
    }

    public void setLegacyKeys(boolean legacyKeys) {
      this.legacyKeys = legacyKeys;
    }

    public Redact getRedact() {
      return redact;
    }
  }

  /**
   * Built-in redaction rules, each off by default: every match becomes {@code <kind:hash>}, a keyed
   * hash of the value, so the same value still correlates across spans.
   */
  public static class Redact {

    /** Replace e-mail addresses. */
    private boolean emails;

    /** Replace phone numbers. */
    private boolean phoneNumbers;

    /** Replace card numbers that pass the Luhn check. */
    private boolean cardNumbers;

    /** Replace API-key-shaped strings (sk-..., AKIA..., ghp_..., bearer tokens). */
    private boolean apiKeys;

    /**
     * The key of the hash, shared by replicas whose tokens must correlate; unset: a random key per
     * process. Treat it as a secret.
     */
    private String hashKey;

    public boolean isEmails() {
      return emails;
    }

    public void setEmails(boolean emails) {
      this.emails = emails;
    }

    public boolean isPhoneNumbers() {
      return phoneNumbers;
    }

    public void setPhoneNumbers(boolean phoneNumbers) {
      this.phoneNumbers = phoneNumbers;
    }

    public boolean isCardNumbers() {
      return cardNumbers;
    }

    public void setCardNumbers(boolean cardNumbers) {
      this.cardNumbers = cardNumbers;
    }

    public boolean isApiKeys() {
      return apiKeys;
    }

    public void setApiKeys(boolean apiKeys) {
      this.apiKeys = apiKeys;
    }

    public String getHashKey() {
      return hashKey;
    }

    public void setHashKey(String hashKey) {
      this.hashKey = hashKey;
    }
  }

  /**
   * The turn store: the in-memory one with these bounds, or the Redis one when {@code redis.uri} is
   * set (used unless you declare a {@code TurnStore} bean).
   */
  public static class Turns {

    /** Most conversations whose turn counter is kept; the idlest is evicted beyond it. */
    private long maxConversations = 100_000;

    /** A conversation idle this long starts again at turn 1. */
    private Duration idleExpiry = Duration.ofHours(24);

    private final Redis redis = new Redis();

    public Redis getRedis() {
      return redis;
    }

    public long getMaxConversations() {
      return maxConversations;
    }

    public void setMaxConversations(long maxConversations) {
      this.maxConversations = maxConversations;
    }

    public Duration getIdleExpiry() {
      return idleExpiry;
    }

    public void setIdleExpiry(Duration idleExpiry) {
      this.idleExpiry = idleExpiry;
    }
  }

  /**
   * Turns numbered on Redis, shared by every replica that points at the same one ({@code
   * last9-genai-redis} on the class path); see that module's README for how the store behaves when
   * Redis is slow or down.
   */
  public static class Redis {

    /**
     * Where Redis is: {@code redis://[user:password@]host[:port][/database]}, {@code rediss://...}
     * for TLS, {@code redis-sentinel://...} for Sentinel. Unset: the in-memory turn store.
     */
    private String uri;

    /**
     * The user to authenticate as (Redis ACLs), with {@link #password}; unset: the one in the URI,
     * if any.
     */
    private String username;

    /**
     * The password, kept out of the URI (e.g. {@code LAST9_GENAI_TURNS_REDIS_PASSWORD}); unset: the
     * URI's.
     */
    private String password;

    /** The prefix of every key the store writes; one per application sharing a Redis. */
    private String keyPrefix = "l9:turn:";

    /**
     * The longest a turn waits for Redis; past it the turn is numbered in this process and marked
     * fallback.
     */
    private Duration timeout = Duration.ofSeconds(1);

    /**
     * How long a conversation's counter lives after its last turn. Unset: {@code
     * last9.genai.turns.idle-expiry}.
     */
    private Duration idleExpiry;

    /**
     * After 3 failures in a row, how long Redis is skipped before it is asked again (in the
     * background); also the longest wait between reconnection attempts.
     */
    private Duration retryInterval = Duration.ofSeconds(1);

    /**
     * The longest opening a connection may take (the TCP connection and Redis's handshake, each).
     * It happens in the background; a turn that starts while the first connection is being opened
     * waits for it, at most this long.
     */
    private Duration connectTimeout = Duration.ofSeconds(10);

    /**
     * How long start-up waits for the first connection; it goes on at once when Redis refuses the
     * connection. 0: never wait (the first turns still wait for it, up to the connect timeout).
     */
    private Duration awaitConnection = Duration.ofSeconds(1);

    /**
     * Conversations this process remembers the highest turn of, for numbering while Redis is down.
     * Unset: {@code last9.genai.turns.max-conversations}.
     */
    private Long maxLocalConversations;

    public String getUri() {
      return uri;
    }

    public void setUri(String uri) {
      this.uri = uri;
    }

    public String getUsername() {
      return username;
    }

    public void setUsername(String username) {
      this.username = username;
    }

    public String getPassword() {
      return password;
    }

    public void setPassword(String password) {
      this.password = password;
    }

    public String getKeyPrefix() {
      return keyPrefix;
    }

    public void setKeyPrefix(String keyPrefix) {
      this.keyPrefix = keyPrefix;
    }

    public Duration getTimeout() {
      return timeout;
    }

    public void setTimeout(Duration timeout) {
      this.timeout = timeout;
    }

    public Duration getIdleExpiry() {
      return idleExpiry;
    }

    public void setIdleExpiry(Duration idleExpiry) {
      this.idleExpiry = idleExpiry;
    }

    public Duration getRetryInterval() {
      return retryInterval;
    }

    public void setRetryInterval(Duration retryInterval) {
      this.retryInterval = retryInterval;
    }

    public Duration getConnectTimeout() {
      return connectTimeout;
    }

    public void setConnectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
    }

    public Duration getAwaitConnection() {
      return awaitConnection;
    }

    public void setAwaitConnection(Duration awaitConnection) {
      this.awaitConnection = awaitConnection;
    }

    public Long getMaxLocalConversations() {
      return maxLocalConversations;
    }

    public void setMaxLocalConversations(Long maxLocalConversations) {
      this.maxLocalConversations = maxLocalConversations;
    }
  }

  /** Ids received from upstream services as W3C Baggage. */
  public static class Baggage {

    /**
     * Whether spans started outside every local scope are stamped with the ids an upstream service
     * sent as W3C Baggage (off by default: nothing from outside the process is trusted unless you
     * say so).
     */
    private boolean enabled;

    /** Former spelling of last9.genai.baggage.enabled, honoured for one release. */
    private Boolean stamp;

    /**
     * The Baggage entries that may be stamped, among {@code gen_ai.conversation.id}, {@code
     * gen_ai.conversation.turn}, {@code user.id}, {@code workflow.id} and {@code workflow.type}.
     * Default: all but {@code user.id}, which any caller could forge.
     */
    private List<String> keys =
        new ArrayList<>(
            List.of(
                "gen_ai.conversation.id",
                "gen_ai.conversation.turn",
                "workflow.id",
                "workflow.type"));

    public List<String> getKeys() {
      return keys;
    }

    public void setKeys(List<String> keys) {
      this.keys = keys;
    }

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    /** Former spelling of {@code last9.genai.baggage.enabled}. */
    @Deprecated
    @DeprecatedConfigurationProperty(replacement = "last9.genai.baggage.enabled")
    public Boolean getStamp() {
      return stamp;
    }

    @Deprecated
    public void setStamp(Boolean stamp) {
      this.stamp = stamp;
    }
  }

  /** Per-request conversation scopes opened from request headers (servlet and WebFlux). */
  public static class Web {

    /**
     * Whether the conversation and user ids are read from the request headers (off by default:
     * headers come from outside the process).
     */
    private boolean enabled;

    /**
     * Whether a servlet or WebFlux request is one turn of the first conversation opened in it, with
     * its ids on every span of the request: those started before the conversation was named (the
     * server span, the chat client span) and those started after its scope closed (a streamed
     * call's HTTP span).
     */
    private boolean oneTurnPerRequest = true;

    /** The header that carries the conversation id. */
    private String conversationIdHeader = "X-Conversation-Id";

    /** The header that carries the end user's id; empty for none. */
    private String userIdHeader = "X-User-Id";

    /**
     * Longest header value accepted; a longer one is ignored (the request runs without that id).
     */
    private int maxHeaderLength = 128;

    /**
     * The filter's order. The default runs it before Boot's server observation filter and
     * OpenTelemetry's server filter, so the server span carries the ids and the turn too.
     */
    private int order = Ordered.HIGHEST_PRECEDENCE;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public boolean isOneTurnPerRequest() {
      return oneTurnPerRequest;
    }

    public void setOneTurnPerRequest(boolean oneTurnPerRequest) {
      this.oneTurnPerRequest = oneTurnPerRequest;
    }

    public String getConversationIdHeader() {
      return conversationIdHeader;
    }

    public void setConversationIdHeader(String conversationIdHeader) {
      this.conversationIdHeader = conversationIdHeader;
    }

    public String getUserIdHeader() {
      return userIdHeader;
    }

    public void setUserIdHeader(String userIdHeader) {
      this.userIdHeader = userIdHeader;
    }

    public int getMaxHeaderLength() {
      return maxHeaderLength;
    }

    public void setMaxHeaderLength(int maxHeaderLength) {
      this.maxHeaderLength = maxHeaderLength;
    }

    public int getOrder() {
      return order;
    }

    public void setOrder(int order) {
      this.order = order;
    }
  }

  /** The cost metric {@code gen_ai.client.cost}. */
  public static class Metrics {

    /**
     * Most distinct attribute sets (model, provider, span kind, workflow type) recorded on
     * Micrometer; further sets are added to one overflow series whose tags are all {@code
     * _overflow}.
     */
    private int maxSeries = 1_000;

    public int getMaxSeries() {
      return maxSeries;
    }

    public void setMaxSeries(int maxSeries) {
      this.maxSeries = maxSeries;
    }
  }

  /** Spring AI. */
  public static class SpringAi {

    /**
     * Whether a chat client call that names a chat-memory conversation ({@code
     * ChatMemory.CONVERSATION_ID}) runs in a conversation scope of that id, so its spans carry it
     * as {@code gen_ai.conversation.id} and get turns.
     */
    private boolean chatMemoryConversation = true;

    public boolean isChatMemoryConversation() {
      return chatMemoryConversation;
    }

    public void setChatMemoryConversation(boolean chatMemoryConversation) {
      this.chatMemoryConversation = chatMemoryConversation;
    }

    /**
     * Whether Spring AI 1.x's OpenAI chat model asks for a stream's usage ({@code
     * spring.ai.openai.chat.options.stream-usage=true}) unless the application sets that itself, so
     * streamed calls are priced. Off, a stream without usage is marked unpriced ({@code no_usage}).
     * Spring AI 2.0 asks by default itself ({@code spring.ai.openai.chat.stream-options}).
     */
    private boolean streamUsage = true;

    public boolean isStreamUsage() {
      return streamUsage;
    }

    public void setStreamUsage(boolean streamUsage) {
      this.streamUsage = streamUsage;
    }

    /**
     * Whether Spring AI 2.0's streamed OpenAI calls keep the caller's trace context and scopes on
     * their HTTP client span (openai-java sends a streamed request from the common pool, where none
     * is current). The starter gives Spring AI's OpenAI chat model an async client that carries
     * them.
     */
    private boolean streamTraceContext = true;

    /**
     * Whether Spring AI's chat spans get the conversation's content in the semantic conventions'
     * keys ({@code gen_ai.input.messages}, {@code gen_ai.output.messages}, {@code
     * gen_ai.system_instructions}), as the library's other integrations write it. On by default, as
     * in every module of the library (prompts and completions are what an LLM trace is read for);
     * the JVM-wide switch ({@code OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=false}) turns
     * it off too.
     */
    private boolean captureContent = true;

    public boolean isCaptureContent() {
      return captureContent;
    }

    public void setCaptureContent(boolean captureContent) {
      this.captureContent = captureContent;
    }

    public boolean isStreamTraceContext() {
      return streamTraceContext;
    }

    public void setStreamTraceContext(boolean streamTraceContext) {
      this.streamTraceContext = streamTraceContext;
    }
  }

  /** {@code @ObserveGenAi} on Spring beans. */
  public static class Observe {

    /**
     * Whether methods annotated with {@code @ObserveGenAi} are observed (Spring AOP, needs
     * spring-aop/aspectj).
     */
    private boolean enabled = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }

  /**
   * Sampling: whole conversations kept or dropped together, and cost kept complete whatever the
   * sampler drops. It applies to the application's OpenTelemetry {@code Sampler}: the {@code
   * Sampler} bean of Boot's tracing (from {@code management.tracing.sampling.probability}, or your
   * own), or the sampler OpenTelemetry's Spring Boot starter configures ({@code
   * otel.traces.sampler}).
   */
  public static class Sampler {

    /**
     * The fraction of conversations kept, within [0, 1]: every span of a kept conversation is
     * sampled, on every replica. Unset: no conversation sampling.
     */
    private Double ratio;

    /**
     * The sampler of spans outside every conversation when {@link #ratio} is set: one of {@code
     * parentbased_traceidratio}, {@code parentbased_always_on}, {@code parentbased_always_off},
     * {@code traceidratio}, {@code always_on}, {@code always_off}. Unset: the application's
     * sampler.
     */
    private String delegate;

    /** The ratio of a ratio {@link #delegate}, within [0, 1]. Unset: {@link #ratio}. */
    private Double delegateRatio;

    /**
     * Whether a span outside every local conversation is sampled by the conversation id received as
     * Baggage.
     */
    private boolean baggage = true;

    /**
     * Whether LLM spans the sampler drops are still recorded (not exported), so their cost counts
     * in the cost metric and in their workflow's totals.
     */
    private boolean recordDropped = true;

    public Double getRatio() {
      return ratio;
    }

    public void setRatio(Double ratio) {
      this.ratio = ratio;
    }

    public String getDelegate() {
      return delegate;
    }

    public void setDelegate(String delegate) {
      this.delegate = delegate;
    }

    public Double getDelegateRatio() {
      return delegateRatio;
    }

    public void setDelegateRatio(Double delegateRatio) {
      this.delegateRatio = delegateRatio;
    }

    public boolean isBaggage() {
      return baggage;
    }

    public void setBaggage(boolean baggage) {
      this.baggage = baggage;
    }

    public boolean isRecordDropped() {
      return recordDropped;
    }

    public void setRecordDropped(boolean recordDropped) {
      this.recordDropped = recordDropped;
    }
  }
}
