/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.observe;

import io.last9.genai.GenAiSpanKind;
import io.last9.genai.internal.Throwables;
import io.last9.genai.observe.internal.ObservationRun;
import io.last9.genai.observe.internal.ObservationSpec;
import io.last9.genai.observe.internal.StartAttributes;
import io.last9.genai.pricing.internal.PricingTable;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One-line observation of a piece of code: the Java form of the Python SDK's {@code @observe}. It
 * opens a span of the given kind and name, captures input and output, reads token usage, model,
 * response id and finish reasons from the returned object (through the {@link UsageExtractor}s),
 * has the processor price it, and records an exception once, rethrowing the same instance.
 *
 * <pre>{@code
 * static final Map<String, ModelPricing> PRICING = Map.of("gpt-4o", ModelPricing.of(2.50, 10.0));
 *
 * Function<String, String> chat = GenAiObservation.llm("chat").pricing(PRICING).wrap(message ->
 *     client.chat(message));                    // input and output captured, usage priced
 *
 * List<String> docs = GenAiObservation.tool("retrieve_documents").get(() -> search(query));
 * CompletionStage<Answer> answer = GenAiObservation.chain("answer").async(() -> pipeline.runAsync(query));
 * }</pre>
 *
 * <p>An {@code GenAiObservation} is immutable and thread-safe: build it once ({@link
 * GenAiObservationBuilder#build()}) and reuse it on a hot path. The builder's terminal methods
 * ({@code get}, {@code call}, {@code run}, {@code async}, {@code wrap}) build and run in one go.
 *
 * <p>When the observed code calls an instrumented client (OpenTelemetry's openai-java
 * instrumentation, say), the client's span carries and prices the tokens; the observed span then
 * does not price them again.
 */
public final class GenAiObservation {

  private final ObservationSpec spec;

  GenAiObservation(GenAiObservationBuilder b) {
    this.spec =
        new ObservationSpec(
                b.kind,
                b.name,
                b.openTelemetry,
                PricingTable.of(b.pricing),
                b.captureInput,
                b.captureOutput,
                false,
                b.maxContentLength,
                b.redactor,
                b.provider,
                StartAttributes.of(
                    b.kind,
                    b.name,
                    b.model,
                    b.provider,
                    b.temperature,
                    b.maxTokens,
                    b.topP,
                    b.tags,
                    b.metadata,
                    b.attributes.build()))
            .withUsageExtractor(b.usageExtractor);
  }

  /** Starts an observation of the given kind. */
  public static GenAiObservationBuilder builder(GenAiSpanKind kind, String name) {
    return new GenAiObservationBuilder(kind, name);
  }

  /** An LLM call ({@code gen_ai.operation.name = chat}). */
  public static GenAiObservationBuilder llm(String name) {
    return builder(GenAiSpanKind.LLM, name);
  }

  /** A tool call ({@code execute_tool}). */
  public static GenAiObservationBuilder tool(String name) {
    return builder(GenAiSpanKind.TOOL, name);
  }

  /** A chain of steps. */
  public static GenAiObservationBuilder chain(String name) {
    return builder(GenAiSpanKind.CHAIN, name);
  }

  /** An agent invocation ({@code invoke_agent}). */
  public static GenAiObservationBuilder agent(String name) {
    return builder(GenAiSpanKind.AGENT, name);
  }

  /**
   * An embeddings call ({@code gen_ai.l9.span.kind = embedding}, {@code gen_ai.operation.name =
   * embeddings}), priced like an LLM call: from the input tokens its result reports (an OpenAI
   * embeddings response, say), or on the instrumented client span inside it, which then carries the
   * cost.
   */
  public static GenAiObservationBuilder embedding(String name) {
    return builder(GenAiSpanKind.EMBEDDING, name);
  }

  /** A retrieval step. */
  public static GenAiObservationBuilder retriever(String name) {
    return builder(GenAiSpanKind.RETRIEVER, name);
  }

  /** Prompt construction. */
  public static GenAiObservationBuilder prompt(String name) {
    return builder(GenAiSpanKind.PROMPT, name);
  }

  /** The span kind. */
  public GenAiSpanKind kind() {
    return spec.kind();
  }

  /** The span name. */
  public String name() {
    return spec.name();
  }

  /**
   * Runs {@code body} observed and returns its result; its exception is recorded and rethrown
   * unchanged.
   */
  public <T> T call(Callable<T> body) throws Exception {
    return call(null, body);
  }

  /** Like {@link #call(Callable)}, capturing {@code input} as the call's input. */
  public <T> T call(Object input, Callable<T> body) throws Exception {
    ObservationRun run = ObservationRun.begin(spec, input);
    if (run == null) {
      return body.call();
    }
    T result;
    try {
      result = body.call();
    } catch (Throwable t) {
      run.closeScope();
      run.fail(t);
      throw t;
    }
    run.closeScope();
    run.succeed(result);
    return result;
  }

  /**
   * Runs {@code body} observed and returns its result; its exception is recorded and rethrown
   * unchanged (the same instance, a checked one thrown sneakily included).
   */
  public <T> T get(Supplier<T> body) {
    return get(null, body);
  }

  /** Like {@link #get(Supplier)}, capturing {@code input} as the call's input. */
  public <T> T get(Object input, Supplier<T> body) {
    ObservationRun run = ObservationRun.begin(spec, input);
    if (run == null) {
      return body.get();
    }
    T result;
    try {
      result = body.get();
    } catch (Throwable t) {
      run.closeScope();
      run.fail(t);
      throw t;
    }
    run.closeScope();
    run.succeed(result);
    return result;
  }

  /** Runs {@code body} observed. */
  public void run(Runnable body) {
    run(null, body);
  }

  /** Like {@link #run(Runnable)}, capturing {@code input} as the call's input. */
  public void run(Object input, Runnable body) {
    ObservationRun run = ObservationRun.begin(spec, input);
    if (run == null) {
      body.run();
      return;
    }
    try {
      body.run();
    } catch (Throwable t) {
      run.closeScope();
      run.fail(t);
      throw t;
    }
    run.closeScope();
    run.succeed(null);
  }

  /**
   * Observes asynchronous code: the span is opened now, the code's synchronous part runs inside it,
   * and the span ends when the returned stage completes. The returned stage completes after the
   * span has ended, with the same result or exception.
   */
  public <T> CompletionStage<T> async(Supplier<? extends CompletionStage<T>> body) {
    return async(null, body);
  }

  /** Like {@link #async(Supplier)}, capturing {@code input} as the call's input. */
  public <T> CompletionStage<T> async(Object input, Supplier<? extends CompletionStage<T>> body) {
    ObservationRun run = ObservationRun.begin(spec, input);
    if (run == null) {
      return body.get();
    }
    CompletionStage<T> stage;
    try {
      stage = body.get();
    } catch (Throwable t) {
      run.closeScope();
      run.fail(t);
      throw t;
    }
    run.closeScope();
    if (stage == null) {
      run.succeed(null);
      return CompletableFuture.completedFuture(null);
    }
    try {
      return stage.whenComplete(
          (result, error) -> {
            if (error != null) {
              run.fail(error);
            } else {
              run.succeed(result);
            }
          });
    } catch (Throwable t) {
      // a stage implementation that cannot take a callback: the span ends now, the caller gets its
      // stage
      Throwables.rethrowIfFatal(t);
      run.succeed(null);
      return stage;
    }
  }

  /** Returns a function that observes every call of {@code fn}, capturing its argument as input. */
  public <I, O> Function<I, O> wrap(Function<I, O> fn) {
    return input -> get(input, () -> fn.apply(input));
  }

  /**
   * Returns a function that observes every asynchronous call of {@code fn}, capturing its argument
   * as input.
   */
  public <I, O> Function<I, CompletionStage<O>> wrapAsync(
      Function<I, ? extends CompletionStage<O>> fn) {
    return input -> async(input, () -> fn.apply(input));
  }
}
