/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing.internal;

import static io.last9.genai.GenAiAttributes.L9_SPAN_KIND;
import static io.last9.genai.GenAiAttributes.PROVIDER_NAME;
import static io.last9.genai.GenAiAttributes.WORKFLOW_TYPE;
import static org.assertj.core.api.Assertions.assertThat;

import io.last9.genai.GenAiSpanKind;
import io.opentelemetry.api.common.Attributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CostMetricAttributesTest {

  private final CostMetricAttributes sets = new CostMetricAttributes();

  @Test
  void theSameValuesGiveTheSameInstanceWithEveryValueOnIt() {
    Attributes first = sets.get("gpt-4o", "openai", GenAiSpanKind.LLM, "rag");
    Attributes second = sets.get("gpt-4o", "openai", GenAiSpanKind.LLM, "rag");

    assertThat(second).isSameAs(first);
    assertThat(first)
        .isEqualTo(
            Attributes.builder()
                .put(CostMetric.MODEL, "gpt-4o")
                .put(PROVIDER_NAME, "openai")
                .put(L9_SPAN_KIND, "llm")
                .put(WORKFLOW_TYPE, "rag")
                .build());
    assertThat(sets.size()).isEqualTo(1);
  }

  @Test
  void eachValueTellsSetsApart() {
    Attributes base = sets.get("gpt-4o", "openai", GenAiSpanKind.LLM, "rag");

    assertThat(sets.get("gpt-4o-mini", "openai", GenAiSpanKind.LLM, "rag")).isNotEqualTo(base);
    assertThat(sets.get("gpt-4o", "azure.ai.openai", GenAiSpanKind.LLM, "rag")).isNotEqualTo(base);
    assertThat(sets.get("gpt-4o", "openai", GenAiSpanKind.EMBEDDING, "rag")).isNotEqualTo(base);
    assertThat(sets.get("gpt-4o", "openai", GenAiSpanKind.LLM, "support")).isNotEqualTo(base);
    assertThat(sets.get("gpt-4o", "openai", GenAiSpanKind.LLM, "rag")).isSameAs(base);
    assertThat(sets.size()).isEqualTo(5);
  }

  @Test
  void anAbsentOrEmptyValueIsLeftOut() {
    Attributes none = sets.get("gpt-4o", null, GenAiSpanKind.TOOL, null);

    assertThat(none)
        .isEqualTo(
            Attributes.builder().put(CostMetric.MODEL, "gpt-4o").put(L9_SPAN_KIND, "tool").build());
    assertThat(sets.get("gpt-4o", "", GenAiSpanKind.TOOL, "")).isEqualTo(none);
    assertThat(sets.get(null, null, GenAiSpanKind.LLM, null))
        .isEqualTo(Attributes.of(L9_SPAN_KIND, "llm"));
  }

  @Test
  void pastTheBoundSetsAreStillRightButNotKept() {
    for (int i = 0; i < CostMetricAttributes.MAX_ENTRIES; i++) {
      sets.get("model-" + i, "openai", GenAiSpanKind.LLM, null);
    }
    assertThat(sets.size()).isEqualTo(CostMetricAttributes.MAX_ENTRIES);

    Attributes late = sets.get("model-late", "openai", GenAiSpanKind.LLM, null);
    Attributes again = sets.get("model-late", "openai", GenAiSpanKind.LLM, null);

    assertThat(late.get(CostMetric.MODEL)).isEqualTo("model-late");
    assertThat(again).isEqualTo(late).isNotSameAs(late);
    assertThat(sets.size()).isEqualTo(CostMetricAttributes.MAX_ENTRIES);
    // the ones kept before the bound are still served
    assertThat(sets.get("model-0", "openai", GenAiSpanKind.LLM, null))
        .isSameAs(sets.get("model-0", "openai", GenAiSpanKind.LLM, null));
  }

  @Test
  void threadsAskingAtOnceAllGetEqualSets() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<List<Attributes>>> results = new ArrayList<>();
    try {
      for (int t = 0; t < 8; t++) {
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  List<Attributes> got = new ArrayList<>();
                  for (int i = 0; i < 200; i++) {
                    got.add(sets.get("m-" + (i % 20), "openai", GenAiSpanKind.LLM, "w"));
                  }
                  return got;
                }));
      }
      go.countDown();
      for (Future<List<Attributes>> f : results) {
        List<Attributes> got = f.get(30, TimeUnit.SECONDS);
        for (int i = 0; i < got.size(); i++) {
          assertThat(got.get(i).get(CostMetric.MODEL)).isEqualTo("m-" + (i % 20));
          assertThat(got.get(i).get(WORKFLOW_TYPE)).isEqualTo("w");
        }
      }
    } finally {
      pool.shutdownNow();
    }
    // a race may build a set twice, never keep more than one per combination past the bound
    assertThat(sets.size()).isBetween(20, CostMetricAttributes.MAX_ENTRIES);
  }
}
