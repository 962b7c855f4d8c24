/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import io.last9.genai.content.ContentField;
import io.last9.genai.content.ContentRedactor;
import io.last9.genai.content.RedactionRules;
import io.last9.genai.content.internal.EndingContent;
import io.last9.genai.internal.BaggageBridge;
import io.last9.genai.internal.HostTelemetry;
import io.last9.genai.internal.OnceLogger;
import io.last9.genai.internal.OpenSpanTable;
import io.last9.genai.internal.RequestFrame;
import io.last9.genai.internal.ScopeState;
import io.last9.genai.internal.SpanClassifier;
import io.last9.genai.internal.Throwables;
import io.last9.genai.internal.TurnSlot;
import io.last9.genai.internal.WorkflowTotals;
import io.last9.genai.observe.internal.ObservationRun;
import io.last9.genai.pricing.CostCalculator;
import io.last9.genai.pricing.CostMetricSink;
import io.last9.genai.pricing.ModelPricing;
import io.last9.genai.pricing.PriceUpdates;
import io.last9.genai.pricing.internal.CostMetric;
import io.last9.genai.pricing.internal.DefaultCostMetricSink;
import io.last9.genai.pricing.internal.PricingTable;
import io.last9.genai.pricing.internal.SpanPricer;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.internal.ExtendedSpanProcessor;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The span processor that adds conversations, workflows, turns and cost to every span.
 *
 * <ul>
 *   <li>{@code onStart}: stamps the attributes of the open scopes (conversation, user, workflow,
 *       agent, custom) and the turn number, and notes what the span's end will need (its workflow,
 *       per-call pricing). The scopes are read from the span's parent context or, when that has
 *       none (a creator that passes an explicit parent, as Micrometer's bridge does), from the
 *       current context. A span started outside every scope costs two context lookups; once the
 *       processor has seen a conversation, such a span under an in-process span of a conversation
 *       takes that span's conversation id, user id and turn. In an inbound request that a framework
 *       filter opened, a span outside the request's conversation scopes gets the conversation the
 *       request is bound to; one that started before the request was bound gets it when it is (see
 *       {@code RequestFrame}).
 *   <li>{@code onEnding}: prices any span that carries a model and token counts and no cost yet,
 *       whoever made it (OpenTelemetry's own GenAI instrumentation, Spring AI, this library), while
 *       the span can still be written, so exporters see the cost; feeds the totals of the workflow
 *       it was started in; records the cost metric; classifies GenAI spans made by others ({@code
 *       gen_ai.l9.span.kind} from their operation, Spring AI's tool calls and advisors included);
 *       and gives a GenAI span that was only recognisable when it ended (Spring AI's) its turn.
 * </ul>
 *
 * <pre>{@code
 * SdkTracerProvider provider = SdkTracerProvider.builder()
 *     .addSpanProcessor(Last9SpanProcessor.create())
 *     .addSpanProcessor(BatchSpanProcessor.builder(OtlpHttpSpanExporter.getDefault()).build())
 *     .build();
 * }</pre>
 *
 * <p>Nothing in it throws into span processing or into the code that starts and ends spans: every
 * failure, {@code Error}s included, degrades to "no attribute" and is logged once through {@code
 * java.util.logging}.
 *
 * <p>It implements the SDK's {@code ExtendedSpanProcessor} (an internal SDK interface, stable since
 * SDK 1.40) for its {@code onEnding} hook; it is tested on OpenTelemetry SDK 1.49 through 1.68.
 */
public final class Last9SpanProcessor implements ExtendedSpanProcessor {

  private static final Logger logger = Logger.getLogger(Last9SpanProcessor.class.getName());

  /** This instance's own reports: another set-up in the same JVM never silences them. */
  private final OnceLogger warnings = new OnceLogger(logger);

  private final TurnStore turnStore;
  private final CostCalculator costCalculator;

  /**
   * True when this processor built its calculator, and so closes it (stopping its price updater) on
   * shutdown.
   */
  private final boolean ownsCalculator;

  private final SpanPricer pricer;

  /**
   * Where the cost metric goes when the builder named no sink and no meter provider, else null: a
   * set-up may connect its own sink to it.
   */
  private final DefaultCostMetricSink defaultSink;

  private final boolean costTracking;
  private final BaggageBridge baggage;
  private final OpenSpanTable openSpans = new OpenSpanTable(OpenSpanTable.DEFAULT_CAPACITY);

  /**
   * Set once this processor has stamped a conversation: until then a span outside every scope skips
   * the look at its parent's attributes, so an application without conversations pays one volatile
   * read for it.
   */
  private volatile boolean conversationsSeen;

  /** Redaction rules and legacy keys applied to captured content at the end; null: neither. */
  private final EndingContent content;

  private Last9SpanProcessor(Builder b) {
    this.turnStore = b.turnStore != null ? b.turnStore : InMemoryTurnStore.create();
    this.ownsCalculator = b.costCalculator == null;
    this.costCalculator = b.costCalculator != null ? b.costCalculator : b.calculatorBuilder.build();
    this.costTracking = b.costTracking;
    this.baggage = b.stampFromBaggage ? BaggageBridge.stamping(b.baggageKeys) : null;
    CostMetricSink sink;
    if (b.costMetricSink != null) {
      sink = b.costMetricSink;
      this.defaultSink = null;
    } else if (b.meterProviderSupplier != null || b.meterProvider != null) {
      sink =
          CostMetric.meterProviderSink(
              b.meterProviderSupplier != null ? b.meterProviderSupplier : () -> b.meterProvider);
      this.defaultSink = null;
    } else {
      this.defaultSink =
          new DefaultCostMetricSink(CostMetric.meterProviderSink(HostTelemetry::meterProvider));
      sink = defaultSink;
    }
    this.pricer = new SpanPricer(costCalculator, new CostMetric(sink));
    this.content = EndingContent.of(b.contentRedaction, b.legacyContentKeys);
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

  /**
   * Spans noted in {@code onStart}, not yet ended and not collected (for tests and diagnostics).
   */
  int openSpanCount() {
    return openSpans.size();
  }

  /**
   * Entries the processor holds for open spans, those of collected spans not yet removed included
   * (for tests and diagnostics).
   */
  int openSpanEntries() {
    return openSpans.entries();
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {
    try {
      ScopeState state = ScopeState.fromContext(parentContext);
      ObservationRun call = ObservationRun.fromContext(parentContext);
      if (state == null && call == null) {
        Context current = Context.current();
        if (current != parentContext) {
          state = ScopeState.fromContext(current);
          call = ObservationRun.fromContext(current);
        }
      }
      if (state == null && call == null) {
        if (!conversationsSeen || !inheritConversation(parentContext, span)) {
          if (baggage != null) {
            baggage.stamp(parentContext, span);
          }
        }
        return;
      }
      if (baggage != null && (state == null || state.isRequestOnly())) {
        baggage.stamp(parentContext, span);
      }
      String awaitingTurn = state == null ? null : stamp(parentContext, span, state);
      RequestFrame frame = state == null ? null : state.requestFrame();
      if (frame != null) {
        stampWaiting(frame);
      }
      WorkflowTotals totals = costTracking && state != null ? state.workflowTotals() : null;
      PricingTable pricing = null;
      if (call != null) {
        boolean own = call.isStartingOwnSpan();
        if (!own && SpanPricer.isGenAiCall(span)) {
          call.markInstrumentedChild();
        }
        if (costTracking && !call.pricing().isEmpty()) {
          pricing = call.pricing();
        }
      }
      if (totals != null || pricing != null || awaitingTurn != null) {
        openSpans.put(span, totals, pricing, awaitingTurn);
      }
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      warnings.warn(
          "on-start",
          Level.WARNING,
          "last9-genai could not stamp a span; it is exported without scope attributes",
          t);
    }
  }

  /**
   * Stamps the scope attributes and the turn. Returns the conversation id when the span is in a
   * conversation with no turn yet and is not recognisable as a model call now: it takes the next
   * turn if it is one when it ends.
   */
  private String stamp(Context parentContext, ReadWriteSpan span, ScopeState state) {
    String conversationId = state.conversationId();
    if (conversationId != null && !conversationsSeen) {
      conversationsSeen = true;
    }
    RequestFrame frame = state.requestFrame();
    if (conversationId == null && frame != null) {
      // first, so that a scope's own user id below wins over the request's
      RequestFrame.Binding request = frame.bindingOrWait(span);
      if (request != null) {
        stampRequest(span, request);
      }
    }
    if (!state.stamp().isEmpty()) {
      span.setAllAttributes(state.stamp());
    }
    if (conversationId == null || state.explicitTurn() > 0) {
      return null;
    }
    TurnSlot slot = state.turnSlot();
    if (slot == null) {
      if (inheritTurn(parentContext, conversationId, span)) {
        return null;
      }
      if (!SpanPricer.isInferenceSpan(span)) {
        return conversationId;
      }
      slot = new TurnSlot(conversationId);
    }
    setTurn(span, slot.number(turnStore, warnings), slot.isFallback());
    return null;
  }

  /**
   * A span that starts with none of the library's state in sight, under an in-process span of a
   * conversation, is part of that conversation: it takes the parent's conversation id, user id and
   * turn. This is the span a framework starts on a thread it hopped to without the caller's context
   * (Reactor's HTTP client, under a chat span of a streamed answer), parented on the span alone.
   */
  private static boolean inheritConversation(Context parentContext, ReadWriteSpan span) {
    Span parent = Span.fromContext(parentContext);
    if (!(parent instanceof ReadableSpan)) {
      return false;
    }
    ReadableSpan p = (ReadableSpan) parent;
    String conversationId = p.getAttribute(GenAiAttributes.CONVERSATION_ID);
    if (conversationId == null) {
      return false;
    }
    span.setAttribute(GenAiAttributes.CONVERSATION_ID, conversationId);
    String userId = p.getAttribute(GenAiAttributes.USER_ID);
    if (userId != null) {
      span.setAttribute(GenAiAttributes.USER_ID, userId);
    }
    Long turn = p.getAttribute(GenAiAttributes.CONVERSATION_TURN);
    if (turn != null) {
      setTurn(span, turn, Boolean.TRUE.equals(p.getAttribute(GenAiAttributes.TURN_FALLBACK)));
    }
    return true;
  }

  /** The ids and turn of the conversation a request is bound to, on a span outside its scopes. */
  private void stampRequest(ReadWriteSpan span, RequestFrame.Binding request) {
    if (!conversationsSeen) {
      conversationsSeen = true;
    }
    span.setAllAttributes(request.stamp());
    TurnSlot slot = request.slot();
    if (slot != null) {
      setTurn(span, slot.number(turnStore, warnings), slot.isFallback());
    }
  }

  /**
   * Gives the spans of a request that started before it was bound (the server span, the outer
   * advisors) its ids and turn, once, while they are still open.
   */
  private void stampWaiting(RequestFrame frame) {
    ReadWriteSpan[] waiting = frame.takeWaiting();
    if (waiting == null) {
      return;
    }
    RequestFrame.Binding request = frame.binding();
    for (ReadWriteSpan span : waiting) {
      if (!span.hasEnded()) {
        stampRequest(span, request);
      }
    }
  }

  private static void setTurn(ReadWriteSpan span, long turn, boolean fallback) {
    if (turn > 0) {
      span.setAttribute(GenAiAttributes.CONVERSATION_TURN, turn);
      if (fallback) {
        span.setAttribute(GenAiAttributes.TURN_FALLBACK, true);
      }
    }
  }

  /** Copies the turn of the parent span when it is an in-process span of the same conversation. */
  private static boolean inheritTurn(
      Context parentContext, String conversationId, ReadWriteSpan span) {
    Span parent = Span.fromContext(parentContext);
    if (!(parent instanceof ReadableSpan)) {
      return false;
    }
    ReadableSpan p = (ReadableSpan) parent;
    Long turn = p.getAttribute(GenAiAttributes.CONVERSATION_TURN);
    if (turn == null || !conversationId.equals(p.getAttribute(GenAiAttributes.CONVERSATION_ID))) {
      return false;
    }
    setTurn(span, turn, Boolean.TRUE.equals(p.getAttribute(GenAiAttributes.TURN_FALLBACK)));
    return true;
  }

  @Override
  public boolean isStartRequired() {
    return true;
  }

  @Override
  public void onEnding(ReadWriteSpan span) {
    if (content != null) {
      try {
        content.apply(span);
      } catch (Throwable t) {
        Throwables.rethrowIfFatal(t);
        warnings.warn(
            "on-ending-content",
            Level.WARNING,
            "last9-genai could not redact or complete a span's captured content",
            t);
      }
    }
    try {
      OpenSpanTable.Entry noted = openSpans.remove(span);
      // another Last9SpanProcessor on the same SDK (or the agent's copy beside the application's)
      // that already
      // priced this span has also counted it in the same workflow's totals, which travel with the
      // context
      boolean countedBefore = noted != null && noted.totals() != null && wasPricedByLast9(span);
      // before pricing: the cost metric is labelled with the kind
      GenAiSpanKind kind = SpanClassifier.classify(span);
      // a span noted with totals started inside a local workflow: its workflow.type is the
      // service's own, not one received from outside (the cost metric keeps the two apart)
      SpanPricer.PricedCall call =
          costTracking
              ? pricer.price(
                  span,
                  noted == null ? null : noted.pricing(),
                  kind,
                  noted != null && noted.totals() != null)
              : null;
      if (noted == null) {
        return;
      }
      if (noted.conversationId() != null
          && SpanPricer.isInferenceSpan(span)
          && span.getAttribute(GenAiAttributes.CONVERSATION_TURN) == null) {
        TurnStore.Turn turn = TurnSlot.draw(turnStore, noted.conversationId(), warnings);
        if (turn != null) {
          setTurn(span, turn.number(), turn.fallback());
        }
      }
      WorkflowTotals totals = noted.totals();
      if (totals == null || countedBefore) {
        return;
      }
      if (call != null) {
        totals.addLlmCall(call.costUsd(), call.inputTokens(), call.outputTokens());
      }
      if (kind == GenAiSpanKind.TOOL) {
        // a tool that reports the usage of the model call it made is still a tool call
        totals.addToolCall();
      }
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      warnings.warn(
          "on-ending",
          Level.WARNING,
          "last9-genai could not price a span; it is exported without cost",
          t);
    }
  }

  private static boolean wasPricedByLast9(ReadableSpan span) {
    return span.getAttribute(GenAiAttributes.COST_PRICE_SOURCE) != null
        || Boolean.TRUE.equals(span.getAttribute(GenAiAttributes.COST_UNPRICED));
  }

  @Override
  public boolean isOnEndingRequired() {
    return true;
  }

  @Override
  public void onEnd(ReadableSpan span) {}

  @Override
  public boolean isEndRequired() {
    return false;
  }

  /**
   * Stops the price updates of the calculator this processor built, and closes the turn store when
   * it holds resources (a connection to a shared store), as the SDK closes exporters.
   */
  @Override
  public CompletableResultCode shutdown() {
    if (ownsCalculator) {
      try {
        costCalculator.close();
      } catch (Throwable t) {
        Throwables.rethrowIfFatal(t);
        warnings.warn(
            "price-updates-close",
            Level.WARNING,
            "last9-genai could not stop its price updates",
            t);
      }
    }
    if (turnStore instanceof AutoCloseable) {
      try {
        ((AutoCloseable) turnStore).close();
      } catch (Throwable t) {
        Throwables.rethrowIfFatal(t);
        warnings.warn(
            "turn-store-close", Level.WARNING, "last9-genai could not close its turn store", t);
      }
    }
    return CompletableResultCode.ofSuccess();
  }

  /**
   * Records the cost metric {@code gen_ai.client.cost} in {@code sink} from now on, when this
   * processor's builder was given no place for it (no {@link Builder#costMetricSink}, {@link
   * Builder#meterProvider} or {@link Builder#meterProviderSupplier}), so that it would have gone to
   * the host's OpenTelemetry meter provider; returns whether it did. A processor built with one of
   * them is left as it is.
   *
   * <p>For set-ups that own the application's metrics and meet a processor the application made
   * itself: the Spring Boot starter connects the sink it would give its own processor (Micrometer's
   * registry) to an application's {@code Last9SpanProcessor} bean this way. The latest call wins.
   */
  public boolean useCostMetricSinkIfUnset(CostMetricSink sink) {
    Objects.requireNonNull(sink, "sink");
    if (defaultSink == null) {
      return false;
    }
    defaultSink.connect(sink);
    return true;
  }

  @Override
  public String toString() {
    return "Last9SpanProcessor{turnStore="
        + turnStore.getClass().getSimpleName()
        + ", costTracking="
        + costTracking
        + '}';
  }

  /** Builder for {@link Last9SpanProcessor}. */
  public static final class Builder {
    private TurnStore turnStore;
    private CostCalculator costCalculator;
    private final CostCalculator.Builder calculatorBuilder = CostCalculator.builder();
    private MeterProvider meterProvider;
    private Supplier<MeterProvider> meterProviderSupplier;
    private CostMetricSink costMetricSink;
    private boolean costTracking = true;
    private boolean stampFromBaggage;
    private Set<String> baggageKeys = BaggageBridge.DEFAULT_KEYS;
    private ContentRedactor contentRedaction;
    private boolean legacyContentKeys;

    private Builder() {}

    /**
     * Redacts the captured content of every span when it ends, whoever wrote it (this library's
     * integrations, OpenTelemetry's and Spring AI's instrumentations): each text of {@code
     * gen_ai.input.messages}, {@code gen_ai.output.messages}, {@code gen_ai.system_instructions},
     * {@code gen_ai.tool.call.arguments} and {@code gen_ai.tool.call.result} goes through {@code
     * redactor} with its place ({@link ContentField}). Typically {@link RedactionRules}. Default:
     * none. Values were already cut to their integration's length cap; the cut never leaves half a
     * word or half a number, so a rule still sees whole values.
     */
    public Builder contentRedaction(ContentRedactor redactor) {
      this.contentRedaction = redactor;
      return this;
    }

    /**
     * Also writes the content keys the semantic conventions removed, derived from the current ones
     * when a span ends: the attributes {@code gen_ai.prompt} and {@code gen_ai.completion} and the
     * events {@code gen_ai.content.prompt} and {@code gen_ai.content.completion}, for dashboards
     * built on them (default false). They will be removed in a later release.
     */
    public Builder legacyContentKeys(boolean enabled) {
      this.legacyContentKeys = enabled;
      return this;
    }

    /** Your own prices by model name; they win over pricing files and the bundled catalog. */
    public Builder pricing(Map<String, ModelPricing> pricing) {
      calculatorBuilder.pricing(pricing);
      return this;
    }

    /**
     * Loads a pricing file in the genai-prices format; it fails fast, naming the file and the
     * entry. An entry listed under the span's provider comes first; one under a provider id of your
     * own (not one genai-prices uses) prices its model for every provider (see {@link
     * CostCalculator}).
     *
     * @throws io.opentelemetry.sdk.autoconfigure.spi.ConfigurationException when the file is
     *     missing, cannot be read or is malformed; the message names this method and the file
     */
    public Builder addPricingFile(Path file) {
      calculatorBuilder.addPricingFile(file);
      return this;
    }

    /**
     * Whether the bundled genai-prices catalog is used (default true). Off, with {@link
     * #priceUpdates} on, the fetched data is the catalog.
     */
    public Builder bundledCatalog(boolean enabled) {
      calculatorBuilder.bundledCatalog(enabled);
      return this;
    }

    /**
     * Keeps the catalog's prices current with a background price updater (off by default); it is
     * stopped by {@link Last9SpanProcessor#shutdown()}. See {@link PriceUpdates}.
     */
    public Builder priceUpdates(PriceUpdates updates) {
      calculatorBuilder.priceUpdates(updates);
      return this;
    }

    /**
     * Uses a calculator built elsewhere; replaces {@link #pricing}, files, the catalog switch and
     * price updates. The processor does not close it.
     */
    public Builder costCalculator(CostCalculator calculator) {
      this.costCalculator = Objects.requireNonNull(calculator, "calculator");
      return this;
    }

    /**
     * The store that numbers turns (default: {@link InMemoryTurnStore} with its default bounds). A
     * store that is {@link AutoCloseable} is closed when the processor shuts down.
     */
    public Builder turnStore(TurnStore store) {
      this.turnStore = Objects.requireNonNull(store, "store");
      return this;
    }

    /**
     * Where the cost metric is recorded (default: the meter provider of the OpenTelemetry a set-up
     * registered, such as {@code Last9GenAi.install()} or the Spring starter, else the global one
     * once it is set).
     */
    public Builder meterProvider(MeterProvider meterProvider) {
      this.meterProvider = Objects.requireNonNull(meterProvider, "meterProvider");
      return this;
    }

    /**
     * Records the cost metric {@code gen_ai.client.cost} in {@code sink} instead of on an
     * OpenTelemetry meter provider (replaces {@link #meterProvider}); the Spring Boot starter uses
     * it for Micrometer.
     */
    public Builder costMetricSink(CostMetricSink sink) {
      this.costMetricSink = Objects.requireNonNull(sink, "sink");
      return this;
    }

    /**
     * A meter provider known only once the SDK is built (autoconfigure, {@link Last9GenAi}); it may
     * return null until then.
     */
    public Builder meterProviderSupplier(Supplier<MeterProvider> supplier) {
      this.meterProviderSupplier = supplier;
      return this;
    }

    /** Whether spans are priced and workflow totals kept (default true). */
    public Builder costTracking(boolean enabled) {
      this.costTracking = enabled;
      return this;
    }

    /**
     * Stamps ids received as W3C Baggage (from an upstream service whose scopes used {@code
     * propagateAsBaggage()}) on spans started outside every local scope (default false). Needs the
     * W3C Baggage propagator, which the SDK's defaults include.
     *
     * <p>Baggage comes from outside the process: only the entries of {@link #baggageKeys} are
     * stamped (by default {@code gen_ai.conversation.id}, {@code gen_ai.conversation.turn}, {@code
     * workflow.id} and {@code workflow.type}, not {@code user.id}, which any caller could forge);
     * values longer than 256 characters or with a control, format (bidirectional, zero-width) or
     * line/paragraph separator character (Unicode categories Cc, Cf, Zl, Zp, or a lone surrogate)
     * are dropped; and stamped ids are attributes only, never counted in a local workflow's totals
     * or turn numbering, and a stamped {@code workflow.type} is recorded in the cost metric as
     * {@code _external}, never as a series of its own.
     */
    public Builder stampFromBaggage(boolean enabled) {
      this.stampFromBaggage = enabled;
      return this;
    }

    /**
     * The Baggage entries {@link #stampFromBaggage} may stamp, among {@code
     * gen_ai.conversation.id}, {@code gen_ai.conversation.turn}, {@code user.id}, {@code
     * workflow.id} and {@code workflow.type}.
     *
     * @throws IllegalArgumentException for any other entry name
     */
    public Builder baggageKeys(Collection<String> keys) {
      BaggageBridge.stamping(keys); // validates
      this.baggageKeys = Set.copyOf(keys);
      return this;
    }

    /** Builds the processor. */
    public Last9SpanProcessor build() {
      return new Last9SpanProcessor(this);
    }
  }
}
