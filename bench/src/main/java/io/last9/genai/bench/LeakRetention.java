/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.bench;

import io.last9.genai.ConversationContext;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.Last9SpanProcessor;
import io.last9.genai.WorkflowContext;
import io.last9.genai.observe.GenAiObservation;
import io.last9.genai.pricing.ModelPricing;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.SpanProcessor;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * What leaks cost: the heap a leaked scope or a never-ended span keeps reachable, against what a
 * leaked plain OpenTelemetry {@code Context} keeps, and how many calls in flight a workflow loses
 * to other code's leaks. One case per run, so that each starts from a clean heap; heap is read with
 * MemoryMXBean after repeated System.gc(). Prints one JSON line.
 *
 * <p>Usage: {@code java -Xmx3g -cp benchmarks.jar io.last9.genai.bench.LeakRetention <case> <n>},
 * cases: {@code plain-never-closed}, {@code workflow-never-closed}, {@code plain-closed-elsewhere},
 * {@code workflow-closed-elsewhere}, {@code workflows-threads-ended}, {@code
 * failed-start-observed}, {@code failed-start-workflow}, {@code calls-in-flight}, {@code
 * awaited-among-leaked}.
 */
public final class LeakRetention {

  private static final Map<String, ModelPricing> PRICING =
      Map.of("gpt-4o", ModelPricing.of(2.50, 10.0));
  private static final ContextKey<Object> PLAIN = ContextKey.named("plain-value");

  private LeakRetention() {}

