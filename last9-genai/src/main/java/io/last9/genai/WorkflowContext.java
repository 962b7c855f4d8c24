/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import io.last9.genai.internal.BaggageBridge;
import io.last9.genai.internal.Checks;
import io.last9.genai.internal.CustomAttributes;
import io.last9.genai.internal.OnceLogger;
import io.last9.genai.internal.ScopeHandle;
import io.last9.genai.internal.ScopeState;
import io.last9.genai.internal.Throwables;
import io.last9.genai.internal.Tracers;
import io.last9.genai.internal.TurnSlot;
import io.last9.genai.internal.WorkflowTotals;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A workflow scope: every span started inside it carries {@code workflow.id} and {@code
 * workflow.type}, and the workflow keeps the totals of everything inside it.
 *
 * <p>Unless {@link Builder#contextOnly()} is set, it opens a span {@code invoke_workflow {type}}
 * that, when the scope closes, carries {@code workflow.total_cost_usd}, {@code workflow.llm_calls},
 * {@code workflow.tool_calls}, {@code workflow.input_tokens} and {@code workflow.output_tokens},
 * nested workflows included. The workflow span never carries {@code gen_ai.usage.cost_usd}, so
 * summing that key over all spans counts each call once.
 *
 * <pre>{@code
 * try (WorkflowContext rag = WorkflowContext.builder("rag_12345").type("rag").start()) {
 *   List<String> docs = retrieveDocuments.apply("What is RAG?");
 *   String answer = generateResponse.apply(docs);
 * } // the workflow span ends here with its totals
 * }</pre>
 *
 * <p>Totals count the spans started inside the workflow that end while it is open; they are exact
 * under concurrency. A call that ends after the workflow closed (a streamed answer still arriving
 * when the code that opened it returns) is missing from the workflow span's totals, and its own
 * span says so with {@code gen_ai.l9.workflow.ended_after_close}; this object's getters go on
 * counting it. A span counts in the workflow whose scope it was started in (the processor notes it
 * when the span starts), never in one merely named by its {@code workflow.id}: two workflows open
 * at once with the same id keep their own totals, and an id received from another service never
 * adds to a local workflow. However many other spans are open or never ended, no call that ends is
 * lost from its workflow's totals.
 */
public final class WorkflowContext implements Scope {

  private static final Logger logger = Logger.getLogger(WorkflowContext.class.getName());

  /** Owner-less: what goes wrong here is the application's or the JVM's, not one SDK set-up's. */
  private static final OnceLogger warnings = new OnceLogger(logger);

  private final String workflowId;
  private final String workflowType;
  private final WorkflowTotals totals;
  private final Span span;
  private final ScopeHandle handle;

  private WorkflowContext(Builder b) {
    this.workflowId = b.workflowId;
    this.workflowType = b.type;
    Context parent = Context.current();
    ScopeState outer = ScopeState.fromContext(parent);
    this.totals = new WorkflowTotals(outer == null ? null : outer.workflowTotals());
    ScopeState state =
        ScopeState.workflow(
            outer, b.workflowId, b.type, b.userId, totals, b.custom.values(), b.baggage);
    Context context = state.storeWithBaggage(parent);
    this.span = b.contextOnly ? null : startSpan(b, context);
    if (span != null) {
      context = context.with(span);
      TurnSlot slot = state.turnSlot();
      if (state.propagatesAsBaggage() && slot != null && slot.assigned() > 0) {
        context = BaggageBridge.writeTurn(context, slot.assigned());
      }
    }
    this.handle = ScopeHandle.open(context, "WorkflowContext");
  }

  /**
   * Starts the workflow span; a failure (another span processor that throws, a broken SDK) leaves
   * the workflow context-only rather than failing the caller.
   */
  private static Span startSpan(Builder b, Context parent) {
    try {
      return Tracers.tracer(b.openTelemetry)
          .spanBuilder(b.type == null ? "invoke_workflow" : "invoke_workflow " + b.type)
          .setParent(parent)
          .setSpanKind(SpanKind.INTERNAL)
          .setAttribute(GenAiAttributes.OPERATION_NAME, GenAiSpanKind.WORKFLOW.operationName())
          .setAttribute(GenAiAttributes.L9_SPAN_KIND, GenAiSpanKind.WORKFLOW.value())
          .startSpan();
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      warnings.warn(
          "workflow-span-start",
          Level.WARNING,
          "last9-genai could not start a workflow span; the workflow still propagates its ids",
          t);
      return null;
    }
  }

  /**
   * Starts building a workflow scope.
   *
   * @throws IllegalArgumentException when {@code workflowId} is null or blank
   */
  public static Builder builder(String workflowId) {
    return new Builder(workflowId);
  }

  /** The workflow id. */
  public String workflowId() {
    return workflowId;
  }

  /** The workflow type, when one was given. */
  public Optional<String> workflowType() {
    return Optional.ofNullable(workflowType);
  }

  /** The workflow's own span (invalid for a context-only workflow). */
  public Span span() {
    return span == null ? Span.getInvalid() : span;
  }

  /** USD cost of the calls that ended inside this workflow so far, nested workflows included. */
  public double totalCostUsd() {
    return totals.costUsd();
  }

  /** LLM calls that ended inside this workflow so far. */
  public long llmCalls() {
    return totals.llmCalls();
  }

  /** Tool calls that ended inside this workflow so far. */
  public long toolCalls() {
    return totals.toolCalls();
  }

  /** Input tokens of the LLM calls inside this workflow so far. */
  public long inputTokens() {
    return totals.inputTokens();
  }

  /** Output tokens of the LLM calls inside this workflow so far. */
  public long outputTokens() {
    return totals.outputTokens();
  }

  /**
   * Restores, on this thread, the context that was current before this workflow opened, and keeps
   * the workflow open: it goes on counting the spans started in the returned context (its state and
   * its span) until {@link #close()} ends it. After this, {@link #close()} may run on any thread
   * and only ends the workflow span with its totals; it no longer touches the current context.
   *
   * <p>For code that carries the OpenTelemetry {@code Context} across threads itself, such as
   * Kotlin coroutines with a context element: an OpenTelemetry scope must be closed on the thread
   * that opened it, before that thread runs anything else, whereas a suspended workflow resumes and
   * ends wherever its dispatcher runs it. Call it on the thread that opened the workflow, while the
   * workflow is the innermost scope there; otherwise it is reported as an out-of-order close.
   *
   * <pre>{@code
   * WorkflowContext wf = WorkflowContext.builder("rag_12345").type("rag").start();
   * Context inWorkflow = wf.detach();
   * pipeline.runAsync(inWorkflow.wrap(task)).whenComplete((r, e) -> wf.close());
   * }</pre>
   *
   * @return the workflow's context: run the workflow's code in it
   */
  public Context detach() {
    // the current context is the workflow's while it is the innermost scope, as documented; the
    // handle keeps no context of its own, so a leaked scope retains no more than a leaked
    // OpenTelemetry scope does
    Context context = Context.current();
    handle.close();
    return context;
  }

  /** Ends the workflow span with its totals and restores the enclosing state. */
  @Override
  public void close() {
    try {
      if (span != null) {
        // first: a call that ends from here on is marked on its own span, since this one's
        // totals are taken now (a context-only workflow has no span to miss it)
        totals.close();
        span.setAttribute(GenAiAttributes.WORKFLOW_TOTAL_COST_USD, totals.costUsd());
        span.setAttribute(GenAiAttributes.WORKFLOW_LLM_CALLS, totals.llmCalls());
        span.setAttribute(GenAiAttributes.WORKFLOW_TOOL_CALLS, totals.toolCalls());
        span.setAttribute(GenAiAttributes.WORKFLOW_INPUT_TOKENS, totals.inputTokens());
        span.setAttribute(GenAiAttributes.WORKFLOW_OUTPUT_TOKENS, totals.outputTokens());
        span.end();
      }
    } catch (Throwable t) {
      Throwables.rethrowIfFatal(t);
      warnings.warn(
          "workflow-span-end",
          Level.WARNING,
          "last9-genai could not end a workflow span with its totals",
          t);
    } finally {
      handle.close();
    }
  }

  /** Builder for {@link WorkflowContext}. */
  public static final class Builder {
    private final String workflowId;
    private String type;
    private String userId;
    private boolean contextOnly;
    private OpenTelemetry openTelemetry;
    private final CustomAttributes custom = new CustomAttributes();
    private boolean baggage;

    private Builder(String workflowId) {
      this.workflowId = Checks.requireId(workflowId, "workflowId");
    }

    /** The workflow type ({@code workflow.type}), e.g. {@code rag}: keep it low-cardinality. */
    public Builder type(String type) {
      this.type = Checks.requireId(type, "workflowType");
      return this;
    }

    /**
     * The end user's id: {@code user.id} on every span inside the workflow, its own span included.
     * It replaces, inside the workflow, the user id of an enclosing scope (a conversation's), which
     * applies again after the workflow closes.
     *
     * @throws IllegalArgumentException when {@code userId} is null or blank
     */
    public Builder userId(String userId) {
      this.userId = Checks.requireId(userId, "userId");
      return this;
    }

    /** Propagates the workflow's attributes without opening a workflow span. */
    public Builder contextOnly() {
      this.contextOnly = true;
      return this;
    }

    /**
     * The OpenTelemetry instance whose tracer opens the workflow span (default: the one a set-up
     * registered, such as the Spring starter's bean or {@code Last9GenAi.install()}, else the
     * global one).
     */
    public Builder openTelemetry(OpenTelemetry openTelemetry) {
      this.openTelemetry = Objects.requireNonNull(openTelemetry, "openTelemetry");
      return this;
    }

    /** A custom attribute, exported as {@code custom.<key>}. */
    public Builder attribute(String key, Object value) {
      custom.put(key, value);
      return this;
    }

    /** Several custom attributes. */
    public Builder attributes(Map<String, ?> attributes) {
      custom.putAll(attributes);
      return this;
    }

    /**
     * Also carries the workflow id and type (and the ids of enclosing scopes) to other services as
     * W3C Baggage, for a downstream {@code Last9SpanProcessor} with {@code stampFromBaggage(true)}.
     * Use it only for ids that may leave the process.
     */
    public Builder propagateAsBaggage() {
      this.baggage = true;
      return this;
    }

    /**
     * Opens the scope (and the workflow span) and makes it current; close it with
     * try-with-resources.
     */
    public WorkflowContext start() {
      return new WorkflowContext(this);
    }
  }
}
