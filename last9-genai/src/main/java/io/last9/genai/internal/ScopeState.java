package io.last9.genai.internal;

import io.last9.genai.GenAiAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The merged state of every last9-genai scope that is open in a {@link Context}: one immutable value under one
 * {@link ContextKey}, so that it travels wherever the OpenTelemetry context travels.
 *
 * <p>The attributes it stamps on spans are built once, when the scope opens, so {@code onStart} only copies a
 * prebuilt {@link Attributes}.
 */
public final class ScopeState {

  static final ContextKey<ScopeState> KEY = ContextKey.named("last9-genai-scope-state");

  /** Interned custom attribute keys: a bounded set, since custom keys are code constants in practice. */
  private static final int MAX_INTERNED_CUSTOM_KEYS = 1024;

  private static final Map<String, AttributeKey<String>> CUSTOM_KEYS = new ConcurrentHashMap<>();

  static final ScopeState EMPTY = new Builder().build();

  final String conversationId;
  final String userId;
  final long explicitTurn;
  final TurnSlot turnSlot;
  final String workflowId;
  final String workflowType;
  final WorkflowTotals workflowTotals;
  final String agentName;
  final String agentId;
  final String agentDescription;
  final String agentVersion;
  final Map<String, String> custom;
  final boolean baggage;
  final Attributes stamp;

  private ScopeState(Builder b) {
    this.conversationId = b.conversationId;
    this.userId = b.userId;
    this.explicitTurn = b.explicitTurn;
    this.turnSlot = b.turnSlot;
    this.workflowId = b.workflowId;
    this.workflowType = b.workflowType;
    this.workflowTotals = b.workflowTotals;
    this.agentName = b.agentName;
    this.agentId = b.agentId;
    this.agentDescription = b.agentDescription;
    this.agentVersion = b.agentVersion;
    this.custom = Collections.unmodifiableMap(new LinkedHashMap<>(b.custom));
    this.baggage = b.baggage;
    this.stamp = buildStamp();
  }

  /** A copy that only differs by its turn slot: shares the prebuilt stamp (the automatic turn is not in it). */
  private ScopeState(ScopeState s, TurnSlot turnSlot) {
    this.conversationId = s.conversationId;
    this.userId = s.userId;
    this.explicitTurn = s.explicitTurn;
    this.turnSlot = turnSlot;
    this.workflowId = s.workflowId;
    this.workflowType = s.workflowType;
    this.workflowTotals = s.workflowTotals;
    this.agentName = s.agentName;
    this.agentId = s.agentId;
    this.agentDescription = s.agentDescription;
    this.agentVersion = s.agentVersion;
    this.custom = s.custom;
    this.baggage = s.baggage;
    this.stamp = s.stamp;
  }

  /**
   * This state with a turn slot: what every observed call in a conversation derives, so it copies 14 references
   * instead of rebuilding the custom map and the stamp through {@link #toBuilder()} (about 1 KB per call).
   */
  public ScopeState withTurnSlot(TurnSlot slot) {
    return new ScopeState(this, slot);
  }

  /** The state in {@code context}, or {@code null} when no scope is open there. */
  public static ScopeState fromContext(Context context) {
    return context.get(KEY);
  }

  /** The state of the current context, never {@code null}. */
  public static ScopeState current() {
    ScopeState s = Context.current().get(KEY);
    return s == null ? EMPTY : s;
  }

  /** A builder pre-filled with this state. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.conversationId = conversationId;
    b.userId = userId;
    b.explicitTurn = explicitTurn;
    b.turnSlot = turnSlot;
    b.workflowId = workflowId;
    b.workflowType = workflowType;
    b.workflowTotals = workflowTotals;
    b.agentName = agentName;
    b.agentId = agentId;
    b.agentDescription = agentDescription;
    b.agentVersion = agentVersion;
    b.custom.putAll(custom);
    b.baggage = baggage;
    return b;
  }

  /** Returns {@code context} with this state stored in it. */
  public Context storeIn(Context context) {
    return context.with(KEY, this);
  }

  /** True when a conversation is open and its turn is not fixed by the caller or an enclosing operation. */
  public boolean needsAutomaticTurn() {
    return conversationId != null && explicitTurn == 0 && turnSlot == null;
  }

  public String conversationId() {
    return conversationId;
  }

  public String userId() {
    return userId;
  }

  public long explicitTurn() {
    return explicitTurn;
  }

  public TurnSlot turnSlot() {
    return turnSlot;
  }

  public String workflowId() {
    return workflowId;
  }

  public String workflowType() {
    return workflowType;
  }

  public WorkflowTotals workflowTotals() {
    return workflowTotals;
  }

  public String agentName() {
    return agentName;
  }

