package io.last9.genai.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.Ordered;

/**
 * The {@code last9.genai.*} configuration of the starter. Every setting has a default, so an application needs
 * none of them; the starter's README lists each one.
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

  /** Whether LLM spans are priced, workflow totals kept and the cost metric recorded. */
  private boolean costTracking = true;

  private final Pricing pricing = new Pricing();
  private final Capture capture = new Capture();
  private final Turns turns = new Turns();
  private final Baggage baggage = new Baggage();
  private final Web web = new Web();
  private final Metrics metrics = new Metrics();
  private final SpringAi springAi = new SpringAi();
  private final Observe observe = new Observe();

  public boolean isEnabled() {
    return enabled;
  }

  public void setEnabled(boolean enabled) {
    this.enabled = enabled;
  }

  public boolean isCostTracking() {
    return costTracking;
  }

  public void setCostTracking(boolean costTracking) {
    this.costTracking = costTracking;
  }

  public Pricing getPricing() {
    return pricing;
  }

  public Capture getCapture() {
    return capture;
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

  /** Where prices come from: your entries, then pricing files, then the bundled catalog. */
  public static class Pricing {

    /** Whether the bundled genai-prices catalog is consulted after your entries and files. */
    private boolean bundled = true;

    /**
     * Pricing files in the genai-prices format (Spring resource locations: {@code file:...} or
     * {@code classpath:...}), consulted in order after {@link #models} and before the bundled catalog.
     */
    private List<String> files = new ArrayList<>();

    /** Your prices by model name, in USD per million tokens; they win over files and the catalog. */
    private Map<String, ModelPrice> models = new LinkedHashMap<>();

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
  }

  /** One model's prices, USD per million tokens. */
  public static class ModelPrice {

    /** Input (prompt) tokens. Required. */
    private Double input;

    /** Output (completion) tokens, reasoning included. Required. */
    private Double output;

    /** Cached input tokens read; default: the input price. */
    private Double cacheRead;

    /** Input tokens written to the cache; default: the input price. */
    private Double cacheWrite;

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
  }

  /** Content capture by observed calls ({@code @Observe}, {@code Observation}). */
  public static class Capture {

    /**
     * Whether observed calls record prompts and completions, for the whole JVM. Unset: the library's default (on,
     * unless {@code OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT=false}).
     */
    private Boolean enabled;

    public Boolean getEnabled() {
      return enabled;
    }

    public void setEnabled(Boolean enabled) {
      this.enabled = enabled;
    }
  }

  /** The bounds of the in-memory turn store (used unless you declare a {@code TurnStore} bean). */
  public static class Turns {

    /** Most conversations whose turn counter is kept; the idlest is evicted beyond it. */
    private long maxConversations = 100_000;

    /** A conversation idle this long starts again at turn 1. */
    private Duration idleExpiry = Duration.ofHours(24);

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

  /** Ids received from upstream services as W3C Baggage. */
  public static class Baggage {

    /**
     * Whether spans started outside every local scope are stamped with the ids an upstream service sent as W3C
     * Baggage (off by default: nothing from outside the process is trusted unless you say so).
     */
    private boolean stamp;

    /**
     * The Baggage entries that may be stamped, among {@code gen_ai.conversation.id},
     * {@code gen_ai.conversation.turn}, {@code user.id}, {@code workflow.id} and {@code workflow.type}. Default: all
     * but {@code user.id}, which any caller could forge.
     */
    private List<String> keys = new ArrayList<>(List.of("gen_ai.conversation.id", "gen_ai.conversation.turn",
        "workflow.id", "workflow.type"));

    public List<String> getKeys() {
      return keys;
    }

    public void setKeys(List<String> keys) {
      this.keys = keys;
    }

    public boolean isStamp() {
      return stamp;
    }

    public void setStamp(boolean stamp) {
      this.stamp = stamp;
    }
  }

  /** Per-request conversation scopes opened from request headers (servlet and WebFlux). */
  public static class Web {

    /** Whether the filter is registered (off by default: headers come from outside the process). */
    private boolean enabled;

    /** The header that carries the conversation id. */
    private String conversationIdHeader = "X-Conversation-Id";

    /** The header that carries the end user's id; empty for none. */
    private String userIdHeader = "X-User-Id";

    /** Longest header value accepted; a longer one is ignored (the request runs without that id). */
    private int maxHeaderLength = 128;

    /**
     * The filter's order. The default runs it before Boot's server observation filter and OpenTelemetry's
     * server filter, so the server span carries the ids and the turn too.
     */
    private int order = Ordered.HIGHEST_PRECEDENCE;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
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
     * Most distinct attribute sets (model, provider, span kind, workflow type) recorded on Micrometer; further
     * sets are added to one overflow series whose tags are all {@code _overflow}.
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
     * Whether a chat client call that names a chat-memory conversation ({@code ChatMemory.CONVERSATION_ID}) runs
     * in a conversation scope of that id, so its spans carry it as {@code gen_ai.conversation.id} and get turns.
     */
    private boolean chatMemoryConversation = true;

    public boolean isChatMemoryConversation() {
      return chatMemoryConversation;
    }

    public void setChatMemoryConversation(boolean chatMemoryConversation) {
      this.chatMemoryConversation = chatMemoryConversation;
    }
  }

  /** {@code @Observe} on Spring beans. */
  public static class Observe {

    /** Whether methods annotated with {@code @Observe} are observed (Spring AOP, needs spring-aop/aspectj). */
    private boolean enabled = true;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }
  }
}
