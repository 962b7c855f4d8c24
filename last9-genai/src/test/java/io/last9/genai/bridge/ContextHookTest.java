/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.last9.genai.internal.OnceLogger;
import io.last9.genai.internal.ScopeState;
import io.last9.genai.internal.TurnSlot;
import io.last9.genai.internal.WorkflowTotals;
import io.last9.genai.observe.internal.ObservationRun;
import io.last9.genai.pricing.ModelPricing;
import io.last9.genai.pricing.UsageComponent;
import io.last9.genai.pricing.internal.PricingTable;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * The payloads that carry the library's state to the copy of the library in the Java agent
 * extension: JDK types only, read back into the same state over the same shared cells, tolerant of
 * the changes a contract version allows (fields appended, kinds added).
 */
class ContextHookTest {

  private static final OnceLogger warnings = new OnceLogger(Logger.getLogger("test"));

  private static ScopeState everyField() {
    ScopeState conversation =
        ScopeState.conversation(null, "conv-1", "user-1", 0, false, Map.of("tier", "gold"), true);
    ScopeState workflow =
        ScopeState.workflow(
            conversation,
            "wf-1",
            "rag",
            null,
            new WorkflowTotals(null),
            Map.of("step", "2"),
            false);
    return ScopeState.agent(workflow, "planner", "agent-7", "plans trips", "1.2", null);
  }

  @Test
  void aScopeStateComesBackWithEveryFieldAndTheSameStamp() {
    ScopeState original = everyField();

    ScopeState restored =
        ScopeState.fromContext(
            ContextHook.restore(Context.root(), ContextHook.payloadOf(original)));

    assertThat(restored).isNotSameAs(original);
    assertThat(restored.conversationId()).isEqualTo("conv-1");
    assertThat(restored.explicitTurn()).isZero();
    assertThat(restored.userId()).isEqualTo("user-1");
    assertThat(restored.workflowId()).isEqualTo("wf-1");
    assertThat(restored.workflowType()).isEqualTo("rag");
    assertThat(restored.agentName()).isEqualTo("planner");
    assertThat(restored.agentId()).isEqualTo("agent-7");
    assertThat(restored.agentDescription()).isEqualTo("plans trips");
    assertThat(restored.agentVersion()).isEqualTo("1.2");
    assertThat(restored.custom()).containsExactlyEntriesOf(original.custom());
    assertThat(restored.propagatesAsBaggage()).isTrue();
    assertThat(restored.stamp()).isEqualTo(original.stamp());
    assertThat(restored.turnSlot().conversationId()).isEqualTo("conv-1");
  }

  @Test
  void anExplicitTurnComesBack() {
    ScopeState original = ScopeState.conversation(null, "conv-2", null, 5, false, null, false);

    ScopeState restored = ScopeState.fromPayload(original.toPayload());

    assertThat(restored.explicitTurn()).isEqualTo(5);
    assertThat(restored.turnSlot()).isNull();
    assertThat(restored.userId()).isNull();
    assertThat(restored.stamp()).isEqualTo(original.stamp());
  }

  @Test
  void bothCopiesUpdateTheSameCells() {
    ScopeState original = everyField();
    ScopeState restored = ScopeState.fromPayload(original.toPayload());

    restored.workflowTotals().addLlmCall(0.25, 100, 10);
    long drawn = restored.turnSlot().number(conversationId -> 7, warnings);

    assertThat(original.workflowTotals().costUsd()).isCloseTo(0.25, within(1e-12));
    assertThat(original.workflowTotals().llmCalls()).isEqualTo(1);
    assertThat(original.workflowTotals().inputTokens()).isEqualTo(100);
    assertThat(drawn).isEqualTo(7);
    assertThat(original.turnSlot().assigned()).as("drawn once, for both").isEqualTo(7);
    assertThat(original.turnSlot().number(conversationId -> 99, warnings)).isEqualTo(7);
  }

