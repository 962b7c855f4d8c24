/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.explorer;

import com.google.protobuf.ByteString;
import io.last9.genai.explorer.internal.otlp.SpanDecoder;
import io.last9.genai.explorer.internal.store.DuckDbSpanStore;
import io.last9.genai.explorer.internal.store.SpanRecord;
import io.last9.genai.pricing.CostCalculator;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whole-process benchmark (not a test): ingest rate over OTLP/HTTP protobuf, the conversation
 * page's latency at 100,000 and 1,000,000 stored spans, heap and disk per million spans. Run with
 * {@code mvn -q -pl last9-genai-explorer -am test-compile exec:java -DskipTests
 * -Dexec.classpathScope=test -Dexplorer.main=io.last9.genai.explorer.ExplorerBench} ({@code
 * -Dspans=N} for another total).
 */
public final class ExplorerBench {

  private static final int SPANS_PER_BATCH = 1000;
  private static final int SPANS_PER_CONVERSATION = 20; // 5 turns of 4 spans
  private static final String QUESTION =
      "Can you summarise the last three invoices for account %d and tell me which line items"
          + " changed since the previous quarter? Please keep it short.";
  private static final String ANSWER =
      "The three invoices for account %d total $4,210. Compared with last quarter, the support"
          + " line rose by 12%% and the storage line fell by 5%%; everything else is unchanged.";

  private static final long WEEK_NANOS = 7 * 24 * 3_600_000_000_000L;

  /** Time between the first spans of two batches: 1,000,000 spans fill a week. */
  private static final long BATCH_STEP_NANOS = WEEK_NANOS / 1000;

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private ExplorerBench() {}

