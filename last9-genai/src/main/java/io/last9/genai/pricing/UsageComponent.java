/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.pricing;

import io.last9.genai.GenAiAttributes;
import io.opentelemetry.api.common.AttributeKey;

/**
 * One count a price can depend on: the usage keys of the genai-prices data format, each with the
 * price key that bills it, the number of units that price is for, and the span attribute that
 * carries the count.
 *
 * <p>Counts nest: a more specific count is a part of every more general one it refines, the way
 * genai-prices defines them. {@link #INPUT_AUDIO_TOKENS} and {@link #CACHE_READ_TOKENS} are parts
 * of {@link #INPUT_TOKENS}; {@link #CACHE_AUDIO_READ_TOKENS} is a part of both; {@link
 * #CACHE_WRITE_1H_TOKENS} is a part of {@link #CACHE_WRITE_TOKENS}; {@link
 * #OUTPUT_REASONING_TOKENS} and {@link #OUTPUT_IMAGE_TOKENS} are parts of {@link #OUTPUT_TOKENS}.
 * So {@code INPUT_TOKENS} is the total of all input tokens, cached ones included, and {@code
 * OUTPUT_TOKENS} the total of all output tokens, reasoning included, as the OpenTelemetry semantic
 * conventions define {@code gen_ai.usage.input_tokens} and {@code gen_ai.usage.output_tokens}.
 *
 * <p>Span attributes: the semantic-convention key where the conventions define one ({@code
 * gen_ai.usage.input_tokens}, {@code gen_ai.usage.output_tokens}, {@code
 * gen_ai.usage.cache_read.input_tokens}, {@code gen_ai.usage.cache_creation.input_tokens}, {@code
 * gen_ai.usage.reasoning.output_tokens}); every other count is {@code gen_ai.l9.usage.<usage key>},
 * e.g. {@code gen_ai.l9.usage.input_audio_tokens} or {@code gen_ai.l9.usage.web_searches}. All are
 * long attributes.
 */
