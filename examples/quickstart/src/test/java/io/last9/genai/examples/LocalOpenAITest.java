/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The quick start's keyless server runs until it is stopped, also when its standard input is closed
 * from the start (started in the background, {@code </dev/null &}), and Ctrl-C (SIGINT) stops it.
 */
class LocalOpenAITest {

  @Test
  void withStandardInputClosedItServesUntilInterrupted() throws Exception {
    String classpath = System.getProperty("surefire.test.class.path");
    if (classpath == null || classpath.isBlank()) {
      classpath = System.getProperty("java.class.path");
    }
    Process server =
        new ProcessBuilder(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                classpath,
                LocalOpenAI.class.getName())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectErrorStream(true)
            .start();
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
      String first = out.readLine();
      assertThat(first).as("the first line it prints").startsWith("OPENAI_BASE_URL=http://");
      String baseUrl = first.substring("OPENAI_BASE_URL=".length());

      // the old server returned as soon as it read end-of-input; give it time to do so
      assertThat(server.waitFor(2, TimeUnit.SECONDS)).as("it exited on its own").isFalse();

      HttpResponse<String> answer =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(baseUrl + "/chat/completions"))
                      .timeout(Duration.ofSeconds(10))
                      .header("Content-Type", "application/json")
                      .POST(
                          HttpRequest.BodyPublishers.ofString(
                              "{\"model\":\"gpt-4o\",\"messages\":"
                                  + "[{\"role\":\"user\",\"content\":\"What's the weather in SF?\"}]}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.body()).contains("\"usage\"").contains("gpt-4o-2024-08-06");

      // Ctrl-C. A build started in the background by a script runs with SIGINT ignored, which every
      // child inherits and no JVM can undo: there, SIGTERM (what `kill` sends) is the stop signal.
      String signal = sigintIgnoredHere() ? "TERM" : "INT";
      Process interrupt =
          new ProcessBuilder("kill", "-" + signal, Long.toString(server.pid())).inheritIO().start();
      assertThat(interrupt.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(server.waitFor(10, TimeUnit.SECONDS)).as("stopped by SIG" + signal).isTrue();
    } finally {
      server.destroyForcibly();
    }
  }

  /** Whether this process ignores SIGINT (Linux's {@code /proc}; false where it cannot tell). */
  private static boolean sigintIgnoredHere() throws IOException {
    Path status = Paths.get("/proc/self/status");
    if (!Files.exists(status)) {
      return false;
    }
    for (String line : Files.readAllLines(status)) {
      if (line.startsWith("SigIgn:")) {
        long ignored = Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16);
        return (ignored & (1L << (2 - 1))) != 0; // SIGINT is signal 2, bit 1
      }
    }
    return false;
  }
}
