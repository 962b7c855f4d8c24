package io.last9.genai;

import io.last9.genai.internal.BaggageBridge;
import io.last9.genai.internal.CallPricingRegistry;
import io.last9.genai.internal.HostTelemetry;
import io.last9.genai.internal.ObservedFrame;
import io.last9.genai.internal.OnceLogger;
import io.last9.genai.internal.ScopeState;
import io.last9.genai.internal.TurnSlot;
import io.last9.genai.internal.WorkflowRegistry;
import io.last9.genai.internal.WorkflowTotals;
import io.last9.genai.internal.pricing.PricingTable;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.internal.ExtendedSpanProcessor;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The span processor that adds conversations, workflows, turns and cost to every span (CONTRACT sections 2-5).
 *
 * <ul>
 *   <li>{@code onStart}: stamps the attributes of the open scopes (conversation, user, workflow, agent, custom) and
 *       the turn number. A span started outside every scope costs one context lookup.
 *   <li>{@code onEnding}: prices any span that carries a model and token counts and no cost yet, whoever made it
 *       (OpenTelemetry's own GenAI instrumentation, Spring AI, this library), while the span can still be written,
 *       so exporters see the cost; feeds the totals of the enclosing workflow; records the cost metric.
 * </ul>
 *
 * <pre>{@code
 * SdkTracerProvider provider = SdkTracerProvider.builder()
 *     .addSpanProcessor(Last9SpanProcessor.builder().pricing(Map.of("gpt-4o", ModelPricing.of(2.50, 10.0))).build())
 *     .addSpanProcessor(BatchSpanProcessor.builder(OtlpGrpcSpanExporter.getDefault()).build())
 *     .build();
 * }</pre>
 *
 * <p>Nothing in it throws into span processing: a failure degrades to "no attribute" and is logged once through
 * {@code java.util.logging}.
 */
public final class Last9SpanProcessor implements ExtendedSpanProcessor {

  private static final Logger logger = Logger.getLogger(Last9SpanProcessor.class.getName());

  private final TurnStore turnStore;
  private final CostCalculator costCalculator;
  private final SpanPricer pricer;
  private final boolean costTracking;
  private final boolean stampFromBaggage;

  private Last9SpanProcessor(Builder b) {
    this.turnStore = b.turnStore != null ? b.turnStore : InMemoryTurnStore.create();
    this.costCalculator = b.costCalculator != null ? b.costCalculator : b.calculatorBuilder.build();
    this.costTracking = b.costTracking;
    this.stampFromBaggage = b.stampFromBaggage;
    Supplier<MeterProvider> meters = b.meterProviderSupplier != null ? b.meterProviderSupplier
        : b.meterProvider != null ? () -> b.meterProvider
        : HostTelemetry::meterProvider;
    this.pricer = new SpanPricer(costCalculator, new CostMetric(meters));
  }

  /** A processor with the defaults: bundled catalog, in-memory turns, cost tracking on. */
  public static Last9SpanProcessor create() {
    return builder().build();
  }

  /** Returns a builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The turn store this processor numbers turns with. */
  public TurnStore turnStore() {
    return turnStore;
  }

  /** The calculator this processor prices spans with. */
  public CostCalculator costCalculator() {
    return costCalculator;
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {
    ScopeState state = ScopeState.fromContext(parentContext);
    ObservedFrame frame = ObservedFrame.fromContext(parentContext);
    if (state == null && frame == null) {
      if (stampFromBaggage) {
        stampFromBaggage(parentContext, span);
      }
      return;
    }
    try {
      if (state != null) {
        stamp(parentContext, span, state);
      }
      if (frame != null && SpanPricer.isGenAiCall(span)) {
        frame.markInstrumentedChild();
        if (costTracking) {
          // the entry is removed in onEnding, which only runs when cost tracking is on
          SpanPricer.adoptCallPricing(span, frame);
        }
      }
    } catch (RuntimeException e) {
      OnceLogger.warn(logger, "onStart:" + e.getClass().getName(), Level.WARNING,
          "last9-genai could not stamp a span; it is exported without scope attributes", e);
    }
  }

  private static void stampFromBaggage(Context parentContext, ReadWriteSpan span) {
    try {
      Baggage baggage = Baggage.fromContext(parentContext);
      if (!baggage.isEmpty()) {
        BaggageBridge.stamp(span, baggage);
      }
    } catch (RuntimeException e) {
      OnceLogger.warn(logger, "baggage:" + e.getClass().getName(), Level.WARNING,
          "last9-genai could not read ids from Baggage; the span is exported without them", e);
    }
  }

  private void stamp(Context parentContext, ReadWriteSpan span, ScopeState state) {
    if (!state.stamp().isEmpty()) {
      span.setAllAttributes(state.stamp());
    }
    String conversationId = state.conversationId();
    if (conversationId == null || state.explicitTurn() > 0) {
      return;
    }
    TurnSlot slot = state.turnSlot();
    if (slot == null) {
      long inherited = turnOfParent(parentContext, conversationId);
      if (inherited > 0) {
        span.setAttribute(GenAiAttributes.CONVERSATION_TURN, inherited);
        return;
      }
      if (!SpanPricer.isInferenceSpan(span)) {
        return;
      }
      slot = new TurnSlot(conversationId);
    }
    long turn = slot.number(turnStore);
    if (turn > 0) {
      span.setAttribute(GenAiAttributes.CONVERSATION_TURN, turn);
      if (slot.isFallback()) {
        span.setAttribute(GenAiAttributes.TURN_FALLBACK, true);
      }
    }
  }

  /** The turn of the parent span, when it is an in-process span of the same conversation; else 0. */
  private static long turnOfParent(Context parentContext, String conversationId) {
    Span parent = Span.fromContext(parentContext);
    if (!(parent instanceof ReadableSpan)) {
      return 0;
    }
    ReadableSpan p = (ReadableSpan) parent;
    Long turn = p.getAttribute(GenAiAttributes.CONVERSATION_TURN);
    if (turn == null || !conversationId.equals(p.getAttribute(GenAiAttributes.CONVERSATION_ID))) {
      return 0;
    }
    return turn;
  }

  @Override
  public boolean isStartRequired() {
    return true;
  }

  @Override
  public void onEnding(ReadWriteSpan span) {
    try {
      PricingTable callPricing = CallPricingRegistry.remove(span.getSpanContext().getSpanId());
      SpanPricer.PricedCall call = pricer.price(span, callPricing);
      boolean tool = "execute_tool".equals(span.getAttribute(GenAiAttributes.OPERATION_NAME));
      if (call == null && !tool) {
        return;
      }
      WorkflowTotals totals = workflowOf(span);
      if (totals == null) {
        return;
      }
      if (call != null) {
        totals.addLlmCall(call.costUsd(), call.inputTokens(), call.outputTokens());
      }
      if (tool) {
        // a tool that reports the usage of the model call it made is still a tool call
        totals.addToolCall();
      }
    } catch (RuntimeException e) {
      OnceLogger.warn(logger, "onEnding:" + e.getClass().getName(), Level.WARNING,
          "last9-genai could not price a span; it is exported without cost", e);
    }
  }

  private static WorkflowTotals workflowOf(ReadableSpan span) {
    if (WorkflowRegistry.isEmpty()) {
      return null;
    }
    String workflowId = span.getAttribute(GenAiAttributes.WORKFLOW_ID);
    return workflowId == null ? null : WorkflowRegistry.find(workflowId);
  }

  @Override
  public boolean isOnEndingRequired() {
    return costTracking;
  }

  @Override
  public void onEnd(ReadableSpan span) {}

  @Override
  public boolean isEndRequired() {
    return false;
  }

  @Override
  public CompletableResultCode shutdown() {
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public String toString() {
    return "Last9SpanProcessor{turnStore=" + turnStore.getClass().getSimpleName() + ", costTracking="
        + costTracking + '}';
  }

  /** Builder for {@link Last9SpanProcessor}. */
  public static final class Builder {
    private TurnStore turnStore;
    private CostCalculator costCalculator;
    private final CostCalculator.Builder calculatorBuilder = CostCalculator.builder();
    private MeterProvider meterProvider;
    private Supplier<MeterProvider> meterProviderSupplier;
    private boolean costTracking = true;
    private boolean stampFromBaggage;

    private Builder() {}

    /** Your own prices by model name; they win over pricing files and the bundled catalog. */
    public Builder pricing(Map<String, ModelPricing> pricing) {
      calculatorBuilder.pricing(pricing);
      return this;
    }

    /**
     * Loads a pricing file in the genai-prices format; it fails fast, naming the file and the entry.
     *
     * @throws IllegalArgumentException when the file is malformed
     */
    public Builder addPricingFile(Path file) {
      calculatorBuilder.addPricingFile(file);
      return this;
    }

    /** Whether the bundled genai-prices catalog is used (default true). */
    public Builder bundledCatalog(boolean enabled) {
      calculatorBuilder.bundledCatalog(enabled);
      return this;
    }

    /** Uses a calculator built elsewhere; replaces {@link #pricing}, files and the catalog switch. */
    public Builder costCalculator(CostCalculator calculator) {
      this.costCalculator = calculator;
      return this;
    }

    /** The store that numbers turns (default: {@link InMemoryTurnStore} with its default bounds). */
    public Builder turnStore(TurnStore store) {
      this.turnStore = store;
      return this;
    }

    /**
     * Where the cost metric is recorded (default: the global {@code MeterProvider}, once one is set).
     */
    public Builder meterProvider(MeterProvider meterProvider) {
      this.meterProvider = meterProvider;
      return this;
    }

    /** A meter provider known only once the SDK is built (used by {@link Last9GenAi}). */
    Builder meterProviderSupplier(Supplier<MeterProvider> supplier) {
      this.meterProviderSupplier = supplier;
      return this;
    }

    /** Whether spans are priced and workflow totals kept (default true). */
    public Builder costTracking(boolean enabled) {
      this.costTracking = enabled;
      return this;
    }

    /**
     * Stamps conversation, user, workflow and turn ids received as W3C Baggage (from an upstream service whose
     * scopes used {@code propagateAsBaggage()}) on spans started outside every local scope (default false). Needs
     * the W3C Baggage propagator, which the SDK's defaults include.
     */
    public Builder stampFromBaggage(boolean enabled) {
      this.stampFromBaggage = enabled;
      return this;
    }

    /** Builds the processor. */
    public Last9SpanProcessor build() {
      return new Last9SpanProcessor(this);
    }
  }
}