public enum UsageComponent {
  /**
   * All input tokens, cached ones and every modality included; priced by {@code input_mtok}, USD
   * per million.
   */
  INPUT_TOKENS("input_tokens", "input_mtok", 1_000_000, GenAiAttributes.USAGE_INPUT_TOKENS),
  /**
   * All output tokens, reasoning and every modality included; priced by {@code output_mtok}, USD
   * per million.
   */
  OUTPUT_TOKENS("output_tokens", "output_mtok", 1_000_000, GenAiAttributes.USAGE_OUTPUT_TOKENS),
  /**
   * Input tokens read from the cache, every modality; priced by {@code cache_read_mtok}, USD per
   * million.
   */
  CACHE_READ_TOKENS(
      "cache_read_tokens",
      "cache_read_mtok",
      1_000_000,
      GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS),
  /**
   * Input tokens written to the cache, any TTL; priced by {@code cache_write_mtok}, USD per
   * million.
   */
  CACHE_WRITE_TOKENS(
      "cache_write_tokens",
      "cache_write_mtok",
      1_000_000,
      GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS),
  /** Cache writes with a 5-minute TTL; priced by {@code cache_write_5m_mtok}, USD per million. */
  CACHE_WRITE_5M_TOKENS("cache_write_5m_tokens", "cache_write_5m_mtok", 1_000_000, null),
  /** Cache writes with a 1-hour TTL; priced by {@code cache_write_1h_mtok}, USD per million. */
  CACHE_WRITE_1H_TOKENS("cache_write_1h_tokens", "cache_write_1h_mtok", 1_000_000, null),
  /** Input text tokens; priced by {@code input_text_mtok}, USD per million. */
  INPUT_TEXT_TOKENS("input_text_tokens", "input_text_mtok", 1_000_000, null),
  /** Output text tokens; priced by {@code output_text_mtok}, USD per million. */
  OUTPUT_TEXT_TOKENS("output_text_tokens", "output_text_mtok", 1_000_000, null),
  /** Cache text read tokens; priced by {@code cache_text_read_mtok}, USD per million. */
  CACHE_TEXT_READ_TOKENS("cache_text_read_tokens", "cache_text_read_mtok", 1_000_000, null),
  /** Cache text write tokens; priced by {@code cache_text_write_mtok}, USD per million. */
  CACHE_TEXT_WRITE_TOKENS("cache_text_write_tokens", "cache_text_write_mtok", 1_000_000, null),
  /** Cache text write 5m tokens; priced by {@code cache_text_write_5m_mtok}, USD per million. */
  CACHE_TEXT_WRITE_5M_TOKENS(
      "cache_text_write_5m_tokens", "cache_text_write_5m_mtok", 1_000_000, null),
  /** Cache text write 1h tokens; priced by {@code cache_text_write_1h_mtok}, USD per million. */
  CACHE_TEXT_WRITE_1H_TOKENS(
      "cache_text_write_1h_tokens", "cache_text_write_1h_mtok", 1_000_000, null),
  /** Input audio tokens; priced by {@code input_audio_mtok}, USD per million. */
  INPUT_AUDIO_TOKENS("input_audio_tokens", "input_audio_mtok", 1_000_000, null),
  /** Output audio tokens; priced by {@code output_audio_mtok}, USD per million. */
  OUTPUT_AUDIO_TOKENS("output_audio_tokens", "output_audio_mtok", 1_000_000, null),
  /** Cache audio read tokens; priced by {@code cache_audio_read_mtok}, USD per million. */
  CACHE_AUDIO_READ_TOKENS("cache_audio_read_tokens", "cache_audio_read_mtok", 1_000_000, null),
  /** Cache audio write tokens; priced by {@code cache_audio_write_mtok}, USD per million. */
  CACHE_AUDIO_WRITE_TOKENS("cache_audio_write_tokens", "cache_audio_write_mtok", 1_000_000, null),
  /** Cache audio write 5m tokens; priced by {@code cache_audio_write_5m_mtok}, USD per million. */
  CACHE_AUDIO_WRITE_5M_TOKENS(
      "cache_audio_write_5m_tokens", "cache_audio_write_5m_mtok", 1_000_000, null),
  /** Cache audio write 1h tokens; priced by {@code cache_audio_write_1h_mtok}, USD per million. */
  CACHE_AUDIO_WRITE_1H_TOKENS(
      "cache_audio_write_1h_tokens", "cache_audio_write_1h_mtok", 1_000_000, null),
  /** Input image tokens; priced by {@code input_image_mtok}, USD per million. */
  INPUT_IMAGE_TOKENS("input_image_tokens", "input_image_mtok", 1_000_000, null),
  /** Output image tokens; priced by {@code output_image_mtok}, USD per million. */
  OUTPUT_IMAGE_TOKENS("output_image_tokens", "output_image_mtok", 1_000_000, null),
  /** Cache image read tokens; priced by {@code cache_image_read_mtok}, USD per million. */
  CACHE_IMAGE_READ_TOKENS("cache_image_read_tokens", "cache_image_read_mtok", 1_000_000, null),
  /** Cache image write tokens; priced by {@code cache_image_write_mtok}, USD per million. */
  CACHE_IMAGE_WRITE_TOKENS("cache_image_write_tokens", "cache_image_write_mtok", 1_000_000, null),
  /** Cache image write 5m tokens; priced by {@code cache_image_write_5m_mtok}, USD per million. */
  CACHE_IMAGE_WRITE_5M_TOKENS(
      "cache_image_write_5m_tokens", "cache_image_write_5m_mtok", 1_000_000, null),
  /** Cache image write 1h tokens; priced by {@code cache_image_write_1h_mtok}, USD per million. */
  CACHE_IMAGE_WRITE_1H_TOKENS(
      "cache_image_write_1h_tokens", "cache_image_write_1h_mtok", 1_000_000, null),
  /** Input video tokens; priced by {@code input_video_mtok}, USD per million. */
  INPUT_VIDEO_TOKENS("input_video_tokens", "input_video_mtok", 1_000_000, null),
  /** Output video tokens; priced by {@code output_video_mtok}, USD per million. */
  OUTPUT_VIDEO_TOKENS("output_video_tokens", "output_video_mtok", 1_000_000, null),
  /** Cache video read tokens; priced by {@code cache_video_read_mtok}, USD per million. */
  CACHE_VIDEO_READ_TOKENS("cache_video_read_tokens", "cache_video_read_mtok", 1_000_000, null),
  /** Cache video write tokens; priced by {@code cache_video_write_mtok}, USD per million. */
  CACHE_VIDEO_WRITE_TOKENS("cache_video_write_tokens", "cache_video_write_mtok", 1_000_000, null),
  /** Cache video write 5m tokens; priced by {@code cache_video_write_5m_mtok}, USD per million. */
  CACHE_VIDEO_WRITE_5M_TOKENS(
      "cache_video_write_5m_tokens", "cache_video_write_5m_mtok", 1_000_000, null),
  /** Cache video write 1h tokens; priced by {@code cache_video_write_1h_mtok}, USD per million. */
  CACHE_VIDEO_WRITE_1H_TOKENS(
      "cache_video_write_1h_tokens", "cache_video_write_1h_mtok", 1_000_000, null),
  /** Input tokens of tool definitions; priced by {@code input_tool_mtok}, USD per million. */
  INPUT_TOOL_TOKENS("input_tool_tokens", "input_tool_mtok", 1_000_000, null),
  /** Input text tool tokens; priced by {@code input_text_tool_mtok}, USD per million. */
  INPUT_TEXT_TOOL_TOKENS("input_text_tool_tokens", "input_text_tool_mtok", 1_000_000, null),
  /** Input audio tool tokens; priced by {@code input_audio_tool_mtok}, USD per million. */
  INPUT_AUDIO_TOOL_TOKENS("input_audio_tool_tokens", "input_audio_tool_mtok", 1_000_000, null),
  /** Input image tool tokens; priced by {@code input_image_tool_mtok}, USD per million. */
  INPUT_IMAGE_TOOL_TOKENS("input_image_tool_tokens", "input_image_tool_mtok", 1_000_000, null),
  /** Input video tool tokens; priced by {@code input_video_tool_mtok}, USD per million. */
  INPUT_VIDEO_TOOL_TOKENS("input_video_tool_tokens", "input_video_tool_mtok", 1_000_000, null),
  /**
   * Reasoning ("thinking") output tokens; priced by {@code output_reasoning_mtok}, USD per million.
   */
  OUTPUT_REASONING_TOKENS(
      "output_reasoning_tokens",
      "output_reasoning_mtok",
      1_000_000,
      GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS),
  /**
   * Output text reasoning tokens; priced by {@code output_text_reasoning_mtok}, USD per million.
   */
  OUTPUT_TEXT_REASONING_TOKENS(
      "output_text_reasoning_tokens", "output_text_reasoning_mtok", 1_000_000, null),
  /**
   * Output audio reasoning tokens; priced by {@code output_audio_reasoning_mtok}, USD per million.
   */
  OUTPUT_AUDIO_REASONING_TOKENS(
      "output_audio_reasoning_tokens", "output_audio_reasoning_mtok", 1_000_000, null),
  /**
   * Output image reasoning tokens; priced by {@code output_image_reasoning_mtok}, USD per million.
   */
  OUTPUT_IMAGE_REASONING_TOKENS(
      "output_image_reasoning_tokens", "output_image_reasoning_mtok", 1_000_000, null),
  /**
   * Output video reasoning tokens; priced by {@code output_video_reasoning_mtok}, USD per million.
   */
  OUTPUT_VIDEO_REASONING_TOKENS(
      "output_video_reasoning_tokens", "output_video_reasoning_mtok", 1_000_000, null),
  /** Output citation tokens; priced by {@code output_citation_mtok}, USD per million. */
  OUTPUT_CITATION_TOKENS("output_citation_tokens", "output_citation_mtok", 1_000_000, null),
  /** Output text citation tokens; priced by {@code output_text_citation_mtok}, USD per million. */
  OUTPUT_TEXT_CITATION_TOKENS(
      "output_text_citation_tokens", "output_text_citation_mtok", 1_000_000, null),
  /**
   * Output audio citation tokens; priced by {@code output_audio_citation_mtok}, USD per million.
   */
  OUTPUT_AUDIO_CITATION_TOKENS(
      "output_audio_citation_tokens", "output_audio_citation_mtok", 1_000_000, null),
  /**
   * Output image citation tokens; priced by {@code output_image_citation_mtok}, USD per million.
   */
  OUTPUT_IMAGE_CITATION_TOKENS(
      "output_image_citation_tokens", "output_image_citation_mtok", 1_000_000, null),
  /**
   * Output video citation tokens; priced by {@code output_video_citation_mtok}, USD per million.
   */
  OUTPUT_VIDEO_CITATION_TOKENS(
      "output_video_citation_tokens", "output_video_citation_mtok", 1_000_000, null),
  /** Input characters; priced by {@code input_mchars}, USD per million. */
  INPUT_CHARACTERS("input_characters", "input_mchars", 1_000_000, null),
  /** Input text messages; priced by {@code input_text_messages_kcount}, USD per thousand. */
  INPUT_TEXT_MESSAGES("input_text_messages", "input_text_messages_kcount", 1_000, null),
  /** Audio seconds; priced by {@code audio_hours}, USD per hour (3,600 s). */
  AUDIO_SECONDS("audio_seconds", "audio_hours", 3_600, null),
  /** Input audio seconds; priced by {@code input_audio_hours}, USD per hour (3,600 s). */
  INPUT_AUDIO_SECONDS("input_audio_seconds", "input_audio_hours", 3_600, null),
  /** Output audio seconds; priced by {@code output_audio_hours}, USD per hour (3,600 s). */
  OUTPUT_AUDIO_SECONDS("output_audio_seconds", "output_audio_hours", 3_600, null),
  /** Input pixels; priced by {@code input_gpixels}, USD per billion. */
  INPUT_PIXELS("input_pixels", "input_gpixels", 1_000_000_000, null),
  /** Input document pages; priced by {@code input_document_kpages}, USD per thousand. */
  INPUT_DOCUMENT_PAGES("input_document_pages", "input_document_kpages", 1_000, null),
  /**
   * Input annotated document pages; priced by {@code input_annotated_document_kpages}, USD per
   * thousand.
   */
  INPUT_ANNOTATED_DOCUMENT_PAGES(
      "input_annotated_document_pages", "input_annotated_document_kpages", 1_000, null),
  /** Rerank searches; priced by {@code rerank_searches_kcount}, USD per thousand. */
  RERANK_SEARCHES("rerank_searches", "rerank_searches_kcount", 1_000, null),
  /**
   * Web searches the provider ran for the call; priced by {@code web_searches_kcount}, USD per
   * thousand.
   */
  WEB_SEARCHES("web_searches", "web_searches_kcount", 1_000, null),
  /** Social searches; priced by {@code social_searches_kcount}, USD per thousand. */
  SOCIAL_SEARCHES("social_searches", "social_searches_kcount", 1_000, null),
  /** Storage searches; priced by {@code storage_searches_kcount}, USD per thousand. */
  STORAGE_SEARCHES("storage_searches", "storage_searches_kcount", 1_000, null),
  /** Code executions; priced by {@code code_executions_kcount}, USD per thousand. */
  CODE_EXECUTIONS("code_executions", "code_executions_kcount", 1_000, null);

  private final String usageKey;
  private final String priceKey;
  private final long per;
  private final AttributeKey<Long> attributeKey;

  UsageComponent(String usageKey, String priceKey, long per, AttributeKey<Long> semconvKey) {
    this.usageKey = usageKey;
    this.priceKey = priceKey;
    this.per = per;
    this.attributeKey =
        semconvKey != null ? semconvKey : AttributeKey.longKey("gen_ai.l9.usage." + usageKey);
  }

  /** The genai-prices usage key, e.g. {@code input_audio_tokens}. */
  public String usageKey() {
    return usageKey;
  }

  /** The genai-prices price key that bills this count, e.g. {@code input_audio_mtok}. */
  public String priceKey() {
    return priceKey;
  }

  /**
   * How many units the price of {@link #priceKey()} is for: 1,000,000 tokens, 1,000 searches, 3,600
   * seconds.
   */
  public long per() {
    return per;
  }

  /** The span attribute that carries this count. */
  public AttributeKey<Long> attributeKey() {
    return attributeKey;
  }
}