  public static void main(String[] args) throws Exception {
    String what = args[0];
    int n = Integer.parseInt(args[1]);
    OpenTelemetrySdk sdk = sdk(what.startsWith("failed-start"));
    Tracer tracer = sdk.getTracer("leaks");
    // warm: the class graph, the processor's table
    onThread(
        () -> {
          try (WorkflowContext w = workflow(sdk, "warm").start()) {
            if (!what.startsWith("failed-start")) {
              end(chat(tracer));
            }
          }
        });
    switch (what) {
      case "calls-in-flight":
        callsInFlight(tracer, n);
        return;
      case "awaited-among-leaked":
        awaitedAmongLeaked(tracer, n);
        return;
      default:
        break;
    }
    long before = usedAfterGc();
    CountDownLatch measured = new CountDownLatch(1);
    CountDownLatch leaked = new CountDownLatch(1);
    Thread thread =
        new Thread(
            () -> {
              leak(what, n, sdk);
              leaked.countDown();
              try {
                measured.await(); // the thread stays alive while the heap is read
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    thread.start();
    leaked.await();
    long after = usedAfterGc();
    measured.countDown();
    thread.join();
    System.out.printf(
        Locale.ROOT,
        "{\"case\":\"%s\",\"n\":%d,\"retainedBytes\":%d,\"bytesEach\":%.1f}%n",
        what,
        n,
        after - before,
        (after - before) / (double) n);
  }

  private static void leak(String what, int n, OpenTelemetrySdk sdk) {
    switch (what) {
      case "plain-never-closed":
        for (int i = 0; i < n; i++) {
          Context.current().with(PLAIN, new Object()).makeCurrent();
        }
        break;
      case "workflow-never-closed":
        for (int i = 0; i < n; i++) {
          workflow(sdk, "wf-" + i).start();
        }
        break;
      case "plain-closed-elsewhere":
        for (int i = 0; i < n; i++) {
          Scope s = Context.current().with(PLAIN, new Object()).makeCurrent();
          onThread(s::close);
        }
        break;
      case "workflow-closed-elsewhere":
        for (int i = 0; i < n; i++) {
          WorkflowContext w = workflow(sdk, "wf-" + i).start();
          onThread(w::close);
        }
        break;
      case "workflows-threads-ended":
        for (int t = 0; t < n / 1_000; t++) {
          int first = t * 1_000;
          onThread(
              () -> {
                for (int i = first; i < first + 1_000; i++) {
                  workflow(sdk, "wf-" + i).start();
                }
              });
        }
        break;
      case "failed-start-observed":
        GenAiObservation chat =
            GenAiObservation.llm("chat")
                .model("gpt-4o")
                .openTelemetry(sdk)
                .pricing(PRICING)
                .build();
        try (ConversationContext c = ConversationContext.builder("conv").start()) {
          for (int i = 0; i < n; i++) {
            chat.get(() -> "answer");
          }
        }
        break;
      case "failed-start-workflow":
        for (int i = 0; i < n; i++) {
          try (WorkflowContext w = workflow(sdk, "wf-" + i).start()) {
            w.llmCalls();
          }
        }
        break;
      default:
        throw new IllegalArgumentException("unknown case " + what);
    }
  }

  /** {@code n} calls in flight at once in one workflow, then all ended. */
  private static void callsInFlight(Tracer tracer, int n) {
    try (WorkflowContext w = WorkflowContext.builder("batch").contextOnly().start()) {
      List<Span> open = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        open.add(chat(tracer));
      }
      open.forEach(LeakRetention::end);
      printLost("calls-in-flight", n, n, w.llmCalls());
    }
  }

  /** 20 calls awaited in one workflow while {@code n} calls in other workflows never end. */
  private static void awaitedAmongLeaked(Tracer tracer, int n) {
    try (WorkflowContext w = WorkflowContext.builder("awaited").contextOnly().start()) {
      List<Span> awaited = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        awaited.add(chat(tracer));
      }
      try (Scope elsewhere = Context.root().makeCurrent()) {
        for (int i = 0; i < n; i++) {
          try (WorkflowContext other =
              WorkflowContext.builder("other-" + i).contextOnly().start()) {
            chat(tracer); // never ended
          }
        }
      }
      awaited.forEach(LeakRetention::end);
      printLost("awaited-among-leaked", n, 20, w.llmCalls());
    }
  }

  private static void printLost(String what, int n, long calls, long counted) {
    System.out.printf(
        Locale.ROOT,
        "{\"case\":\"%s\",\"n\":%d,\"calls\":%d,\"counted\":%d,\"lost\":%d}%n",
        what,
        n,
        calls,
        counted,
        calls - counted);
  }

  private static OpenTelemetrySdk sdk(boolean anotherProcessorFailsStart) {
    SdkTracerProviderBuilder b =
        SdkTracerProvider.builder()
            .addSpanProcessor(
                Last9SpanProcessor.builder().pricing(PRICING).bundledCatalog(false).build());
    if (anotherProcessorFailsStart) {
      b.addSpanProcessor(new FailingStart());
    }
    return OpenTelemetrySdk.builder().setTracerProvider(b.build()).build();
  }

  private static WorkflowContext.Builder workflow(OpenTelemetrySdk sdk, String id) {
    return WorkflowContext.builder(id).type("rag").openTelemetry(sdk);
  }

  private static Span chat(Tracer tracer) {
    return tracer
        .spanBuilder("chat gpt-4o")
        .setAttribute(GenAiAttributes.OPERATION_NAME, "chat")
        .setAttribute(GenAiAttributes.REQUEST_MODEL, "gpt-4o")
        .startSpan();
  }

  private static void end(Span call) {
    call.setAttribute(GenAiAttributes.USAGE_INPUT_TOKENS, 100L);
    call.setAttribute(GenAiAttributes.USAGE_OUTPUT_TOKENS, 10L);
    call.end();
  }

  private static void onThread(Runnable r) {
    Thread t = new Thread(r);
    t.start();
    try {
      t.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static long usedAfterGc() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 6; i++) {
      System.gc();
      Thread.sleep(100);
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  /** Another span processor of the application, which throws in {@code onStart}. */
  private static final class FailingStart implements SpanProcessor {
    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
      throw new IllegalStateException("another processor's bug");
    }

    @Override
    public boolean isStartRequired() {
      return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {}

    @Override
    public boolean isEndRequired() {
      return false;
    }
  }
}
