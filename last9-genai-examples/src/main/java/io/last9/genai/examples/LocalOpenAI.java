/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.examples;

import io.last9.genai.testing.FakeOpenAI;
import java.io.IOException;

/**
 * The demo's OpenAI-compatible server on its own, for trying the README's quick start without an
 * API key: it prints the base URL to give the client ({@code OPENAI_BASE_URL}) and answers until
 * its standard input closes or it is stopped. Every chat after the first reports its 1,200-token
 * prompt prefix as cached, as OpenAI does.
 *
 * <pre>{@code
 * mvn -q -pl last9-genai-examples -am package exec:java -DskipTests -Ddemo.main=io.last9.genai.examples.LocalOpenAI
 * }</pre>
 */
public final class LocalOpenAI {

  private LocalOpenAI() {}

  public static void main(String[] args) throws IOException, InterruptedException {
    try (FakeOpenAI openai = DemoModels.startOpenAI()) {
      System.out.println("OPENAI_BASE_URL=" + openai.baseUrl());
      System.out.flush();
      // until stdin closes (the parent went away) or the process is stopped
      while (System.in.read() >= 0) {
        Thread.onSpinWait();
      }
    }
  }
}
