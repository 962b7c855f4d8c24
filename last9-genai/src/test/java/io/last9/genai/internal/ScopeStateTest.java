/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

import static io.last9.genai.GenAiAttributes.AGENT_NAME;
import static io.last9.genai.GenAiAttributes.CONVERSATION_ID;
import static io.last9.genai.GenAiAttributes.CONVERSATION_TURN;
import static io.last9.genai.GenAiAttributes.USER_ID;
import static io.last9.genai.GenAiAttributes.WORKFLOW_ID;
import static io.last9.genai.GenAiAttributes.WORKFLOW_TYPE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The merged state of the scopes open in a context, derived scope by scope: ids and their stamp,
 * the user id rules, the bounded merge of custom attributes, the automatic turn's slot, Baggage
 * propagation, and the inbound request a conversation binds.
 */
class ScopeStateTest {

  private static ScopeState conversation(ScopeState outer, String id, String userId) {
    return ScopeState.conversation(outer, id, userId, 0, false, Map.of(), false);
  }

  private static ScopeState workflow(ScopeState outer, String id) {
    return ScopeState.workflow(outer, id, "rag", null, new WorkflowTotals(null), Map.of(), false);
  }

  private static ScopeState agent(ScopeState outer) {
    return ScopeState.agent(outer, "planner", "a-1", "plans", "1.0", Map.of());
  }

