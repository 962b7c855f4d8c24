package io.last9.genai;

import io.opentelemetry.api.common.AttributeKey;

/**
 * One count a price can depend on: the usage keys of the genai-prices data format, each with the price key that
 * bills it, the number of units that price is for, and the span attribute that carries the count.
 *
 * <p>Counts nest: a more specific count is a part of every more general one it refines, the way genai-prices
 * defines them. {@link #INPUT_AUDIO_TOKENS} and {@link #CACHE_READ_TOKENS} are parts of {@link #INPUT_TOKENS};
 * {@link #CACHE_AUDIO_READ_TOKENS} is a part of both; {@link #CACHE_WRITE_1H_TOKENS} is a part of
 * {@link #CACHE_WRITE_TOKENS}; {@link #OUTPUT_REASONING_TOKENS} and {@link #OUTPUT_IMAGE_TOKENS} are parts of
 * {@link #OUTPUT_TOKENS}. So {@code INPUT_TOKENS} is the total of all input tokens, cached ones included, and
 * {@code OUTPUT_TOKENS} the total of all output tokens, reasoning included, as the OpenTelemetry semantic conventions
 * define {@code gen_ai.usage.input_tokens} and {@code gen_ai.usage.output_tokens}.
 *
 * <p>Span attributes: the semantic-convention key where the conventions define one ({@code gen_ai.usage.input_tokens},
 * {@code gen_ai.usage.output_tokens}, {@code gen_ai.usage.cache_read.input_tokens},
 * {@code gen_ai.usage.cache_creation.input_tokens}, {@code gen_ai.usage.reasoning.output_tokens}); every other count
 * is {@code gen_ai.l9.usage.<usage key>}, e.g. {@code gen_ai.l9.usage.input_audio_tokens} or
 * {@code gen_ai.l9.usage.web_searches}. All are long attributes.
 */
