/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.testing.RedisServerExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Fresh JVMs, one after the other, each serving three turns of one conversation with every Redis
 * setting at its default (only the URI set). A fresh JVM is where the first connection is opened
 * and the script first runs, so its first turns are the ones a too-short wait would number locally:
 * the processes must continue one sequence (1, 2, 3, then 4, 5, 6, ...) with no turn marked.
 */
class FreshProcessIT {

  private static final int PROCESSES = 4;
  private static final int TURNS = 3;

  @RegisterExtension static final RedisServerExtension redis = new RedisServerExtension();

  @Test
  void processesInARowContinueOneSequenceAtTheDefaults() throws Exception {
    List<String> all = new ArrayList<>();
    for (int p = 0; p < PROCESSES; p++) {
      String output = run(redis.server().uri(), "conv-fresh", TURNS);
      List<String> turns =
          output
              .lines()
              .filter(l -> l.startsWith(FreshProcessTurns.TURN))
              .collect(Collectors.toList());
      List<String> expected =
          LongStream.rangeClosed(p * TURNS + 1, (p + 1) * TURNS)
              .mapToObj(n -> FreshProcessTurns.TURN + n + " fallback=false")
              .collect(Collectors.toList());
      assertThat(turns).as("process %d of %d:%n%s", p + 1, PROCESSES, output).isEqualTo(expected);
      all.addAll(turns);
    }
    System.out.printf(
        "fresh processes: %d JVMs in a row, %d turns each, at the defaults: %s%n",
        PROCESSES, TURNS, all);
  }

  /** Runs {@link FreshProcessTurns} in a new JVM; returns what it printed. */
  private static String run(String uri, String conversation, int turns)
      throws IOException, InterruptedException {
    List<String> command =
        List.of(
            Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp",
            System.getProperty("java.class.path"),
            FreshProcessTurns.class.getName(),
            uri,
            conversation,
            Integer.toString(turns));
    Path log = Files.createTempFile("last9-fresh-process", ".log");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      if (!process.waitFor(2, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException("the process did not finish in 2 minutes");
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertThat(process.exitValue()).as(output).isZero();
      return output;
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
