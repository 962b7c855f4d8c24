/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import static io.last9.genai.GenAiAttributes.CONVERSATION_ID;
import static io.last9.genai.GenAiAttributes.WORKFLOW_ID;
import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.internal.ControlCharacters;
import io.last9.genai.sampling.ConversationSampler;
import io.last9.genai.testing.Last9TelemetryExtension;
import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingDecision;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Ids received as W3C Baggage are dropped when they hold a character that can forge a log line or
 * make the id read as another: line and paragraph separators, bidirectional controls and other
 * invisible format characters, not only CR, LF and NUL.
 */
class BaggageCharactersTest {

  private static final String TRACE_ID = "0af7651916cd43dd8448eb211c80319c";

  /** Values an attacker could send, each with one character of the rejected set. */
  private static final List<String> FORGED =
      List.of(
          "conv-1\u2028INFO user=admin logged in", // U+2028 LINE SEPARATOR
          "conv-1\u2029x", // U+2029 PARAGRAPH SEPARATOR
          "conv-1\u0085x", // U+0085 NEXT LINE
          "conv-\u202E1-vnoc", // U+202E RIGHT-TO-LEFT OVERRIDE: reads as another id
          "conv-\u202A1", // U+202A LEFT-TO-RIGHT EMBEDDING
          "conv-\u20661\u2069", // U+2066 ... U+2069 isolates
          "conv-\u200F1", // U+200F RIGHT-TO-LEFT MARK
          "conv-\u061C1", // U+061C ARABIC LETTER MARK
          "conv-\u200B1", // U+200B ZERO WIDTH SPACE: looks like conv-1
          "conv-\uFEFF1", // U+FEFF ZERO WIDTH NO-BREAK SPACE
          "conv-\uDB40\uDC011"); // U+E0001 LANGUAGE TAG, outside the BMP

  /** The context a server extracts from a request's {@code baggage} header. */
  private static Context inbound(String conversationId, String workflowId) {
    String header =
        "gen_ai.conversation.id="
            + percentEncoded(conversationId)
            + ",workflow.id="
            + percentEncoded(workflowId);
    return InboundHeaders.inbound(header);
  }

  private static String percentEncoded(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  @Test
  void forgedIdsAreNotStampedAndOrdinaryOnesAre() {
    Last9TelemetryExtension otel =
        Last9TelemetryExtension.builder().processor(b -> b.stampFromBaggage(true)).build();
    otel.start();
    try {
      for (String forged : FORGED) {
        try (Scope s = inbound(forged, "wf-ok").makeCurrent()) {
          otel.startAndEndSpan("served");
        }
        Attributes a = otel.span("served").getAttributes();
        assertThat(a.get(CONVERSATION_ID)).as(ControlCharacters.escape(forged)).isNull();
        assertThat(a.get(WORKFLOW_ID)).isEqualTo("wf-ok");
        otel.clearSpans();
      }
      // letters of any script, spaces and emoji are ordinary text
      try (Scope s = inbound("séance 日本 😀", "wf-\u2028forged").makeCurrent()) {
        otel.startAndEndSpan("served");
      }
      Attributes a = otel.span("served").getAttributes();
      assertThat(a.get(CONVERSATION_ID)).isEqualTo("séance 日本 😀");
      assertThat(a.get(WORKFLOW_ID)).isNull();
    } finally {
      otel.close();
    }
  }

  @Test
  void theSamplerIgnoresAForgedIdAsItDoesAnInvalidOne() {
    // keeps no conversation; spans outside conversations are all kept by the delegate
    ConversationSampler sampler =
        ConversationSampler.builder(0.0).delegate(Sampler.alwaysOn()).build();
    for (String forged : FORGED) {
      assertThat(decision(sampler, inbound(forged, "wf")))
          .as(ControlCharacters.escape(forged))
          .isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    }
    // a lone surrogate cannot come through the W3C header (its decoding replaces it), but can
    // through another propagator
    Context loneSurrogate =
        Baggage.builder()
            .put(CONVERSATION_ID.getKey(), "conv-\uD83D1")
            .build()
            .storeInContext(Context.root());
    assertThat(decision(sampler, loneSurrogate)).isEqualTo(SamplingDecision.RECORD_AND_SAMPLE);
    assertThat(decision(sampler, inbound("conv-1", "wf"))).isEqualTo(SamplingDecision.DROP);
  }

  private static SamplingDecision decision(ConversationSampler sampler, Context parent) {
    return sampler
        .shouldSample(parent, TRACE_ID, "served", SpanKind.SERVER, Attributes.empty(), List.of())
        .getDecision();
  }
}