public enum UsageComponent {
INPUT_TOKENS("input_tokens", "input_mtok", 1_000_000, GenAiAttributes.USAGE_INPUT_TOKENS),
  OUTPUT_TOKENS("output_tokens", "output_mtok", 1_000_000, GenAiAttributes.USAGE_OUTPUT_TOKENS),
  CACHE_READ_TOKENS("cache_read_tokens", "cache_read_mtok", 1_000_000, GenAiAttributes.USAGE_CACHE_READ_INPUT_TOKENS),
  CACHE_WRITE_TOKENS("cache_write_tokens", "cache_write_mtok", 1_000_000, GenAiAttributes.USAGE_CACHE_CREATION_INPUT_TOKENS),
  CACHE_WRITE_5M_TOKENS("cache_write_5m_tokens", "cache_write_5m_mtok", 1_000_000, null),
  CACHE_WRITE_1H_TOKENS("cache_write_1h_tokens", "cache_write_1h_mtok", 1_000_000, null),
  INPUT_TEXT_TOKENS("input_text_tokens", "input_text_mtok", 1_000_000, null),
  OUTPUT_TEXT_TOKENS("output_text_tokens", "output_text_mtok", 1_000_000, null),
  CACHE_TEXT_READ_TOKENS("cache_text_read_tokens", "cache_text_read_mtok", 1_000_000, null),
  CACHE_TEXT_WRITE_TOKENS("cache_text_write_tokens", "cache_text_write_mtok", 1_000_000, null),
  CACHE_TEXT_WRITE_5M_TOKENS("cache_text_write_5m_tokens", "cache_text_write_5m_mtok", 1_000_000, null),
  CACHE_TEXT_WRITE_1H_TOKENS("cache_text_write_1h_tokens", "cache_text_write_1h_mtok", 1_000_000, null),
  INPUT_AUDIO_TOKENS("input_audio_tokens", "input_audio_mtok", 1_000_000, null),
  OUTPUT_AUDIO_TOKENS("output_audio_tokens", "output_audio_mtok", 1_000_000, null),
  CACHE_AUDIO_READ_TOKENS("cache_audio_read_tokens", "cache_audio_read_mtok", 1_000_000, null),
  CACHE_AUDIO_WRITE_TOKENS("cache_audio_write_tokens", "cache_audio_write_mtok", 1_000_000, null),
  CACHE_AUDIO_WRITE_5M_TOKENS("cache_audio_write_5m_tokens", "cache_audio_write_5m_mtok", 1_000_000, null),
  CACHE_AUDIO_WRITE_1H_TOKENS("cache_audio_write_1h_tokens", "cache_audio_write_1h_mtok", 1_000_000, null),
  INPUT_IMAGE_TOKENS("input_image_tokens", "input_image_mtok", 1_000_000, null),
  OUTPUT_IMAGE_TOKENS("output_image_tokens", "output_image_mtok", 1_000_000, null),
  CACHE_IMAGE_READ_TOKENS("cache_image_read_tokens", "cache_image_read_mtok", 1_000_000, null),
  CACHE_IMAGE_WRITE_TOKENS("cache_image_write_tokens", "cache_image_write_mtok", 1_000_000, null),
  CACHE_IMAGE_WRITE_5M_TOKENS("cache_image_write_5m_tokens", "cache_image_write_5m_mtok", 1_000_000, null),
  CACHE_IMAGE_WRITE_1H_TOKENS("cache_image_write_1h_tokens", "cache_image_write_1h_mtok", 1_000_000, null),
  INPUT_VIDEO_TOKENS("input_video_tokens", "input_video_mtok", 1_000_000, null),
  OUTPUT_VIDEO_TOKENS("output_video_tokens", "output_video_mtok", 1_000_000, null),
  CACHE_VIDEO_READ_TOKENS("cache_video_read_tokens", "cache_video_read_mtok", 1_000_000, null),
  CACHE_VIDEO_WRITE_TOKENS("cache_video_write_tokens", "cache_video_write_mtok", 1_000_000, null),
  CACHE_VIDEO_WRITE_5M_TOKENS("cache_video_write_5m_tokens", "cache_video_write_5m_mtok", 1_000_000, null),
  CACHE_VIDEO_WRITE_1H_TOKENS("cache_video_write_1h_tokens", "cache_video_write_1h_mtok", 1_000_000, null),
  INPUT_TOOL_TOKENS("input_tool_tokens", "input_tool_mtok", 1_000_000, null),
  INPUT_TEXT_TOOL_TOKENS("input_text_tool_tokens", "input_text_tool_mtok", 1_000_000, null),
  INPUT_AUDIO_TOOL_TOKENS("input_audio_tool_tokens", "input_audio_tool_mtok", 1_000_000, null),
  INPUT_IMAGE_TOOL_TOKENS("input_image_tool_tokens", "input_image_tool_mtok", 1_000_000, null),
  INPUT_VIDEO_TOOL_TOKENS("input_video_tool_tokens", "input_video_tool_mtok", 1_000_000, null),
  OUTPUT_REASONING_TOKENS("output_reasoning_tokens", "output_reasoning_mtok", 1_000_000, GenAiAttributes.USAGE_REASONING_OUTPUT_TOKENS),
  OUTPUT_TEXT_REASONING_TOKENS("output_text_reasoning_tokens", "output_text_reasoning_mtok", 1_000_000, null),
  OUTPUT_AUDIO_REASONING_TOKENS("output_audio_reasoning_tokens", "output_audio_reasoning_mtok", 1_000_000, null),
  OUTPUT_IMAGE_REASONING_TOKENS("output_image_reasoning_tokens", "output_image_reasoning_mtok", 1_000_000, null),
  OUTPUT_VIDEO_REASONING_TOKENS("output_video_reasoning_tokens", "output_video_reasoning_mtok", 1_000_000, null),
  OUTPUT_CITATION_TOKENS("output_citation_tokens", "output_citation_mtok", 1_000_000, null),
  OUTPUT_TEXT_CITATION_TOKENS("output_text_citation_tokens", "output_text_citation_mtok", 1_000_000, null),
  OUTPUT_AUDIO_CITATION_TOKENS("output_audio_citation_tokens", "output_audio_citation_mtok", 1_000_000, null),
  OUTPUT_IMAGE_CITATION_TOKENS("output_image_citation_tokens", "output_image_citation_mtok", 1_000_000, null),
  OUTPUT_VIDEO_CITATION_TOKENS("output_video_citation_tokens", "output_video_citation_mtok", 1_000_000, null),
  INPUT_CHARACTERS("input_characters", "input_mchars", 1_000_000, null),
  INPUT_TEXT_MESSAGES("input_text_messages", "input_text_messages_kcount", 1_000, null),
  AUDIO_SECONDS("audio_seconds", "audio_hours", 3_600, null),
  INPUT_AUDIO_SECONDS("input_audio_seconds", "input_audio_hours", 3_600, null),
  OUTPUT_AUDIO_SECONDS("output_audio_seconds", "output_audio_hours", 3_600, null),
  INPUT_PIXELS("input_pixels", "input_gpixels", 1_000_000_000, null),
  INPUT_DOCUMENT_PAGES("input_document_pages", "input_document_kpages", 1_000, null),
  INPUT_ANNOTATED_DOCUMENT_PAGES("input_annotated_document_pages", "input_annotated_document_kpages", 1_000, null),
  RERANK_SEARCHES("rerank_searches", "rerank_searches_kcount", 1_000, null),
  WEB_SEARCHES("web_searches", "web_searches_kcount", 1_000, null),
  SOCIAL_SEARCHES("social_searches", "social_searches_kcount", 1_000, null),
  STORAGE_SEARCHES("storage_searches", "storage_searches_kcount", 1_000, null),
  CODE_EXECUTIONS("code_executions", "code_executions_kcount", 1_000, null);

  private final String usageKey;
  private final String priceKey;
  private final long per;
  private final AttributeKey<Long> attributeKey;

  UsageComponent(String usageKey, String priceKey, long per, AttributeKey<Long> semconvKey) {
    this.usageKey = usageKey;
    this.priceKey = priceKey;
    this.per = per;
    this.attributeKey = semconvKey != null ? semconvKey : AttributeKey.longKey("gen_ai.l9.usage." + usageKey);
  }

  /** The genai-prices usage key, e.g. {@code input_audio_tokens}. */
  public String usageKey() {
    return usageKey;
  }

  /** The genai-prices price key that bills this count, e.g. {@code input_audio_mtok}. */
  public String priceKey() {
    return priceKey;
  }

  /** How many units the price of {@link #priceKey()} is for: 1,000,000 tokens, 1,000 searches, 3,600 seconds. */
  public long per() {
    return per;
  }

  /** The span attribute that carries this count. */
  public AttributeKey<Long> attributeKey() {
    return attributeKey;
  }
}