  /** {@code n} custom attributes {@code prefix0..prefix(n-1)}, in that order. */
  private static Map<String, String> custom(String prefix, int n) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      m.put(prefix + i, "v" + i);
    }
    return m;
  }

  @Test
  void outsideEveryScopeTheStateIsEmptyAndNeverNull() {
    try (Scope s = Context.root().makeCurrent()) {
      assertThat(ScopeState.fromContext(Context.current())).isNull();
      ScopeState empty = ScopeState.current();
      assertThat(empty.conversationId()).isNull();
      assertThat(empty.conversationSamplingValue()).isEqualTo(-1);
      assertThat(empty.needsAutomaticTurn()).isFalse();
      assertThat(empty.stamp().isEmpty()).isTrue();
      assertThat(empty.custom()).isEmpty();
    }
  }

  @Test
  void aStateTravelsInTheContextItIsStoredIn() {
    ScopeState state = conversation(null, "conv", "u");
    Context context = state.storeIn(Context.root());
    assertThat(ScopeState.fromContext(context)).isSameAs(state);
    try (Scope s = context.makeCurrent()) {
      assertThat(ScopeState.current()).isSameAs(state);
    }
  }

  @Test
  void theStampCarriesEveryIdOfTheEnclosingScopes() {
    ScopeState c =
        ScopeState.conversation(null, "conv", "u-1", 4, false, Map.of("tenant", "acme"), false);
    ScopeState a = agent(workflow(c, "wf"));
    Attributes stamp = a.stamp();
    assertThat(stamp.get(CONVERSATION_ID)).isEqualTo("conv");
    assertThat(stamp.get(CONVERSATION_TURN)).isEqualTo(4);
    assertThat(stamp.get(USER_ID)).isEqualTo("u-1");
    assertThat(stamp.get(WORKFLOW_ID)).isEqualTo("wf");
    assertThat(stamp.get(WORKFLOW_TYPE)).isEqualTo("rag");
    assertThat(stamp.get(AGENT_NAME)).isEqualTo("planner");
    assertThat(stamp.get(ScopeState.customKey("tenant"))).isEqualTo("acme");
    assertThat(a.agentId()).isEqualTo("a-1");
    assertThat(a.agentDescription()).isEqualTo("plans");
    assertThat(a.agentVersion()).isEqualTo("1.0");
    assertThat(a.conversationSamplingValue()).isEqualTo(ConversationHash.value("conv"));
    assertThat(conversation(null, "conv", null).stamp().get(CONVERSATION_TURN))
        .as("an automatic turn is not in the stamp")
        .isNull();
  }

  @Test
  void theUserIdOfAConversationOrWorkflowWinsAndAnotherConversationWithoutOneClearsIt() {
    ScopeState c = conversation(null, "conv", "alice");
    assertThat(conversation(c, "conv", null).userId()).as("same conversation").isEqualTo("alice");
    assertThat(conversation(c, "conv", "bob").userId()).isEqualTo("bob");
    assertThat(conversation(c, "other", null).userId()).as("another conversation").isNull();
    assertThat(workflow(c, "wf").userId()).isEqualTo("alice");
    assertThat(ScopeState.workflow(c, "wf", null, "carol", null, Map.of(), false).userId())
        .isEqualTo("carol");
    assertThat(agent(c).userId()).isEqualTo("alice");
    assertThat(ScopeState.custom(c, Map.of("k", "v")).userId()).isEqualTo("alice");
  }

  @Test
  void customAttributesMergeKeyByKeyTheInnerValueWinning() {
    ScopeState outer =
        ScopeState.conversation(
            null, "conv", null, 0, false, Map.of("tenant", "acme", "tier", "free"), false);
    ScopeState inner = ScopeState.custom(outer, Map.of("tier", "paid", "region", "eu"));
    assertThat(inner.custom())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("tenant", "acme", "tier", "paid", "region", "eu"));
    assertThat(outer.custom()).containsEntry("tier", "free");
    assertThatThrownBy(() -> inner.custom().put("x", "y"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(ScopeState.custom(inner, Map.of()).custom()).isSameAs(inner.custom());
  }

  @Test
  void customAttributesAreBoundedAcrossEnclosingScopesButAKnownKeyMayChange() {
    ScopeState full = ScopeState.custom(null, custom("outer", ScopeState.MAX_CUSTOM_ATTRIBUTES));
    Map<String, String> inner = new LinkedHashMap<>();
    inner.put("outer0", "changed");
    inner.put("new", "dropped");
    ScopeState s = ScopeState.custom(full, inner);
    assertThat(s.custom()).hasSize(ScopeState.MAX_CUSTOM_ATTRIBUTES);
    assertThat(s.custom()).containsEntry("outer0", "changed").doesNotContainKey("new");
    assertThat(s.stamp().asMap().keySet().stream().filter(k -> k.getKey().startsWith("custom.")))
        .hasSize(ScopeState.MAX_CUSTOM_ATTRIBUTES);

    ScopeState many = ScopeState.custom(null, custom("k", 200));
    assertThat(many.custom()).hasSize(ScopeState.MAX_CUSTOM_ATTRIBUTES);
  }

  @Test
  void theOutermostOperationInAConversationGetsTheTurnSlotEverythingInsideShares() {
    ScopeState c = conversation(null, "conv", null);
    assertThat(c.needsAutomaticTurn()).isTrue();
    assertThat(c.turnSlot()).isNull();

    ScopeState w = workflow(c, "wf");
    TurnSlot slot = w.turnSlot();
    assertThat(slot).isNotNull();
    assertThat(slot.conversationId()).isEqualTo("conv");
    assertThat(w.needsAutomaticTurn()).isFalse();
    assertThat(agent(w).turnSlot()).isSameAs(slot);
    assertThat(workflow(w, "inner").turnSlot()).isSameAs(slot);
    assertThat(ScopeState.custom(w, Map.of("k", "v")).turnSlot()).isSameAs(slot);
    assertThat(conversation(w, "conv", null).turnSlot())
        .as("the same conversation, opened inside the operation")
        .isSameAs(slot);

    assertThat(workflow(c, "second").turnSlot())
        .as("the next operation: the next turn")
        .isNotSameAs(slot);
    assertThat(workflow(null, "wf").turnSlot()).as("outside every conversation").isNull();
  }

  @Test
  void anExplicitTurnOrAnotherConversationEndsTheInheritedSlot() {
    ScopeState w = workflow(conversation(null, "conv", null), "wf");
    ScopeState explicit = ScopeState.conversation(w, "conv", null, 7, false, Map.of(), false);
    assertThat(explicit.turnSlot()).isNull();
    assertThat(explicit.explicitTurn()).isEqualTo(7);
    assertThat(explicit.needsAutomaticTurn()).isFalse();
    assertThat(agent(explicit).turnSlot()).as("an explicit turn needs no slot").isNull();

    ScopeState other = conversation(w, "other", null);
    assertThat(other.turnSlot()).isNull();
    assertThat(other.needsAutomaticTurn()).isTrue();
    assertThat(workflow(other, "wf2").turnSlot().conversationId()).isEqualTo("other");
  }

  @Test
  void aConversationDeclaredOneTurnIsItsOwnOperation() {
    ScopeState single = ScopeState.conversation(null, "conv", null, 0, true, Map.of(), false);
    TurnSlot slot = single.turnSlot();
    assertThat(slot).isNotNull();
    assertThat(slot.conversationId()).isEqualTo("conv");
    assertThat(workflow(single, "wf").turnSlot()).isSameAs(slot);
    assertThat(ScopeState.conversation(null, "conv", null, 3, true, Map.of(), false).turnSlot())
        .as("its turn is explicit")
        .isNull();
  }

  @Test
  void aCopyWithATurnSlotSharesEverythingElse() {
    ScopeState c = ScopeState.conversation(null, "conv", "u", 0, false, Map.of("k", "v"), false);
    TurnSlot slot = new TurnSlot("conv");
    ScopeState copy = c.withTurnSlot(slot);
    assertThat(copy.turnSlot()).isSameAs(slot);
    assertThat(copy.stamp()).isSameAs(c.stamp());
    assertThat(copy.custom()).isSameAs(c.custom());
    assertThat(copy.userId()).isEqualTo("u");
    assertThat(copy.needsAutomaticTurn()).isFalse();
  }

  @Test
  void baggagePropagationOnceAskedForHoldsForEveryScopeInside() {
    ScopeState c = ScopeState.conversation(null, "conv", "u", 2, false, Map.of(), true);
    ScopeState inside =
        ScopeState.custom(
            agent(ScopeState.workflow(c, "wf", "rag", null, null, Map.of(), false)),
            Map.of("k", "v"));
    assertThat(inside.propagatesAsBaggage()).isTrue();
    assertThat(conversation(null, "conv", "u").propagatesAsBaggage()).isFalse();

    Baggage written = Baggage.fromContext(inside.storeWithBaggage(Context.root()));
    assertThat(written.getEntryValue(CONVERSATION_ID.getKey())).isEqualTo("conv");
    assertThat(written.getEntryValue(USER_ID.getKey())).isEqualTo("u");
    assertThat(written.getEntryValue(WORKFLOW_ID.getKey())).isEqualTo("wf");
    assertThat(written.getEntryValue(CONVERSATION_TURN.getKey())).isEqualTo("2");
    Context quiet = conversation(null, "conv", "u").storeWithBaggage(Context.root());
    assertThat(Baggage.fromContext(quiet).isEmpty()).isTrue();
    assertThat(ScopeState.fromContext(quiet).conversationId()).isEqualTo("conv");
  }

  @Test
  void theFirstConversationOutsideEveryOtherBindsTheRequest() {
    RequestFrame frame = new RequestFrame("request-user");
    ScopeState request = ScopeState.request(frame);
    assertThat(request.isRequestOnly()).isTrue();
    assertThat(request.requestFrame()).isSameAs(frame);

    ScopeState first = conversation(request, "conv", null);
    assertThat(first.isRequestOnly()).isFalse();
    assertThat(first.requestFrame()).isSameAs(frame);
    assertThat(first.userId()).as("the request's user").isEqualTo("request-user");
    TurnSlot requestTurn = first.turnSlot();
    assertThat(requestTurn).isNotNull().isSameAs(frame.binding().slot());
    assertThat(first.needsAutomaticTurn()).as("the request is the turn").isFalse();

    ScopeState again = conversation(workflow(request, "wf"), "conv", "own-user");
    assertThat(again.turnSlot()).as("a later scope of it, the same turn").isSameAs(requestTurn);
    assertThat(again.userId()).isEqualTo("own-user");

    ScopeState other = conversation(request, "other", null);
    assertThat(other.turnSlot()).as("another conversation does not bind it").isNull();
    assertThat(other.userId()).isNull();
    assertThat(other.needsAutomaticTurn()).isTrue();
  }

  @Test
  void customKeysAreInternedUpToABound() {
    assertThat(ScopeState.customKey("tenant").getKey()).isEqualTo("custom.tenant");
    assertThat(ScopeState.customKey("tenant")).isSameAs(ScopeState.customKey("tenant"));
    String bulky = "k".repeat(129);
    assertThat(ScopeState.customKey(bulky)).isEqualTo(ScopeState.customKey(bulky));
    assertThat(ScopeState.customKey(bulky))
        .as("a key too long to intern is made each time")
        .isNotSameAs(ScopeState.customKey(bulky));
  }
}
