/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.javaagent;

import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.redis.internal.TurnKeys;
import io.last9.genai.testing.AgentJvm;
import io.last9.genai.testing.FakeOpenAI;
import io.last9.genai.testing.OtlpReceiver;
import io.last9.genai.testing.RedisServer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Redis turn store inside the extension jar, under the real Java agent (lowest and newest
 * supported) and a real {@code redis-server} on loopback: replicas in separate JVMs number one
 * conversation as one sequence, and a Redis that is down never stops the agent.
 */
class RedisTurnStoreIT {

  private static final String CONVERSATION = "conv-replicas";

  /**
   * Replica A serves 4 turns alone; then replicas B and C serve 20 turns each at once, 4 threads
   * each. A's chat spans carry 1..4, B's and C's together exactly 5..44, with no number twice and
   * none from the fallback. Each replica's application also has Lettuce of its own on its class
   * path, which it uses beside the extension's relocated copy: the agent traces its command and
   * none of the store's.
   */
  @ParameterizedTest(name = "agent {0}")
  @MethodSource("io.last9.genai.testing.AgentJvm#agentVersions")
  void replicasInSeparateJvmsNumberOneConversationAsOneSequence(String version) throws Exception {
    try (RedisServer redis = RedisServer.start();
        FakeOpenAI openai = ScenarioServer.start();
        OtlpReceiver a = OtlpReceiver.start();
        OtlpReceiver b = OtlpReceiver.start();
        OtlpReceiver c = OtlpReceiver.start()) {
      // a generous timeout: three agent JVMs share two cores here, and this test is about the
      // numbering; the store's own tests cover how it gives up within the timeout
      Map<String, String> store =
          Map.of(
              "otel.last9.genai.turns.redis.uri",
              redis.uri(),
              "otel.last9.genai.turns.redis.timeout",
              "2s",
              AgentTurnsApp.APP_REDIS,
              redis.uri());

      AgentJvm.Result first = replica(version, a, openai, store, 1, 4);
      assertThat(first.exitCode()).as(first.output()).isZero();
      assertThat(first.output()).contains(Scenario.DONE);
      assertThat(turns(a)).as("replica A").containsExactlyInAnyOrder(1L, 2L, 3L, 4L);

      ExecutorService both = Executors.newFixedThreadPool(2);
      try {
        CompletableFuture<AgentJvm.Result> second =
            CompletableFuture.supplyAsync(() -> replica(version, b, openai, store, 4, 5), both);
        CompletableFuture<AgentJvm.Result> third =
            CompletableFuture.supplyAsync(() -> replica(version, c, openai, store, 4, 5), both);
        for (AgentJvm.Result r : List.of(second.join(), third.join())) {
          assertThat(r.exitCode()).as(r.output()).isZero();
          assertThat(r.output())
              .contains(Scenario.DONE)
              .doesNotContain("last9-genai is not active")
              .doesNotContain("Redis turn store at")
              .contains(AgentTurnsApp.KEYS + "[l9:turn:");
        }
      } finally {
        both.shutdown();
      }
      List<Long> continued = new ArrayList<>(turns(b));
      continued.addAll(turns(c));
      assertThat(continued)
          .as("replicas B and C, 20 turns each, at once")
          .hasSize(40)
          .doesNotHaveDuplicates()
          .containsExactlyInAnyOrderElementsOf(
              LongStream.rangeClosed(5, 44).boxed().collect(Collectors.toList()));
      assertThat(turns(b)).as("both served turns").isNotEmpty();
      assertThat(turns(c)).as("both served turns").isNotEmpty();

      for (OtlpReceiver replica : List.of(a, b, c)) {
        List<ExportedSpan> spans = exported(replica);
        assertThat(spans)
            .filteredOn(s -> s.name().startsWith("chat "))
            .as("every chat span is in the conversation, numbered on Redis")
            .allSatisfy(
                s -> {
                  assertThat(s.attribute("gen_ai.conversation.id")).isEqualTo(CONVERSATION);
                  assertThat(s.has("gen_ai.l9.turn.fallback")).as(s.toString()).isFalse();
                });
        // the application's connection: its handshake (HELLO, CLIENT SETINFO, ...) and its KEYS;
        // the
        // store's connection would add a second HELLO and an EVAL per turn
        assertThat(spans)
            .filteredOn(RedisTurnStoreIT::isRedisCommand)
            .extracting(ExportedSpan::name)
            .as("the application's own Lettuce is traced; the store's commands are not")
            .containsOnlyOnce("HELLO", "KEYS")
            .doesNotContain("EVAL", "EVALSHA");
      }
      assertThat(redis.command("INCRBY " + TurnKeys.key("l9:turn:", CONVERSATION) + " 0"))
          .as("the conversation's one counter")
          .isEqualTo(":44");
    }
  }