  public String agentId() {
    return agentId;
  }

  public String agentDescription() {
    return agentDescription;
  }

  public String agentVersion() {
    return agentVersion;
  }

  public Map<String, String> custom() {
    return custom;
  }

  /** True when this state's ids are also carried to other services as W3C Baggage. */
  public boolean propagatesAsBaggage() {
    return baggage;
  }

  /**
   * Makes this state current-ready: stores it in {@code context}, and its ids in the Baggage when it propagates
   * as Baggage.
   */
  public Context storeWithBaggage(Context context) {
    Context c = context.with(KEY, this);
    return baggage ? BaggageBridge.write(c, this) : c;
  }

  /** The attributes stamped on every span started in this state (the automatic turn excepted). */
  public Attributes stamp() {
    return stamp;
  }

  private Attributes buildStamp() {
    AttributesBuilder a = Attributes.builder();
    // custom first, so that a custom key can never shadow a typed one
    for (Map.Entry<String, String> e : custom.entrySet()) {
      a.put(customKey(e.getKey()), e.getValue());
    }
    putIfSet(a, GenAiAttributes.CONVERSATION_ID, conversationId);
    if (explicitTurn > 0) {
      a.put(GenAiAttributes.CONVERSATION_TURN, explicitTurn);
    }
    putIfSet(a, GenAiAttributes.USER_ID, userId);
    putIfSet(a, GenAiAttributes.WORKFLOW_ID, workflowId);
    putIfSet(a, GenAiAttributes.WORKFLOW_TYPE, workflowType);
    putIfSet(a, GenAiAttributes.AGENT_NAME, agentName);
    putIfSet(a, GenAiAttributes.AGENT_ID, agentId);
    putIfSet(a, GenAiAttributes.AGENT_DESCRIPTION, agentDescription);
    putIfSet(a, GenAiAttributes.AGENT_VERSION, agentVersion);
    return a.build();
  }

  private static void putIfSet(AttributesBuilder a, AttributeKey<String> key, String value) {
    if (value != null) {
      a.put(key, value);
    }
  }

  /** The {@code custom.<key>} attribute key, interned for the common case of a few constant keys. */
  public static AttributeKey<String> customKey(String key) {
    AttributeKey<String> k = CUSTOM_KEYS.get(key);
    if (k != null) {
      return k;
    }
    k = AttributeKey.stringKey(GenAiAttributes.CUSTOM_PREFIX + key);
    if (CUSTOM_KEYS.size() < MAX_INTERNED_CUSTOM_KEYS) {
      CUSTOM_KEYS.putIfAbsent(key, k);
    }
    return k;
  }

  /** Mutable builder; every scope derives its state from the enclosing one through it. */
  public static final class Builder {
    String conversationId;
    String userId;
    long explicitTurn;
    TurnSlot turnSlot;
    String workflowId;
    String workflowType;
    WorkflowTotals workflowTotals;
    String agentName;
    String agentId;
    String agentDescription;
    String agentVersion;
    final Map<String, String> custom = new LinkedHashMap<>();
    boolean baggage;

    /** Carries the ids to other services as W3C Baggage, from this scope inwards. */
    public Builder propagateAsBaggage(boolean on) {
      this.baggage = baggage || on;
      return this;
    }

    public Builder conversation(String id, String user, long turn) {
      boolean sameConversation = id.equals(conversationId);
      this.conversationId = id;
      if (user != null) {
        this.userId = user;
      } else if (!sameConversation) {
        this.userId = null;
      }
      if (turn > 0) {
        this.explicitTurn = turn;
        this.turnSlot = null;
      } else if (!sameConversation) {
        this.explicitTurn = 0;
        this.turnSlot = null;
      }
      return this;
    }

    public Builder turnSlot(TurnSlot slot) {
      this.turnSlot = slot;
      return this;
    }

    public Builder workflow(String id, String type, String user, WorkflowTotals totals) {
      if (type != null || !id.equals(workflowId)) {
        this.workflowType = type;
      }
      this.workflowId = id;
      if (user != null) {
        this.userId = user;
      }
      this.workflowTotals = totals;
      return this;
    }

    public Builder agent(String name, String id, String description, String version) {
      boolean sameAgent = name.equals(agentName);
      this.agentName = name;
      this.agentId = id != null || !sameAgent ? id : agentId;
      this.agentDescription = description != null || !sameAgent ? description : agentDescription;
      this.agentVersion = version != null || !sameAgent ? version : agentVersion;
      return this;
    }

    public Builder custom(Map<String, String> attributes) {
      this.custom.putAll(attributes);
      return this;
    }

    public ScopeState build() {
      return new ScopeState(this);
    }
  }
}
