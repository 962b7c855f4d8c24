/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.last9.genai.observe.ResponseInfo;
import io.last9.genai.pricing.Usage;
import io.last9.genai.pricing.UsageComponent;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code Map} extractor on raw provider JSON, decoded by Jackson as an application would. */
class MapResponseExtractorTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final MapResponseExtractor extractor = new MapResponseExtractor();

  private ResponseInfo read(String json) throws Exception {
    return extractor.extract(JSON.readValue(json.replace('\'', '"'), Map.class));
  }

  @Test
  void openAiChatAudioTokens() throws Exception {
    ResponseInfo info =
        read(
            "{'model': 'gpt-audio', 'usage': {'prompt_tokens': 1200, 'completion_tokens': 500,"
                + " 'prompt_tokens_details': {'cached_tokens': 100, 'audio_tokens': 800},"
                + " 'completion_tokens_details': {'reasoning_tokens': 0, 'audio_tokens': 300}}}");
    assertThat(info.usage())
        .isEqualTo(
            Usage.builder()
                .inputTokens(1_200)
                .cacheReadInputTokens(100)
                .inputAudioTokens(800)
                .outputTokens(500)
                .outputAudioTokens(300)
                .reasoningOutputTokens(0) // reported as 0, which is not the same as not reported
                .build());
    assertThat(info.usageInvalid()).isFalse();
  }

  @Test
  void openAiResponsesAudioTokens() throws Exception {
    ResponseInfo info =
        read(
            "{'model': 'gpt-audio', 'usage': {'input_tokens': 1000, 'output_tokens': 400,"
                + " 'input_tokens_details': {'cached_tokens': 0, 'audio_tokens': 500},"
                + " 'output_tokens_details': {'reasoning_tokens': 0, 'audio_tokens': 100}}}");
    assertThat(info.usage())
        .isEqualTo(
            Usage.builder()
                .inputTokens(1_000)
                .cacheReadInputTokens(0)
                .inputAudioTokens(500)
                .outputTokens(400)
                .outputAudioTokens(100)
                .reasoningOutputTokens(0)
                .build());
    assertThat(info.usage().isReported(UsageComponent.CACHE_READ_TOKENS)).isTrue();
  }

  /**
   * A usage object with every field missing was once read as a usage of 0 and priced at $0.0: it is
   * no usage, in every shape the extractor reads.
   */
  @Test
  void aUsageObjectWithEveryFieldMissingIsNoUsage() throws Exception {
    for (String json :
        new String[] {
          "{'model': 'gpt-4o', 'usage': {}}",
          "{'model': 'gpt-4o', 'usage': {'prompt_tokens': null, 'completion_tokens': null}}",
          "{'model': 'gpt-4o', 'usage': {'prompt_tokens_details': {}, 'total_tokens': 7}}",
          "{'model': 'claude-sonnet-4-5', 'stop_reason': 'end_turn', 'usage': {'server_tool_use': {}}}",
          "{'modelVersion': 'gemini-2.0-flash', 'usageMetadata': {}}"
        }) {
      ResponseInfo info = read(json);
      assertThat(info.usage()).as(json).isNotNull();
      assertThat(info.usage().isReported()).as(json).isFalse();
      assertThat(info.usageInvalid()).as(json).isFalse();
    }
  }

  /** Counts the API reported as 0 are a real, free call: reported, unlike missing ones. */
  @Test
  void countsReportedAsZeroAreUsage() throws Exception {
    Usage usage =
        read("{'model': 'gpt-4o', 'usage': {'prompt_tokens': 0, 'completion_tokens': 0}}").usage();
    assertThat(usage.isReported()).isTrue();
    assertThat(usage.isReported(UsageComponent.INPUT_TOKENS)).isTrue();
    assertThat(usage.isReported(UsageComponent.CACHE_READ_TOKENS))
        .as("no prompt_tokens_details: the cache reads are unknown")
        .isFalse();
  }

  @Test
  void anthropicCacheTtlsAndWebSearches() throws Exception {
    ResponseInfo info =
        read(
            "{'model': 'claude-sonnet-4-5', 'stop_reason': 'end_turn', 'usage': {"
                + "'input_tokens': 5000, 'cache_creation_input_tokens': 20000, 'cache_read_input_tokens': 300,"
                + " 'cache_creation': {'ephemeral_5m_input_tokens': 4000, 'ephemeral_1h_input_tokens': 16000},"
                + " 'output_tokens': 1000, 'server_tool_use': {'web_search_requests': 3}}}");
    // input normalised: 5,000 uncached + 300 read + 20,000 written = 25,300
    assertThat(info.usage())
        .isEqualTo(
            Usage.builder()
                .inputTokens(25_300)
                .cacheReadInputTokens(300)
                .cacheCreationInputTokens(20_000)
                .cacheWrite5mInputTokens(4_000)
                .cacheWrite1hInputTokens(16_000)
                .outputTokens(1_000)
                .webSearches(3)
                .build());
    assertThat(info.provider()).isEqualTo("anthropic");
  }

  @Test
  void geminiModalities() throws Exception {
    ResponseInfo info =
        read(
            "{'modelVersion': 'gemini-2.0-flash', 'usageMetadata': {'promptTokenCount': 4610,"
                + " 'candidatesTokenCount': 101, 'thoughtsTokenCount': 20, 'cachedContentTokenCount': 1000,"
                + " 'promptTokensDetails': [{'modality': 'TEXT', 'tokenCount': 3110},"
                + " {'modality': 'AUDIO', 'tokenCount': 1500}],"
                + " 'cacheTokensDetails': [{'modality': 'AUDIO', 'tokenCount': 1000}],"
                + " 'candidatesTokensDetails': [{'modality': 'IMAGE', 'tokenCount': 90},"
                + " {'modality': 'DOCUMENT', 'tokenCount': 5}]}}");
    // output = candidates 101 + thoughts 20; DOCUMENT counts as image, as in genai-prices
    assertThat(info.usage())
        .isEqualTo(
            Usage.builder()
                .inputTokens(4_610)
                .inputTextTokens(3_110)
                .inputAudioTokens(1_500)
                .cacheReadInputTokens(1_000)
                .cacheReadAudioTokens(1_000)
                .outputTokens(121)
                .reasoningOutputTokens(20)
                .outputImageTokens(95)
                .build());
    assertThat(info.responseModel()).isEqualTo("gemini-2.0-flash");
  }

  @Test
  void untrustedCountsGiveNoUsageAndTheMarker() throws Exception {
    ObjectMapper bigNumbers =
        new ObjectMapper().enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);
    for (Object bad :
        new Object[] {"1000", Double.NaN, 12.5, -3, new BigInteger("18446744073709551623")}) {
      Map<String, Object> usage = new LinkedHashMap<>();
      usage.put("prompt_tokens", bad);
      usage.put("completion_tokens", 10);
      ResponseInfo info = extractor.extract(Map.of("model", "gpt-4o", "usage", usage));
      assertThat(info.usage()).as("%s", bad).isNull();
      assertThat(info.usageInvalid()).as("%s", bad).isTrue();
    }
    // 2^64 + 7 decoded as a BigInteger by Jackson is not priced as 7 tokens
    ResponseInfo info =
        extractor.extract(
            bigNumbers.readValue(
                "{\"model\": \"gpt-4o\", \"usage\": {\"prompt_tokens\": 18446744073709551623, \"completion_tokens\": 1}}",
                Map.class));
    assertThat(info.usage()).isNull();
    assertThat(info.usageInvalid()).isTrue();
    // whole numbers of other types are fine: 1000.0 and a small BigInteger
    ResponseInfo ok =
        extractor.extract(
            Map.of(
                "model",
                "gpt-4o",
                "usage",
                Map.of("prompt_tokens", 1000.0, "completion_tokens", BigInteger.TEN)));
    assertThat(ok.usage()).isEqualTo(Usage.of(1_000, 10));
  }

  @Test
  void componentNamesAreTheGenaiPricesUsageKeys() {
    assertThat(UsageComponent.WEB_SEARCHES.usageKey()).isEqualTo("web_searches");
    assertThat(UsageComponent.CACHE_WRITE_1H_TOKENS.attributeKey().getKey())
        .isEqualTo("gen_ai.l9.usage.cache_write_1h_tokens");
  }
}