  @Test
  void aNestedWorkflowsTotalsStillReachTheEnclosingOnesThroughThePayload() {
    WorkflowTotals outer = new WorkflowTotals(null);
    WorkflowTotals inner = new WorkflowTotals(outer);
    ScopeState state = ScopeState.workflow(null, "inner", null, null, inner, null, false);

    ScopeState.fromPayload(state.toPayload()).workflowTotals().addToolCall();

    assertThat(inner.toolCalls()).isEqualTo(1);
    assertThat(outer.toolCalls()).isEqualTo(1);
  }

  @Test
  void aWorkflowsClosingReachesTheOtherCopyThroughThePayload() {
    WorkflowTotals outer = new WorkflowTotals(null);
    WorkflowTotals inner = new WorkflowTotals(outer);
    ScopeState state = ScopeState.workflow(null, "inner", null, null, inner, null, false);
    WorkflowTotals mirrored = ScopeState.fromPayload(state.toPayload()).workflowTotals();

    assertThat(mirrored.addToolCall()).as("both open").isFalse();
    outer.close();
    assertThat(mirrored.addLlmCall(0.25, 100, 10)).as("the enclosing one closed").isTrue();
    assertThat(inner.llmCalls()).as("still counted").isEqualTo(1);
  }

  @Test
  void aWorkflowFromAWriterWithoutClosedFlagsNeverReadsAsClosed() {
    WorkflowTotals written = new WorkflowTotals(null);
    Object[] payload =
        ScopeState.workflow(null, "wf", null, null, written, null, false).toPayload();
    // a writer from before the flags: its payload ends with the field before them
    Object[] older = java.util.Arrays.copyOf(payload, payload.length - 1);
    WorkflowTotals mirrored = ScopeState.fromPayload(older).workflowTotals();

    written.close();
    assertThat(mirrored.addLlmCall(0.25, 100, 10)).isFalse();
    assertThat(written.llmCalls()).isEqualTo(1);
  }

  @Test
  void anObservedCallsFrameComesBackWithItsPricesOverTheSameFlags() {
    ModelPricing prices =
        ModelPricing.builder()
            .price(UsageComponent.INPUT_TOKENS, 1.0)
            .price(UsageComponent.OUTPUT_TOKENS, 2.0)
            .price(UsageComponent.CACHE_READ_TOKENS, 0.5)
            .build();
    ObservationRun original =
        ObservationRun.mirror(new AtomicInteger(), PricingTable.of(Map.of("gpt-4o", prices)));

    ObservationRun restored =
        ObservationRun.fromContext(
            ContextHook.restore(Context.root(), ContextHook.payloadOf(original)));
    restored.markInstrumentedChild();

    assertThat(restored).isNotSameAs(original);
    assertThat(restored.pricing().entries()).containsExactlyEntriesOf(Map.of("gpt-4o", prices));
    assertThat(original.hasInstrumentedChild()).isTrue();
  }

  @Test
  void aPriceOfAUsageComponentThisCopyDoesNotKnowIsLeftOut() {
    Object[] payload =
        ObservationRun.mirror(new AtomicInteger(), PricingTable.of(Map.of())).toPayload();
    payload[Payload.FIRST_FIELD + 1] =
        Map.of(
            "gpt-4o",
            Map.of("INPUT_TOKENS", 1.0, "OUTPUT_TOKENS", 2.0, "TOKENS_OF_A_NEWER_BUILD", 9.0));

    ObservationRun restored = ObservationRun.fromPayload(payload);

    assertThat(restored.pricing().entries())
        .containsExactlyEntriesOf(Map.of("gpt-4o", ModelPricing.of(1.0, 2.0)));
  }

