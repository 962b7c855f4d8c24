/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.examples;

import io.last9.genai.testing.FakeOpenAI;
import java.util.concurrent.CountDownLatch;

/**
 * The demo's OpenAI-compatible server on its own, for trying the README's quick start without an
 * API key: it prints the base URL to give the client ({@code OPENAI_BASE_URL}) and answers until
 * the process is stopped (Ctrl-C, or a signal), whatever its standard input is, so it also runs in
 * the background ({@code </dev/null &}). Every chat after the first reports its 1,200-token prompt
 * prefix as cached, as OpenAI does.
 *
 * <pre>{@code
 * mvn -q -pl examples/quickstart -am package exec:java -DskipTests -Ddemo.main=io.last9.genai.examples.LocalOpenAI
 * }</pre>
 */
public final class LocalOpenAI {

  private LocalOpenAI() {}

  public static void main(String[] args) throws InterruptedException {
    FakeOpenAI openai = DemoModels.startOpenAI();
    CountDownLatch stopped = new CountDownLatch(1);
    // the JVM runs shutdown hooks on Ctrl-C (SIGINT) and SIGTERM: the server stops, then main ends
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  openai.close();
                  stopped.countDown();
                },
                "local-openai-shutdown"));
    System.out.println("OPENAI_BASE_URL=" + openai.baseUrl());
    System.out.println("Serving until stopped (Ctrl-C).");
    System.out.flush();
    stopped.await();
  }
}
