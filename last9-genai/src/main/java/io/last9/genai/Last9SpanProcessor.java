/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import io.last9.genai.content.internal.ContentEventsBridge;
import io.last9.genai.content.internal.EndingContent;
import io.last9.genai.internal.BaggageBridge;
import io.last9.genai.internal.HostTelemetry;
import io.last9.genai.internal.LibraryContextKeys;
import io.last9.genai.internal.OnceLogger;
import io.last9.genai.internal.OpenSpanTable;
import io.last9.genai.internal.ScopeState;
import io.last9.genai.internal.SpanClassifier;
import io.last9.genai.internal.Throwables;
import io.last9.genai.internal.TurnNumbering;
import io.last9.genai.internal.WorkflowTotals;
import io.last9.genai.observe.internal.ObservationRun;
import io.last9.genai.pricing.CostCalculator;
import io.last9.genai.pricing.CostMetricSink;
import io.last9.genai.pricing.internal.DefaultCostMetricSink;
import io.last9.genai.pricing.internal.PricingTable;
import io.last9.genai.pricing.internal.SpanAccounting;
import io.last9.genai.turns.InMemoryTurnStore;
import io.last9.genai.turns.TurnStore;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.LogRecordProcessor;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.internal.ExtendedSpanProcessor;
import java.util.Objects;
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

  /**
   * The calculator given or built from the builder's pricing options; null when every option is at
   * its default, for the accounting's shared default.
   */
  private final CostCalculator costCalculator;

  /**
   * True when this processor built its calculator, and so closes it (stopping its price updater) on
   * shutdown.
   */
  private final boolean ownsCalculator;

  /** Turn rules: scope ids and turns on every span, the deferred turn of a late model call. */
  private final TurnNumbering turns;

  /** Price, cost metric and workflow totals. */
  private final SpanAccounting accounting;

  /**
   * Where the cost metric goes when the builder named no sink and no meter provider, else null: a
   * set-up may connect its own sink to it.
   */
  private final DefaultCostMetricSink defaultSink;

  private final boolean costTracking;
  private final BaggageBridge baggage;

  /** What the end of a span noted at its start needs: its totals, per-call prices, turn. */
  private final OpenSpanTable openSpans;

  /** Redaction rules and legacy keys applied to captured content at the end; null: neither. */
  private final EndingContent content;

  /**
   * The instrumentations' per-message log events, written on their spans as they end: made by the
   * first {@link #contentEvents()}, which a set-up adds to its logger provider (until then nothing
   * of it is loaded: a cold start pays for what it uses).
   */
  private volatile ContentEventsBridge contentEvents;

  Last9SpanProcessor(Last9SpanProcessorBuilder b) {
    this.turnStore = b.turnStore != null ? b.turnStore : InMemoryTurnStore.create();
    this.ownsCalculator = b.costCalculator == null && b.calculatorBuilder != null;
    // built here, not lazily, when configured: a pricing file fails the build, not the first span
    this.costCalculator =
        b.costCalculator != null
            ? b.costCalculator
            : ownsCalculator ? b.calculatorBuilder.build() : null;
    this.costTracking = b.costTracking;
    this.baggage =
        b.stampFromBaggage
            ? BaggageBridge.stamping(
                b.baggageKeys != null ? b.baggageKeys : BaggageBridge.DEFAULT_KEYS)
            : null;
    CostMetricSink sink = null;
    Supplier<MeterProvider> meters = null;
    if (b.costMetricSink != null) {
      sink = b.costMetricSink;
      this.defaultSink = null;
    } else if (b.meterProviderSupplier != null || b.meterProvider != null) {
      MeterProvider given = b.meterProvider;
      meters = b.meterProviderSupplier != null ? b.meterProviderSupplier : () -> given;
      this.defaultSink = null;
    } else {
      this.defaultSink = new DefaultCostMetricSink(HostTelemetry::meterProvider);
      sink = defaultSink;
    }
    // the pricer and the cost metric are made by the end of the first span that names a model
    this.accounting = new SpanAccounting(costCalculator, sink, meters, b.limits, costTracking);
    this.openSpans = new OpenSpanTable(b.limits.getMaxOpenSpans());
    this.turns = new TurnNumbering(turnStore, warnings);
    // not even loaded when there is nothing to do: its JSON handling would load Jackson
    this.content =
        b.contentRedaction == null && !b.legacyContentKeys
            ? null
            : EndingContent.of(b.contentRedaction, b.legacyContentKeys);
  }

  /** A processor with the defaults: bundled catalog, in-memory turns, cost tracking on. */
  public static Last9SpanProcessor create() {
    return builder().build();
  }

  /** Returns a builder. */
  public static Last9SpanProcessorBuilder builder() {
    return new Last9SpanProcessorBuilder();
  }

  /** The turn store this processor numbers turns with. */
  public TurnStore turnStore() {
    return turnStore;
  }

  /**
   * The calculator this processor prices spans with: the one given to the builder, the one built
   * from its pricing options, or, with every pricing option at its default, {@link
   * CostCalculator#getDefault()}.
   */
  public CostCalculator costCalculator() {
    return accounting.calculator();
  }

  /**
   * The log record processor to add to the {@code SdkLoggerProvider} beside this span processor, so
   * that the content OpenTelemetry's GenAI instrumentations emit as per-message log events
   * (openai-java's and the AWS SDK's Bedrock instrumentation: {@code gen_ai.user.message}, {@code
   * gen_ai.choice}, ...) lands on the model call's span as {@code gen_ai.input.messages} and {@code
   * gen_ai.output.messages}, where this processor redacts it like any other content. The events
   * still go to the logs exporter. Autoconfigure, {@code Last9GenAi} and the Spring Boot starter
   * add it by themselves.
   *
   * <pre>{@code
   * Last9SpanProcessor last9 = Last9SpanProcessor.create();
   * SdkTracerProvider tracing = SdkTracerProvider.builder().addSpanProcessor(last9).build();
   * SdkLoggerProvider logging =
   *     SdkLoggerProvider.builder().addLogRecordProcessor(last9.contentEvents()).build();
   * }</pre>
   *
   * <p>Only events emitted while their span is current and open are kept, at most {@value
   * ContentEventsBridge#MAX_SPANS} spans' worth at once, and none while content capture is off.
   */
  public LogRecordProcessor contentEvents() {
    ContentEventsBridge c = contentEvents;
    if (c == null) {
      synchronized (this) {
        c = contentEvents;
        if (c == null) {
          c = new ContentEventsBridge();
          contentEvents = c;
        }
      }
    }
    // not "return c": verifying that would load the SDK's logs interface with this class
    return c.logRecordProcessor();
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
      // the keys, not ScopeState.fromContext: a span outside every scope loads neither class
      ScopeState state = parentContext.get(LibraryContextKeys.SCOPE_STATE);
      ObservationRun call = parentContext.get(LibraryContextKeys.OBSERVED_CALL);
      if (state == null && call == null) {
        // a creator that passes an explicit parent (Micrometer's bridge) leaves the scopes current
        Context current = Context.current();
        if (current != parentContext) {
          state = current.get(LibraryContextKeys.SCOPE_STATE);
          call = current.get(LibraryContextKeys.OBSERVED_CALL);
        }
      }
      if (state == null && call == null) {
        if (!turns.outsideScopes(parentContext, span) && baggage != null) {
          baggage.stamp(parentContext, span);
        }
        return;
      }
      if (baggage != null && (state == null || state.isRequestOnly())) {
        baggage.stamp(parentContext, span);
      }
      String awaitingTurn = state == null ? null : turns.stamp(parentContext, span, state);
      WorkflowTotals totals = accounting.totalsAtStart(state);
      PricingTable pricing = accounting.callPricingAtStart(span, call);
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

  @Override
  public boolean isStartRequired() {
    return true;
  }

  @Override
  public void onEnding(ReadWriteSpan span) {
    ContentEventsBridge events = contentEvents;
    if (events != null) {
      // first: the rules below redact what the events brought too
      events.flush(span);
    }
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
      // read once for the kind and the deferred turn: each read takes the span's lock
      String operation = span.getAttribute(GenAiAttributes.OPERATION_NAME);
      // classified before pricing: the cost metric is labelled with the kind
      GenAiSpanKind kind = SpanClassifier.classify(span, operation);
      accounting.atEnd(span, noted, kind);
      if (noted != null) {
        turns.atEnd(span, noted.conversationId(), operation);
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
   * processor's builder was given no place for it (no {@link
   * Last9SpanProcessorBuilder#costMetricSink}, {@link Last9SpanProcessorBuilder#meterProvider} or
   * {@link Last9SpanProcessorBuilder#meterProviderSupplier}), so that it would have gone to the
   * host's OpenTelemetry meter provider; returns whether it did. A processor built with one of them
   * is left as it is.
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
}
