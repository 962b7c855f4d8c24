/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import io.last9.genai.GenAiAttributes;
import io.last9.genai.internal.HostTelemetry;
import io.last9.genai.internal.Registrations;
import io.last9.genai.openai.Last9OpenAI;
import io.last9.genai.testing.FakeOpenAI;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.last9.genai.testing.OpenAITokens;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The root README's Example 1 runs, as written, against a loopback OpenAI fake answering with the
 * usage the README states (1,207 input and 63 output tokens of {@code gpt-4o-2024-08-06}), and the
 * first turn's spans carry every attribute of the JSON the README shows under it, with its values.
 */
class ReadmeExampleOneTest {

  @TempDir Path work;

  private URLClassLoader loader;

  @Test
  void exampleOnesFirstTurnHasTheAttributesItsJsonShows() throws Exception {
    Path readme = ReadmeSnippetsTest.root().resolve("README.md");
    List<String> lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
    int example = -1;
    for (int i = 0; i < lines.size() && example < 0; i++) {
      if (lines.get(i).startsWith("**Example 1")) {
        example = i;
      }
    }
    assertThat(example).as("Example 1 in the README").isNotNegative();
    int from = example;
    Snippet snippet =
        Snippet.read(readme).stream()
            .filter(s -> s.line() > from)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no Java block after Example 1"));
    int json = lines.subList(snippet.line(), lines.size()).indexOf("```json") + snippet.line();
    int jsonEnd = lines.subList(json + 1, lines.size()).indexOf("```") + json + 1;
    JsonNode expected =
        new ObjectMapper().readTree(String.join("\n", lines.subList(json + 1, jsonEnd)));
    assertThat(expected.isArray() && expected.size() > 0).as("Example 1's JSON").isTrue();

    Method run = compile(snippet);
    Last9TelemetryExtension otel = Last9TelemetryExtension.create();
    otel.start();
    Registrations.Registration preferred = HostTelemetry.prefer(otel.openTelemetry());
    try (FakeOpenAI openai = FakeOpenAI.start()) {
      for (int turn = 1; turn <= 3; turn++) {
        openai.enqueue(
            FakeOpenAI.chatCompletion(
                "chatcmpl-" + turn,
                "gpt-4o-2024-08-06",
                "Foggy, 18°C.",
                turn == 1 ? OpenAITokens.of(1_207, 63) : OpenAITokens.of(1_230, 40)));
      }
      OpenAIClient raw =
          OpenAIOkHttpClient.builder()
              .baseUrl(openai.baseUrl())
              .apiKey("sk-test")
              .maxRetries(0)
              .build();
      try {
        java.lang.reflect.Constructor<?> make = run.getDeclaringClass().getDeclaredConstructor();
        make.setAccessible(true);
        run.invoke(make.newInstance(), Last9OpenAI.wrap(raw, otel.openTelemetry()));
      } finally {
        raw.close();
      }
      List<SpanData> firstTurn = new ArrayList<>();
      for (SpanData s : otel.spans()) {
        if (Long.valueOf(1).equals(s.getAttributes().get(GenAiAttributes.CONVERSATION_TURN))) {
          firstTurn.add(s);
        }
      }
      assertThat(firstTurn).as("the first turn's spans").hasSize(expected.size());
      for (JsonNode span : expected) {
        String name = span.get("name").asText();
        SpanData actual =
            firstTurn.stream()
                .filter(s -> s.getName().equals(name))
                .findFirst()
                .orElseThrow(
                    () -> new AssertionError("no span " + name + " in turn 1: " + firstTurn));
        assertHas(actual.getAttributes(), span, name);
      }
    } finally {
      preferred.close();
      otel.close();
      loader.close();
    }
  }

  /** Every field of {@code expected} but its name is an attribute of the span, with that value. */
  private static void assertHas(Attributes actual, JsonNode expected, String span) {
    Map<String, Object> byKey = new java.util.HashMap<>();
    actual.forEach((AttributeKey<?> k, Object v) -> byKey.put(k.getKey(), v));
    for (Map.Entry<String, JsonNode> f : expected.properties()) {
      if (f.getKey().equals("name")) {
        continue;
      }
      Object value = byKey.get(f.getKey());
      JsonNode want = f.getValue();
      String what = span + " " + f.getKey();
      assertThat(value).as("%s (the span has %s)", what, byKey).isNotNull();
      if (want.isBoolean()) {
        assertThat(value).as(what).isEqualTo(want.asBoolean());
      } else if (want.isIntegralNumber()) {
        assertThat(value).as(what).isEqualTo(want.asLong());
      } else if (want.isNumber()) {
        assertThat((Double) value).as(what).isCloseTo(want.asDouble(), within(1e-12));
      } else {
        assertThat(value).as(what).isEqualTo(want.asText());
      }
    }
  }

  /** Compiles the README's fragment and returns its method, which takes the client. */
  private Method compile(Snippet snippet) throws Exception {
    Path src = Files.createDirectories(work.resolve("src"));
    Path classes = Files.createDirectories(work.resolve("classes"));
    String className = "Snippet" + snippet.line();
    Path file = src.resolve(className + ".java");
    Files.writeString(file, ReadmeSnippetsTest.wrap(snippet, className), StandardCharsets.UTF_8);
    ReadmeSnippetsTest.compile(snippet, file, classes);
    loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
    Class<?> type = loader.loadClass(className);
    Method m = type.getDeclaredMethod("snippet", OpenAIClient.class);
    m.setAccessible(true);
    return m;
  }
}