  public static void main(String[] args) throws Exception {
    Explorer.useNoDelay(); // as the explorer's own main does
    int total = Integer.getInteger("spans", 1_000_000);
    Path dir = Files.createTempDirectory("explorer-bench");
    Path db = dir.resolve("bench.duckdb");
    long now = System.currentTimeMillis() * 1_000_000L;
    try (Explorer explorer =
        Explorer.start(
            ExplorerOptions.builder()
                .port(0)
                .grpcPort(-1)
                .database(db)
                .maxSpans(2_000_000)
                .retention(Duration.ofDays(30))
                .build())) {
      String traces = explorer.url() + "v1/traces";
      int batches = total / SPANS_PER_BATCH;
      int first = Math.min(batches, 100);

      // 1. ingest rate: 100 batches encoded beforehand, posted by 2 clients
      List<byte[]> encoded = new ArrayList<>();
      for (int b = 0; b < first; b++) {
        encoded.add(batch(b, now));
      }
      stages(encoded, dir);
      long cpu0 = cpuNanos();
      long t0 = System.nanoTime();
      Map<String, Long> threads = post(traces, encoded.size(), encoded::get);
      double seconds = (System.nanoTime() - t0) / 1e9;
      double cpuMicros = (cpuNanos() - cpu0) / 1e3 / (first * SPANS_PER_BATCH);
      double rate = first * SPANS_PER_BATCH / seconds;
      encoded.clear();
      System.out.printf(
          Locale.ROOT,
          "ingest: %,d spans in %.2f s = %,.0f spans/s (OTLP/HTTP protobuf, %d spans a batch,"
              + " 2 clients, file store)%n",
          first * SPANS_PER_BATCH,
          seconds,
          rate,
          SPANS_PER_BATCH);
      // CPU time says more than the rate on a shared machine: the other processes' load slows
      // the clock, not (much) the work done per span
      System.out.printf(
          Locale.ROOT,
          "ingest CPU: %.1f us per span (this process: clients, server, store) = %,.0f spans/s"
              + " on %d idle cores%n",
          cpuMicros,
          Runtime.getRuntime().availableProcessors() * 1e6 / cpuMicros,
          Runtime.getRuntime().availableProcessors());
      split(threads, cpuMicros, first * SPANS_PER_BATCH);
      latency(explorer, first * SPANS_PER_BATCH);

      // 2. the rest, encoded as they go (the client shares the 2 cores)
      if (batches > first) {
        long cpu1 = cpuNanos();
        long t1 = System.nanoTime();
        Map<String, Long> rest = post(traces, batches - first, i -> batch(first + i, now));
        double s = (System.nanoTime() - t1) / 1e9;
        System.out.printf(
            Locale.ROOT,
            "ingest (encoding included): %,d spans in %.1f s = %,.0f spans/s%n",
            (batches - first) * SPANS_PER_BATCH,
            s,
            (batches - first) * SPANS_PER_BATCH / s);
        split(
            rest,
            (cpuNanos() - cpu1) / 1e3 / ((batches - first) * SPANS_PER_BATCH),
            (batches - first) * SPANS_PER_BATCH);
        latency(explorer, batches * SPANS_PER_BATCH);
      }
      System.gc();
      long heap =
          ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
      long disk = 0;
      try (var files = Files.list(dir)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          disk += Files.size(f);
        }
      }
      System.out.printf(
          Locale.ROOT,
          "memory: heap used after GC %,d MiB; process RSS %s; disk %,d MiB for %,d spans%n",
          heap,
          rss(),
          disk / (1024 * 1024),
          batches * SPANS_PER_BATCH);
    }
  }

  /** Where ingest time goes: parsing, decoding and the store's append, each alone, one thread. */
  private static void stages(List<byte[]> encoded, Path dir) throws Exception {
    int n = Math.min(30, encoded.size());
    SpanDecoder decoder = new SpanDecoder(CostCalculator.getDefault());
    List<ExportTraceServiceRequest> parsed = new ArrayList<>();
    long t = System.nanoTime();
    for (int i = 0; i < n; i++) {
      parsed.add(ExportTraceServiceRequest.parseFrom(encoded.get(i)));
    }
    double parse = (System.nanoTime() - t) / 1e9;
    List<List<SpanRecord>> records = new ArrayList<>();
    t = System.nanoTime();
    for (ExportTraceServiceRequest r : parsed) {
      records.add(decoder.decode(r));
    }
    double decode = (System.nanoTime() - t) / 1e9;
    double memory;
    try (DuckDbSpanStore store = DuckDbSpanStore.open(null, Duration.ofDays(30), 10_000_000)) {
      t = System.nanoTime();
      for (List<SpanRecord> r : records) {
        store.append(r);
      }
      memory = (System.nanoTime() - t) / 1e9;
    }
    double file;
    try (DuckDbSpanStore store =
        DuckDbSpanStore.open(dir.resolve("stages.duckdb"), Duration.ofDays(30), 10_000_000)) {
      t = System.nanoTime();
      for (List<SpanRecord> r : records) {
        store.append(r);
      }
      file = (System.nanoTime() - t) / 1e9;
    }
    Files.deleteIfExists(dir.resolve("stages.duckdb"));
    Files.deleteIfExists(dir.resolve("stages.duckdb.wal"));
    long spans = (long) n * SPANS_PER_BATCH;
    System.out.printf(
        Locale.ROOT,
        "stages, one thread, %,d spans: protobuf parse %,.0f spans/s; decode and price %,.0f"
            + " spans/s; append in memory %,.0f spans/s; append to a file %,.0f spans/s%n",
        spans,
        spans / parse,
        spans / decode,
        spans / memory,
        spans / file);
  }

  private static void latency(Explorer explorer, int stored) throws Exception {
    int conversations = stored / SPANS_PER_CONVERSATION;
    String[] pages = {"conversation page", "conversation list", "spend page", "workflows page"};
    for (String page : pages) {
      long[] ms = new long[40];
      for (int i = -5; i < ms.length; i++) {
        int c = ThreadLocalRandom.current().nextInt(conversations);
        String path;
        switch (page) {
          case "conversation page":
            path = "conversations/conv-" + c;
            break;
          case "conversation list":
            path = "conversations?sort=cost";
            break;
          case "spend page":
            path = "spend?by=model";
            break;
          default:
            path = "workflows";
        }
        long t = System.nanoTime();
        HttpResponse<String> r = get(explorer.url() + path);
        long elapsed = (System.nanoTime() - t) / 1_000_000;
        if (r.statusCode() != 200) {
          throw new IllegalStateException(path + " answered " + r.statusCode());
        }
        if (i >= 0) {
          ms[i] = elapsed;
        }
      }
      Arrays.sort(ms);
      System.out.printf(
          Locale.ROOT,
          "%s at %,d spans: median %d ms, p95 %d ms, max %d ms (40 requests)%n",
          page,
          stored,
          ms[ms.length / 2],
          ms[(int) (ms.length * 0.95)],
          ms[ms.length - 1]);
    }
  }

  private interface Batches {
    byte[] get(int i) throws Exception;
  }

  /** Posts the batches from 2 clients; the CPU time its threads took, by kind of thread. */
  private static Map<String, Long> post(String url, int count, Batches batches) throws Exception {
    Map<Long, Long> before = threadCpu();
    ExecutorService clients = Executors.newFixedThreadPool(2);
    AtomicInteger next = new AtomicInteger();
    List<Future<?>> done = new ArrayList<>();
    for (int c = 0; c < 2; c++) {
      done.add(
          clients.submit(
              () -> {
                int i;
                while ((i = next.getAndIncrement()) < count) {
                  byte[] body = batches.get(i);
                  HttpResponse<String> r =
                      CLIENT.send(
                          HttpRequest.newBuilder(URI.create(url))
                              .header("Content-Type", "application/x-protobuf")
                              .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                              .build(),
                          HttpResponse.BodyHandlers.ofString());
                  if (r.statusCode() != 200) {
                    throw new IllegalStateException("batch answered " + r.statusCode());
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    Map<String, Long> used = new TreeMap<>();
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (t == null) {
        continue;
      }
      long cpu = mx.getThreadCpuTime(t.getThreadId());
      if (cpu < 0) {
        continue;
      }
      String name = t.getThreadName();
      String group =
          name.startsWith("pool-") || name.startsWith("HttpClient")
              ? "client"
              : name.startsWith("explorer-http") ? "server workers" : "other Java";
      used.merge(group, cpu - before.getOrDefault(t.getThreadId(), 0L), Long::sum);
    }
    clients.shutdown();
    return used;
  }

  /** Where the ingest's CPU time went, per span. */
  private static void split(Map<String, Long> threads, double cpuMicros, long spans) {
    long javaThreads = threads.values().stream().mapToLong(Long::longValue).sum();
    StringBuilder split = new StringBuilder();
    threads.forEach(
        (group, nanos) ->
            split.append(String.format(Locale.ROOT, "%s %.1f us, ", group, nanos / 1e3 / spans)));
    System.out.printf(
        Locale.ROOT,
        "ingest CPU %.1f us per span: %sthe rest (GC, JIT, DuckDB's own threads) %.1f us%n",
        cpuMicros,
        split,
        cpuMicros - javaThreads / 1e3 / spans);
  }

  private static Map<Long, Long> threadCpu() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<Long, Long> out = new HashMap<>();
    for (long id : mx.getAllThreadIds()) {
      long cpu = mx.getThreadCpuTime(id);
      if (cpu >= 0) {
        out.put(id, cpu);
      }
    }
    return out;
  }

  private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * 50 conversations of 5 turns, each turn a trace of 4 spans: observed call, model call, tool,
   * HTTP.
   */
  static byte[] batch(int b, long now) {
    ScopeSpans.Builder scope = ScopeSpans.newBuilder();
    int conversationsPerBatch = SPANS_PER_BATCH / SPANS_PER_CONVERSATION;
    for (int k = 0; k < conversationsPerBatch; k++) {
      int c = b * conversationsPerBatch + k;
      String conversation = "conv-" + c;
      String user = "user-" + (c % 5000);
      for (int turn = 1; turn <= 5; turn++) {
        // spread over the last week in the order they arrive, as live traffic is
        long start = now - WEEK_NANOS + (long) b * BATCH_STEP_NANOS + turn * 2_000_000_000L;
        ByteString trace = id(16, c, turn, 0);
        ByteString root = id(8, c, turn, 1);
        ByteString call = id(8, c, turn, 2);
        ByteString tool = id(8, c, turn, 3);
        ByteString http = id(8, c, turn, 4);
        String question = String.format(Locale.ROOT, QUESTION, c);
        String answer = String.format(Locale.ROOT, ANSWER, c);
        scope.addSpans(
            span(trace, root, ByteString.EMPTY, "answer", start, 900)
                .addAttributes(kv("gen_ai.l9.span.kind", "llm"))
                .addAttributes(kv("gen_ai.conversation.id", conversation))
                .addAttributes(kv("gen_ai.conversation.turn", turn))
                .addAttributes(kv("user.id", user))
                .addAttributes(kv("gen_ai.l9.cost.priced_by_child", true)));
        scope.addSpans(
            span(trace, call, root, "chat gpt-4o", start + 100_000_000, 700)
                .addAttributes(kv("gen_ai.operation.name", "chat"))
                .addAttributes(kv("gen_ai.provider.name", c % 3 == 0 ? "anthropic" : "openai"))
                .addAttributes(
                    kv(
                        "gen_ai.response.model",
                        c % 3 == 0 ? "claude-sonnet-4-5-20250929" : "gpt-4o-2024-08-06"))
                .addAttributes(kv("gen_ai.conversation.id", conversation))
                .addAttributes(kv("gen_ai.conversation.turn", turn))
                .addAttributes(kv("user.id", user))
                .addAttributes(kv("gen_ai.usage.input_tokens", 1200 + turn * 50))
                .addAttributes(kv("gen_ai.usage.output_tokens", 60 + turn))
                .addAttributes(kv("gen_ai.usage.cost_usd", 0.0036 + turn * 0.0001))
                .addAttributes(
                    kv("gen_ai.l9.cost.price_source", "genai-prices:openai/gpt-4o@2026-08-21"))
                .addAttributes(
                    kv(
                        "gen_ai.input.messages",
                        "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\",\"content\":\""
                            + question
                            + "\"}]}]"))
                .addAttributes(
                    kv(
                        "gen_ai.output.messages",
                        "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\""
                            + answer
                            + "\"}],\"finish_reason\":\"stop\"}]")));
        scope.addSpans(
            span(trace, tool, root, "lookup_invoices", start + 50_000_000, 40)
                .addAttributes(kv("gen_ai.l9.span.kind", "tool"))
                .addAttributes(kv("gen_ai.conversation.id", conversation))
                .addAttributes(kv("gen_ai.conversation.turn", turn)));
        scope.addSpans(
            span(trace, http, call, "POST", start + 110_000_000, 650)
                .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                .addAttributes(kv("http.request.method", "POST")));
      }
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(kv("service.name", "bench")))
                .addScopeSpans(scope))
        .build()
        .toByteArray();
  }

  private static Span.Builder span(
      ByteString trace, ByteString id, ByteString parent, String name, long start, long ms) {
    return Span.newBuilder()
        .setTraceId(trace)
        .setSpanId(id)
        .setParentSpanId(parent)
        .setName(name)
        .setStartTimeUnixNano(start)
        .setEndTimeUnixNano(start + ms * 1_000_000L);
  }

  private static ByteString id(int length, int conversation, int turn, int span) {
    ByteBuffer b = ByteBuffer.allocate(length);
    b.putInt(conversation + 1).putInt(turn);
    if (length > 8) {
      b.putInt(span).putInt(0x5eed);
    } else {
      b.putInt(0, (conversation + 1) ^ (span << 24));
      b.putInt(4, turn * 16 + span);
    }
    return ByteString.copyFrom(b.array());
  }

  private static KeyValue kv(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  private static KeyValue kv(String key, long value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setIntValue(value))
        .build();
  }

  private static KeyValue kv(String key, double value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setDoubleValue(value))
        .build();
  }

  private static KeyValue kv(String key, boolean value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setBoolValue(value))
        .build();
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static String rss() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return line.substring(6).strip();
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return "unknown";
  }
}
