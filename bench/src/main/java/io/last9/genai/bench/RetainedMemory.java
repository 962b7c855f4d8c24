/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.bench;

import io.last9.genai.ConversationContext;
import io.last9.genai.Last9SpanProcessor;
import io.last9.genai.WorkflowContext;
import io.last9.genai.observe.GenAiObservation;
import io.last9.genai.testing.TestSpanProcessor;
import io.last9.genai.turns.InMemoryTurnStore;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.MeterProvider;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * M5: retained heap after 1,000,000 observed, priced spans over 100,000 conversations (every tenth
 * call inside a workflow, every call with per-call pricing, so the processor's table of open spans
 * is exercised), then a second round over 100,000 new conversations. Heap is read with MemoryMXBean
 * after repeated System.gc(). Writes JSON.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.last9.genai.bench.RetainedMemory out.json}
 */
public final class RetainedMemory {

  static final int SPANS = 1_000_000;
  static final int CONVERSATIONS = 100_000;

  public static void main(String[] args) throws IOException, InterruptedException {
    InMemoryTurnStore store = InMemoryTurnStore.create();
    Last9SpanProcessor processor =
        Last9SpanProcessor.builder()
            .pricing(Fixtures.PRICING)
            .meterProvider(MeterProvider.noop())
            .turnStore(store)
            .build();
    OpenTelemetry otel = Fixtures.otel(TestSpanProcessor.noop(), processor);
    GenAiObservation llm =
        GenAiObservation.llm("chat")
            .model("gpt-4o")
            .provider("openai")
            .openTelemetry(otel)
            .pricing(Fixtures.PRICING)
            .build();

    // warm: the catalog, the class graph, the tracer
    round(llm, 1_000, 1_000, "warm-");
    long empty = usedAfterGc();
    long emptyStore = store.size();

    long t0 = System.nanoTime();
    round(llm, SPANS, CONVERSATIONS, "conv-");
    double seconds = (System.nanoTime() - t0) / 1e9;
    long after1 = usedAfterGc();
    long store1 = store.size();
    int open1 = openSpans(processor);

    round(llm, SPANS, CONVERSATIONS, "second-");
    long after2 = usedAfterGc();
    long store2 = store.size();
    int open2 = openSpans(processor);

    // the conversation ids are our own Strings of "conv-NNNNN"; what the store retains per entry
    // includes them
    double perEntry = (after1 - empty) / (double) Math.max(1, store1 - emptyStore);
    String json =
        String.format(
            Locale.ROOT,
            "{\"spans\":%d,\"conversations\":%d,\"seconds\":%.2f,"
                + "\"emptyBytes\":%d,\"afterRound1Bytes\":%d,\"afterRound2Bytes\":%d,"
                + "\"storeSizeEmpty\":%d,\"storeSizeRound1\":%d,\"storeSizeRound2\":%d,"
                + "\"storeBound\":%d,\"openSpanEntries\":[%d,%d],"
                + "\"bytesPerConversation\":%.1f,\"keyStringBytes\":%d}",
            SPANS,
            CONVERSATIONS,
            seconds,
            empty,
            after1,
            after2,
            emptyStore,
            store1,
            store2,
            InMemoryTurnStore.DEFAULT_MAXIMUM_CONVERSATIONS,
            open1,
            open2,
            perEntry,
            keyStringBytes("conv-99999"));
    System.out.println(json);
    if (args.length > 0) {
      Files.writeString(Path.of(args[0]), json, StandardCharsets.UTF_8);
    }
  }

  /**
   * The processor's table of spans noted at start and not yet ended: what must be back to 0 once
   * every span has ended. It is a package-private diagnostic, read reflectively here (once per
   * round, off the measured path).
   */
  private static int openSpans(Last9SpanProcessor processor) {
    try {
      java.lang.reflect.Method m = Last9SpanProcessor.class.getDeclaredMethod("openSpanCount");
      m.setAccessible(true);
      return (int) m.invoke(processor);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void round(GenAiObservation llm, int spans, int conversations, String prefix) {
    String[] ids = new String[conversations];
    for (int i = 0; i < conversations; i++) {
      ids[i] = prefix + i;
    }
    for (int i = 0; i < spans; i++) {
      String id = ids[i % conversations];
      try (ConversationContext c = ConversationContext.builder(id).userId("u").start()) {
        if (i % 10 == 0) {
          try (WorkflowContext w = WorkflowContext.builder("wf-" + i).type("rag").start()) {
            llm.get(Fixtures.LLM);
          }
        } else {
          llm.get(Fixtures.LLM);
        }
      }
    }
  }

  /**
   * Shallow size of a Latin-1 String of that length plus its byte[] (compressed oops, 8-byte
   * alignment).
   */
  private static long keyStringBytes(String sample) {
    long array = align(16 + sample.length());
    return 24 + array;
  }

  private static long align(long n) {
    return (n + 7) & ~7L;
  }

  private static long usedAfterGc() throws InterruptedException {
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 6; i++) {
      System.gc();
      Thread.sleep(100);
      used = Math.min(used, mem.getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