  /**
   * Every Redis setting at its default, only the URI set: two fresh agent JVMs, one after the
   * other, serve three turns each of one conversation. A fresh JVM is where the first connection is
   * opened and the turn script first runs; neither may cost a turn its number: 1, 2, 3, then 4, 5,
   * 6, none marked.
   */
  @ParameterizedTest(name = "agent {0}")
  @MethodSource("io.last9.genai.testing.AgentJvm#agentVersions")
  void freshAgentJvmsInARowContinueOneSequenceAtTheDefaults(String version) throws Exception {
    try (RedisServer redis = RedisServer.start();
        FakeOpenAI openai = ScenarioServer.start();
        OtlpReceiver first = OtlpReceiver.start();
        OtlpReceiver second = OtlpReceiver.start()) {
      Map<String, String> onlyTheUri = Map.of("otel.last9.genai.turns.redis.uri", redis.uri());
      List<List<Long>> served = new ArrayList<>();
      for (OtlpReceiver replica : List.of(first, second)) {
        AgentJvm.Result run = replica(version, replica, openai, onlyTheUri, 1, 3);
        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.output()).contains(Scenario.DONE).doesNotContain("Redis turn store at");
        assertThat(exported(replica))
            .filteredOn(s -> s.name().startsWith("chat "))
            .as("numbered on Redis")
            .hasSize(3)
            .allSatisfy(
                s -> assertThat(s.has("gen_ai.l9.turn.fallback")).as(s.toString()).isFalse());
        List<Long> turns = new ArrayList<>(turns(replica));
        turns.sort(Comparator.naturalOrder());
        served.add(turns);
      }
      assertThat(served).containsExactly(List.of(1L, 2L, 3L), List.of(4L, 5L, 6L));
    }
  }

  /**
   * Redis down when the agent starts: the agent starts, the application runs, the failure is logged
   * once, and turns 1-3 are numbered in the process and marked as fallback. When Redis comes back
   * (empty), the store reconnects by itself and the later turns are numbered on Redis again, above
   * the numbers the process used.
   */
  @ParameterizedTest(name = "agent {0}")
  @MethodSource("io.last9.genai.testing.AgentJvm#agentVersions")
  void aRedisThatIsDownAtStartLeavesTheAgentRunningOnLocalTurnsUntilItReturns(String version)
      throws Exception {
    try (RedisServer redis = RedisServer.start();
        FakeOpenAI openai = ScenarioServer.start();
        OtlpReceiver otlp = OtlpReceiver.start()) {
      redis.kill();
      Map<String, String> properties =
          Map.of(
              "otel.last9.genai.turns.redis.uri",
              redis.uri(),
              // reconnect attempts (made by a turn, in the background) at most 200 ms apart, and no
              // turn given up for a slow answer on this shared machine: this test is about the
              // outage, the store's own tests about its timeout
              "otel.last9.genai.turns.redis.retry-interval",
              "200ms",
              "otel.last9.genai.turns.redis.timeout",
              "2s",
              AgentTurnsApp.AFTER_REDIS_RETURNS,
              "5");
      ExecutorService jvm = Executors.newSingleThreadExecutor();
      AgentJvm.Result run;
      try {
        CompletableFuture<AgentJvm.Result> running =
            CompletableFuture.supplyAsync(
                () -> replica(version, otlp, openai, properties, 1, 3), jvm);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (turns(otlp).size() < 3 && !running.isDone() && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        redis.restart();
        run = running.join();
      } finally {
        jvm.shutdown();
      }

      assertThat(run.exitCode()).as(run.output()).isZero();
      List<ExportedSpan> chats =
          exported(otlp).stream()
              .filter(s -> s.name().startsWith("chat "))
              .sorted(Comparator.comparing(s -> (Long) s.attribute("gen_ai.conversation.turn")))
              .collect(Collectors.toList());
      assertThat(chats)
          .extracting(s -> s.attribute("gen_ai.conversation.turn"))
          .as("one sequence, across the outage: " + chats)
          .containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);
      assertThat(chats)
          .allSatisfy(
              s -> {
                assertThat(s.attribute("gen_ai.conversation.id")).isEqualTo(CONVERSATION);
                assertThat(s.cost()).as("priced").isPositive();
              });
      assertThat(chats.subList(0, 3))
          .as("while Redis was down")
          .allSatisfy(s -> assertThat(s.attribute("gen_ai.l9.turn.fallback")).isEqualTo(true));
      // the first turn after Redis returned may still be local (it starts the reconnection)
      assertThat(chats.get(chats.size() - 1).has("gen_ai.l9.turn.fallback"))
          .as("numbered on Redis again: " + chats)
          .isFalse();
      assertThat(run.output())
          .contains(Scenario.DONE)
          .doesNotContain("last9-genai is not active")
          .contains("Redis turn store at 127.0.0.1")
          .contains("answers again");
      assertThat(redis.command("INCRBY " + TurnKeys.key("l9:turn:", CONVERSATION) + " 0"))
          .as("Redis's counter continued above the local numbers")
          .isEqualTo(":8");
    }
  }

  /**
   * A setting that is not a Redis URI is invalid configuration, reported like any other: the agent
   * starts and traces, the error names the property without showing the password in the URI, and
   * last9-genai stays out of the agent until the setting is fixed (rather than numbering turns per
   * replica without saying so for good).
   */
  @Test
  void anInvalidRedisUriIsReportedAndTheAgentRunsWithoutLast9() throws Exception {
    List<String> versions = AgentJvm.agentVersions();
    try (FakeOpenAI openai = ScenarioServer.start();
        OtlpReceiver otlp = OtlpReceiver.start()) {
      AgentJvm.Result run =
          replica(
              versions.get(versions.size() - 1),
              otlp,
              openai,
              // the password in a malformed URI (an unclosed '['), which Lettuce's own error
              // would quote
              Map.of("otel.last9.genai.turns.redis.uri", "redis://app:Zq7-hunter2@[::1:6379"),
              1,
              1);

      assertThat(run.exitCode()).as(run.output()).isZero();
      assertThat(run.output())
          .contains(Scenario.DONE)
          .contains("last9-genai is not active")
          .contains("otel.last9.genai.turns.redis.uri")
          .contains("redis://app:******@[::1:6379")
          .doesNotContain("Zq7")
          .doesNotContain("hunter2");
      assertThat(exported(otlp))
          .as("the agent still traces the application, without last9-genai")
          .anyMatch(s -> s.name().startsWith("chat "))
          .noneMatch(s -> s.has("gen_ai.conversation.id"));
    }
  }

  private static AgentJvm.Result replica(
      String version,
      OtlpReceiver otlp,
      FakeOpenAI openai,
      Map<String, String> properties,
      int threads,
      int turns) {
    try {
      return AgentApps.run(
          version,
          otlp.endpoint(),
          properties,
          AgentTurnsApp.class.getName(),
          ScenarioServer.origin(openai),
          CONVERSATION,
          Integer.toString(threads),
          Integer.toString(turns));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The turn of every chat span the replica exported, in the order they were received. */
  private static List<Long> turns(OtlpReceiver otlp) {
    return exported(otlp).stream()
        .filter(s -> s.name().startsWith("chat "))
        .map(s -> (Long) s.attribute("gen_ai.conversation.turn"))
        .collect(Collectors.toList());
  }

  private static boolean isRedisCommand(ExportedSpan s) {
    return "redis".equals(s.attribute("db.system"))
        || "redis".equals(s.attribute("db.system.name"));
  }

  private static List<ExportedSpan> exported(OtlpReceiver otlp) {
    return otlp.spans().stream().map(ExportedSpan::of).collect(Collectors.toList());
  }
}