  @Test
  void payloadsHoldJdkTypesOnly() {
    ObservationRun run =
        ObservationRun.mirror(
            new AtomicInteger(), PricingTable.of(Map.of("gpt-4o", ModelPricing.of(1, 2))));
    List<Object> values = new ArrayList<>();
    collect(ContextHook.payloadOf(everyField()), values);
    collect(ContextHook.payloadOf(run), values);

    assertThat(values)
        .isNotEmpty()
        .allSatisfy(
            v -> assertThat(v.getClass().getClassLoader()).as(v.getClass().getName()).isNull());
  }

  private static void collect(Object value, List<Object> into) {
    if (value == null) {
      return;
    }
    into.add(value);
    if (value instanceof Object[]) {
      for (Object o : (Object[]) value) {
        collect(o, into);
      }
    } else if (value instanceof Map) {
      for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
        collect(e.getKey(), into);
        collect(e.getValue(), into);
      }
    }
  }

  @Test
  void aPayloadIsDecodedOnce() {
    Object[] payload = ContextHook.payloadOf(everyField());

    ScopeState first = ScopeState.fromContext(ContextHook.restore(Context.root(), payload));
    ScopeState second = ScopeState.fromContext(ContextHook.restore(Context.root(), payload));

    assertThat(second).isSameAs(first);
  }

  @Test
  void fieldsMissingFromAnOlderBuildsShorterPayloadAreAbsent() {
    Object[] full = everyField().toPayload();
    Object[] onlyTheConversation = Arrays.copyOf(full, Payload.FIRST_FIELD + 1);

    ScopeState restored = ScopeState.fromPayload(onlyTheConversation);

    assertThat(restored.conversationId()).isEqualTo("conv-1");
    assertThat(restored.explicitTurn()).isZero();
    assertThat(restored.userId()).isNull();
    assertThat(restored.turnSlot()).isNull();
    assertThat(restored.workflowId()).isNull();
    assertThat(restored.workflowTotals()).isNull();
    assertThat(restored.agentName()).isNull();
    assertThat(restored.custom()).isEmpty();
    assertThat(restored.propagatesAsBaggage()).isFalse();
  }

  @Test
  void fieldsANewerBuildAppendsAreIgnored() {
    ScopeState original = everyField();
    Object[] full = original.toPayload();
    Object[] longer = Arrays.copyOf(full, full.length + 2);
    longer[full.length] = "a field of a newer build";
    longer[full.length + 1] = new AtomicLong(3);

    ScopeState restored = ScopeState.fromPayload(longer);

    assertThat(restored.stamp()).isEqualTo(original.stamp());
    assertThat(restored.turnSlot().cell()).isSameAs(original.turnSlot().cell());
  }

  @Test
  void aKindThisCopyDoesNotKnowIsLeftOut() {
    Context context = Context.root();

    assertThat(ContextHook.restore(context, Payload.create("a-kind-of-a-newer-build", 1)))
        .isSameAs(context);
  }

  @Test
  void onlyLibraryStateHasAPayload() {
    assertThat(ContextHook.payloadOf("not library state")).isNull();
    assertThat(ContextHook.payloadOf(null)).isNull();
  }

  @Test
  void aPayloadThatBreaksTheLayoutIsRefused() {
    Object[] payload = everyField().toPayload();
    payload[Payload.FIRST_FIELD] = 42L; // the conversation id, as a number

    assertThatThrownBy(() -> ContextHook.restore(Context.root(), payload))
        .isInstanceOf(ClassCastException.class);
  }

  @Test
  void anObservedCallsFrameWithoutItsFlagsIsRefused() {
    Object[] payload =
        ObservationRun.mirror(new AtomicInteger(), PricingTable.of(Map.of())).toPayload();
    payload[Payload.FIRST_FIELD] = null;

    assertThatThrownBy(() -> ObservationRun.fromPayload(payload))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void withStoresTheValue() {
    TurnSlot slot = new TurnSlot("c");
    ContextKey<TurnSlot> key = ContextKey.named("k");

    assertThat(ContextHook.with(Context.root(), key, slot).get(key)).isSameAs(slot);
  }
}
