/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.explorer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch the explorer answered 200 survives {@code kill -9}: the explorer runs in a process of its
 * own with a database file, is killed with SIGKILL right after the exporter's batches were
 * acknowledged, and a new explorer on the same file shows the conversation.
 */
class DurabilityTest {

  @Test
  void acknowledgedBatchesSurviveKill9(@TempDir Path dir) throws Exception {
    Path db = dir.resolve("explorer.duckdb");
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Explorer.class.getName(),
                "--port",
                Integer.toString(port),
                "--grpc-port",
                "-1",
                "--db",
                db.toString())
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = out.readLine()) != null && !line.startsWith("last9-genai explorer: open")) {
        // start-up log lines
      }
      assertThat(line).as("the explorer started").isNotNull();
      // the SimpleSpanProcessor's export returns once each batch was answered
      SampleTraffic.send("http://127.0.0.1:" + port + "/v1/traces", "gzip");
    } finally {
      process.destroyForcibly(); // SIGKILL: no shutdown hook, no checkpoint
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(process.exitValue()).isEqualTo(137); // 128 + SIGKILL

    try (Explorer reopened =
        Explorer.start(ExplorerOptions.builder().port(0).grpcPort(0).database(db).build())) {
      JsonNode c = Http.json(reopened.url() + "api/conversations/" + SampleTraffic.CONVERSATION);
      assertThat(c.path("turns")).hasSize(2);
      assertThat(c.path("summary").path("spans").asLong()).isEqualTo(5);
      assertThat(c.path("turns").get(1).path("answer").asText()).isEqualTo(SampleTraffic.ANSWER_2);
    } catch (IOException e) {
      throw new AssertionError("the file did not open after kill -9", e);
    }
  }
}
