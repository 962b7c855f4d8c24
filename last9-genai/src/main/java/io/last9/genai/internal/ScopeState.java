/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

import io.last9.genai.GenAiAttributes;
import io.last9.genai.Last9Limits;
import io.last9.genai.bridge.ContextHook;
import io.last9.genai.bridge.Payload;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The merged state of every last9-genai scope open in a {@link Context}: one immutable value under
 * one {@link ContextKey}, so it travels wherever the OpenTelemetry context travels. Each scope
 * derives its state from the enclosing one; the merge rules of each part live with the part ({@link
 * ConversationFields}, {@link WorkflowFields}, {@link AgentFields}); the rules that span parts are
 * here:
 *
 * <ul>
 *   <li>{@code user.id}: a conversation or workflow scope that gives one wins; a conversation scope
 *       with another id and no user id clears it; every other scope inherits it.
 *   <li>Custom attributes merge key by key, the inner value winning, at most {@value
 *       #MAX_CUSTOM_ATTRIBUTES} keys in all (keys past the bound are dropped and reported), so they
 *       can never crowd the library's own keys out of a span's attribute limit.
 *   <li>The automatic turn: an outermost operation inside a conversation (a workflow, an agent
 *       scope, an observed call, a conversation scope declared one turn) gets a {@link TurnSlot};
 *       everything inside it shares that slot's number. An explicit turn, or another conversation,
 *       ends the inherited slot.
 *   <li>W3C Baggage propagation, once asked for, holds for every scope inside.
 *   <li>Inside an inbound request ({@link #request(RequestFrame)}), the first conversation opened
 *       outside every other binds the request: the request is one turn of it, and a scope of it
 *       with no user id takes the request's.
 * </ul>
 *
 * <p>The attributes stamped on spans are built once, when the scope opens, so {@code onStart} only
 * copies a prebuilt {@link Attributes}: the library's keys first, custom ones last.
 *
 * <p>A state also writes itself as a {@link Payload} of JDK types ({@link #toPayload()}) and is
 * made again from one ({@link #fromPayload}), for the copy of the library in the Java agent
 * extension (see {@link io.last9.genai.bridge}). A field of the state that the agent's spans need
 * is added to both, at the end of the payload; nothing else changes.
 *
 * <p>Internal, not for public use; it may change at any time.
 */
public final class ScopeState {

  private static final Logger logger = Logger.getLogger(ScopeState.class.getName());

  /** Owner-less: what goes wrong here is the application's or the JVM's, not one SDK set-up's. */
  private static final OnceLogger warnings = new OnceLogger(logger);

  private static final ContextKey<ScopeState> KEY = LibraryContextKeys.SCOPE_STATE;

  /** The most custom attributes a scope state carries, all enclosing scopes included. */
  public static final int MAX_CUSTOM_ATTRIBUTES = Last9Limits.MAX_CUSTOM_ATTRIBUTES;

  /**
   * Interned custom attribute keys: a bounded set, since custom keys are code constants in
   * practice.
   */
  private static final int MAX_INTERNED_CUSTOM_KEYS = 1024;

  private static final Map<String, AttributeKey<String>> CUSTOM_KEYS = new ConcurrentHashMap<>();

  private static final ScopeState EMPTY =
      new ScopeState(null, null, null, null, Map.of(), null, false, null);

  /** The {@link Payload} kind of a scope state. */
  public static final String PAYLOAD_KIND = "scope-state";

  // The payload's fields, in their order: only ever appended to (see io.last9.genai.bridge).
  private static final int P_CONVERSATION_ID = Payload.FIRST_FIELD; // String
  private static final int P_EXPLICIT_TURN = P_CONVERSATION_ID + 1; // Long, 0 for automatic turns
  private static final int P_USER_ID = P_EXPLICIT_TURN + 1; // String
  private static final int P_TURN_CONVERSATION_ID = P_USER_ID + 1; // String, null without a slot
  private static final int P_TURN_CELL = P_TURN_CONVERSATION_ID + 1; // AtomicLong, shared
  private static final int P_WORKFLOW_ID = P_TURN_CELL + 1; // String
  private static final int P_WORKFLOW_TYPE = P_WORKFLOW_ID + 1; // String
  private static final int P_WORKFLOW_CELLS = P_WORKFLOW_TYPE + 1; // Object[], shared
  private static final int P_AGENT_NAME = P_WORKFLOW_CELLS + 1; // String
  private static final int P_AGENT_ID = P_AGENT_NAME + 1; // String
  private static final int P_AGENT_DESCRIPTION = P_AGENT_ID + 1; // String
  private static final int P_AGENT_VERSION = P_AGENT_DESCRIPTION + 1; // String
  private static final int P_CUSTOM = P_AGENT_VERSION + 1; // Map<String, String>, unmodifiable
  private static final int P_BAGGAGE = P_CUSTOM + 1; // Boolean
  private static final int P_WORKFLOW_CLOSED = P_BAGGAGE + 1; // AtomicBoolean[], shared
  private static final int PAYLOAD_FIELDS = P_WORKFLOW_CLOSED + 1 - Payload.FIRST_FIELD;

  private final ConversationFields conversation;
  private final WorkflowFields workflow;
  private final AgentFields agent;
  private final String userId;
  private final Map<String, String> custom;
  private final TurnSlot turnSlot;
  private final boolean baggage;

  /** The inbound request this state is part of, or null outside one. */
  private final RequestFrame frame;

  private final Attributes stamp;

  private ScopeState(
      ConversationFields conversation,
      WorkflowFields workflow,
      AgentFields agent,
      String userId,
      Map<String, String> custom,
      TurnSlot turnSlot,
      boolean baggage,
      RequestFrame frame) {
    this.conversation = conversation;
    this.workflow = workflow;
    this.agent = agent;
    this.userId = userId;
    this.custom = custom;
    this.turnSlot = turnSlot;
    this.baggage = baggage;
    this.frame = frame;
    this.stamp = buildStamp();
  }

  /**
   * A copy that differs only by its turn slot; shares the prebuilt stamp (the automatic turn is not
   * in it).
   */
  private ScopeState(ScopeState s, TurnSlot turnSlot) {
    this.conversation = s.conversation;
    this.workflow = s.workflow;
    this.agent = s.agent;
    this.userId = s.userId;
    this.custom = s.custom;
    this.turnSlot = turnSlot;
    this.baggage = s.baggage;
    this.frame = s.frame;
    this.stamp = s.stamp;
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

  private static ScopeState orEmpty(ScopeState s) {
    return s == null ? EMPTY : s;
  }

  /**
   * The state at the start of an inbound request, before any scope of it opens: no ids, only the
   * request's {@link RequestFrame}, which every state derived from it carries.
   */
  public static ScopeState request(RequestFrame frame) {
    return new ScopeState(null, null, null, null, Map.of(), null, false, frame);
  }

  /**
   * The state inside a conversation scope opened in {@code outer} (which may be null).
   *
   * <p>The first conversation opened in a request outside every other conversation binds the
   * request (see {@link RequestFrame}): this and every later scope of it in the request share the
   * request's turn and, without a user id of their own, take the request's.
   *
   * @param turn the explicit turn, or 0 for automatic turns
   * @param singleTurn whether the whole scope is one turn
   */
  public static ScopeState conversation(
      ScopeState outer,
      String id,
      String userId,
      long turn,
      boolean singleTurn,
      Map<String, String> custom,
      boolean baggage) {
    ScopeState o = orEmpty(outer);
    RequestFrame.Binding request =
        o.conversation == null && o.frame != null ? o.frame.bind(id, userId, turn) : null;
    if (request != null && turn == 0) {
      turn = request.explicitTurn();
    }
    ConversationFields c = ConversationFields.enter(o.conversation, id, turn);
    boolean same = c.sameConversation(o.conversation);
    String user = userId != null ? userId : same ? o.userId : null;
    TurnSlot slot = turn > 0 || !same ? null : o.turnSlot;
    if (request != null) {
      if (user == null) {
        user = request.userId();
      }
      if (c.explicitTurn() == 0) {
        slot = request.slot();
      }
    }
    if (singleTurn && c.explicitTurn() == 0 && slot == null) {
      slot = new TurnSlot(id);
    }
    return new ScopeState(
        c,
        o.workflow,
        o.agent,
        user,
        mergeCustom(o.custom, custom),
        slot,
        o.baggage || baggage,
        o.frame);
  }

  /** The state inside a workflow scope opened in {@code outer} (which may be null). */
  public static ScopeState workflow(
      ScopeState outer,
      String id,
      String type,
      String userId,
      WorkflowTotals totals,
      Map<String, String> custom,
      boolean baggage) {
    ScopeState o = orEmpty(outer);
    return new ScopeState(
        o.conversation,
        WorkflowFields.enter(o.workflow, id, type, totals),
        o.agent,
        userId != null ? userId : o.userId,
        mergeCustom(o.custom, custom),
        o.operationSlot(),
        o.baggage || baggage,
        o.frame);
  }

  /** The state inside an agent scope opened in {@code outer} (which may be null). */
  public static ScopeState agent(
      ScopeState outer,
      String name,
      String id,
      String description,
      String version,
      Map<String, String> custom) {
    ScopeState o = orEmpty(outer);
    return new ScopeState(
        o.conversation,
        o.workflow,
        AgentFields.enter(o.agent, name, id, description, version),
        o.userId,
        mergeCustom(o.custom, custom),
        o.operationSlot(),
        o.baggage,
        o.frame);
  }

  /** The state inside a scope that only adds custom attributes. */
  public static ScopeState custom(ScopeState outer, Map<String, String> custom) {
    ScopeState o = orEmpty(outer);
    return new ScopeState(
        o.conversation,
        o.workflow,
        o.agent,
        o.userId,
        mergeCustom(o.custom, custom),
        o.turnSlot,
        o.baggage,
        o.frame);
  }

  /**
   * The slot an outermost operation opened in this state numbers its spans with: a new one when the
   * conversation needs an automatic turn, else the inherited one.
   */
  private TurnSlot operationSlot() {
    return needsAutomaticTurn() ? new TurnSlot(conversation.id()) : turnSlot;
  }

  /**
   * This state with a turn slot: what every observed call in a conversation derives, so it copies a
   * few references instead of rebuilding the custom map and the stamp.
   */
  public ScopeState withTurnSlot(TurnSlot slot) {
    return new ScopeState(this, slot);
  }

  /** Returns {@code context} with this state stored in it. */
  public Context storeIn(Context context) {
    return ContextHook.with(context, KEY, this);
  }

  /**
   * Makes this state current-ready: stores it in {@code context}, and its ids in the Baggage when
   * it propagates as Baggage.
   */
  public Context storeWithBaggage(Context context) {
    Context c = ContextHook.with(context, KEY, this);
    return baggage ? BaggageBridge.write(c, this) : c;
  }

  /**
   * This state as a {@link Payload} for the other copy of the library: its ids as strings, its
   * custom attributes as the (unmodifiable) map itself, and its turn slot's number cell and its
   * workflow's cells as they are, so the other copy updates the same counters. The inbound request
   * this state may be part of stays behind: it is a framework's, on this side only.
   */
  public Object[] toPayload() {
    Object[] p = Payload.create(PAYLOAD_KIND, PAYLOAD_FIELDS);
    p[P_CONVERSATION_ID] = conversationId();
    p[P_EXPLICIT_TURN] = explicitTurn();
    p[P_USER_ID] = userId;
    if (turnSlot != null) {
      p[P_TURN_CONVERSATION_ID] = turnSlot.conversationId();
      p[P_TURN_CELL] = turnSlot.cell();
    }
    if (workflow != null) {
      p[P_WORKFLOW_ID] = workflow.id();
      p[P_WORKFLOW_TYPE] = workflow.type();
      if (workflow.totals() != null) {
        p[P_WORKFLOW_CELLS] = workflow.totals().cells();
        p[P_WORKFLOW_CLOSED] = workflow.totals().closedFlags();
      }
    }
    if (agent != null) {
      p[P_AGENT_NAME] = agent.name();
      p[P_AGENT_ID] = agent.id();
      p[P_AGENT_DESCRIPTION] = agent.description();
      p[P_AGENT_VERSION] = agent.version();
    }
    p[P_CUSTOM] = custom;
    p[P_BAGGAGE] = baggage;
    return p;
  }

  /**
   * The state a {@link #toPayload()} payload describes, written by this copy of the library or by
   * another (possibly another build), over the payload's shared cells.
   *
   * @throws RuntimeException when the payload does not follow the layout
   */
  public static ScopeState fromPayload(Object[] p) {
    String conversationId = Payload.field(p, P_CONVERSATION_ID, String.class);
    Long explicitTurn = Payload.field(p, P_EXPLICIT_TURN, Long.class);
    String turnConversationId = Payload.field(p, P_TURN_CONVERSATION_ID, String.class);
    AtomicLong turnCell = Payload.field(p, P_TURN_CELL, AtomicLong.class);
    String workflowId = Payload.field(p, P_WORKFLOW_ID, String.class);
    Object[] workflowCells = Payload.field(p, P_WORKFLOW_CELLS, Object[].class);
    String agentName = Payload.field(p, P_AGENT_NAME, String.class);
    @SuppressWarnings("unchecked")
    Map<String, String> custom = Payload.field(p, P_CUSTOM, Map.class);
    return new ScopeState(
        conversationId == null
            ? null
            : new ConversationFields(conversationId, explicitTurn == null ? 0 : explicitTurn),
        workflowId == null
            ? null
            : new WorkflowFields(
                workflowId,
                Payload.field(p, P_WORKFLOW_TYPE, String.class),
                workflowCells == null
                    ? null
                    : WorkflowTotals.over(
                        workflowCells, Payload.field(p, P_WORKFLOW_CLOSED, AtomicBoolean[].class))),
        agentName == null
            ? null
            : new AgentFields(
                agentName,
                Payload.field(p, P_AGENT_ID, String.class),
                Payload.field(p, P_AGENT_DESCRIPTION, String.class),
                Payload.field(p, P_AGENT_VERSION, String.class)),
        Payload.field(p, P_USER_ID, String.class),
        custom == null ? Map.of() : custom,
        turnConversationId == null || turnCell == null
            ? null
            : new TurnSlot(turnConversationId, turnCell),
        Boolean.TRUE.equals(Payload.field(p, P_BAGGAGE, Boolean.class)),
        null);
  }

  /**
   * True when a conversation is open and its turn is not fixed by the caller or an enclosing
   * operation.
   */
  public boolean needsAutomaticTurn() {
    return conversation != null && conversation.explicitTurn() == 0 && turnSlot == null;
  }

  public String conversationId() {
    return conversation == null ? null : conversation.id();
  }

  /**
   * The {@link ConversationHash} sampling value of the conversation id, computed once per
   * conversation scope; -1 outside every conversation.
   */
  public long conversationSamplingValue() {
    return conversation == null ? -1 : conversation.samplingValue();
  }

  public long explicitTurn() {
    return conversation == null ? 0 : conversation.explicitTurn();
  }

  public String userId() {
    return userId;
  }

  public TurnSlot turnSlot() {
    return turnSlot;
  }

  public String workflowId() {
    return workflow == null ? null : workflow.id();
  }

  public String workflowType() {
    return workflow == null ? null : workflow.type();
  }

  public WorkflowTotals workflowTotals() {
    return workflow == null ? null : workflow.totals();
  }

  public String agentName() {
    return agent == null ? null : agent.name();
  }

  public String agentId() {
    return agent == null ? null : agent.id();
  }

  public String agentDescription() {
    return agent == null ? null : agent.description();
  }

  public String agentVersion() {
    return agent == null ? null : agent.version();
  }

  /** The custom attributes (keys without the {@code custom.} prefix), unmodifiable. */
  public Map<String, String> custom() {
    return custom;
  }

  /** The inbound request this state is part of, or null. */
  public RequestFrame requestFrame() {
    return frame;
  }

  /**
   * True when this state holds nothing but a request's frame: no scope of the library is open in
   * the request (it may be bound to a conversation all the same).
   */
  public boolean isRequestOnly() {
    return frame != null
        && conversation == null
        && workflow == null
        && agent == null
        && userId == null
        && custom.isEmpty();
  }

  /** True when this state's ids are also carried to other services as W3C Baggage. */
  public boolean propagatesAsBaggage() {
    return baggage;
  }

  /** The attributes stamped on every span started in this state (the automatic turn excepted). */
  public Attributes stamp() {
    return stamp;
  }

  private Attributes buildStamp() {
    AttributesBuilder a = Attributes.builder();
    // the library's keys first: the SDK drops keys added past its attribute limit, and these must
    // survive
    if (conversation != null) {
      a.put(GenAiAttributes.CONVERSATION_ID, conversation.id());
      if (conversation.explicitTurn() > 0) {
        a.put(GenAiAttributes.CONVERSATION_TURN, conversation.explicitTurn());
      }
    }
    putIfSet(a, GenAiAttributes.USER_ID, userId);
    if (workflow != null) {
      a.put(GenAiAttributes.WORKFLOW_ID, workflow.id());
      putIfSet(a, GenAiAttributes.WORKFLOW_TYPE, workflow.type());
    }
    if (agent != null) {
      a.put(GenAiAttributes.AGENT_NAME, agent.name());
      putIfSet(a, GenAiAttributes.AGENT_ID, agent.id());
      putIfSet(a, GenAiAttributes.AGENT_DESCRIPTION, agent.description());
      putIfSet(a, GenAiAttributes.AGENT_VERSION, agent.version());
    }
    for (Map.Entry<String, String> e : custom.entrySet()) {
      a.put(customKey(e.getKey()), e.getValue());
    }
    return a.build();
  }

  private static Map<String, String> mergeCustom(
      Map<String, String> outer, Map<String, String> inner) {
    if (inner == null || inner.isEmpty()) {
      return outer;
    }
    Map<String, String> merged = new LinkedHashMap<>(outer);
    int dropped = 0;
    for (Map.Entry<String, String> e : inner.entrySet()) {
      if (merged.size() < MAX_CUSTOM_ATTRIBUTES || merged.containsKey(e.getKey())) {
        merged.put(e.getKey(), e.getValue());
      } else {
        dropped++;
      }
    }
    if (dropped > 0) {
      warnings.warn(
          "custom-attributes-limit",
          Level.WARNING,
          "A scope carries more than "
              + MAX_CUSTOM_ATTRIBUTES
              + " custom attributes (enclosing scopes included); "
              + dropped
              + " were dropped. Put bulky data elsewhere: custom attributes are copied onto every span.",
          null);
    }
    return Collections.unmodifiableMap(merged);
  }

  private static void putIfSet(AttributesBuilder a, AttributeKey<String> key, String value) {
    if (value != null) {
      a.put(key, value);
    }
  }

  /**
   * The {@code custom.<key>} attribute key, interned for the common case of a few constant keys.
   */
  public static AttributeKey<String> customKey(String key) {
    AttributeKey<String> k = CUSTOM_KEYS.get(key);
    if (k != null) {
      return k;
    }
    k = AttributeKey.stringKey(GenAiAttributes.CUSTOM_PREFIX + key);
    if (CUSTOM_KEYS.size() < MAX_INTERNED_CUSTOM_KEYS && key.length() <= 128) {
      CUSTOM_KEYS.putIfAbsent(key, k);
    }
    return k;
  }
}
