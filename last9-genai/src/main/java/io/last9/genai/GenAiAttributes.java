/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai;

import io.last9.genai.observe.ObserveGenAi;
import io.last9.genai.pricing.UsageComponent;
import io.last9.genai.sampling.ConversationSampler;
import io.opentelemetry.api.common.AttributeKey;
import java.util.List;

/**
 * The attribute keys this library reads and writes.
 *
 * <p>Keys follow the OpenTelemetry GenAI semantic conventions where one exists, and the Python
 * last9-genai SDK everywhere else, so dashboards built for either keep working.
 */
public final class GenAiAttributes {

  // --- stamped from scopes on every span
  /** Conversation (session, thread) id. */
  public static final AttributeKey<String> CONVERSATION_ID =
      AttributeKey.stringKey("gen_ai.conversation.id");

  /** Turn number inside the conversation, starting at 1. */
  public static final AttributeKey<Long> CONVERSATION_TURN =
      AttributeKey.longKey("gen_ai.conversation.turn");

  /**
   * Set to {@code true} on the spans of a turn whose number a turn store cannot vouch is unique: it
   * came from the store's local fallback (its shared backend was slow or down), or the backend lost
   * its data and may be giving numbers again that it gave before. The number may repeat one given
   * on another replica; a number without the mark never does.
   */
  public static final AttributeKey<Boolean> TURN_FALLBACK =
      AttributeKey.booleanKey("gen_ai.l9.turn.fallback");

  /**
   * The ratio at which {@link ConversationSampler} kept this span's conversation (set on the spans
   * it keeps), so a backend can scale counts: each kept span stands for {@code 1 / ratio} spans.
   * OpenTelemetry's probability sampling carries its ratio in the W3C {@code tracestate} ({@code
   * ot=th:...}), tied to the trace id's randomness; a conversation's randomness comes from its id,
   * so it is carried under this key instead.
   */
  public static final AttributeKey<Double> SAMPLING_RATIO =
      AttributeKey.doubleKey("gen_ai.l9.sampling.ratio");

  /** End user id. */
  public static final AttributeKey<String> USER_ID = AttributeKey.stringKey("user.id");

  /** Workflow execution id. */
  public static final AttributeKey<String> WORKFLOW_ID = AttributeKey.stringKey("workflow.id");

  /** Workflow type (low cardinality, e.g. {@code rag}). */
  public static final AttributeKey<String> WORKFLOW_TYPE = AttributeKey.stringKey("workflow.type");

  /** Agent name. */
  public static final AttributeKey<String> AGENT_NAME = AttributeKey.stringKey("gen_ai.agent.name");

  /** Agent id. */
  public static final AttributeKey<String> AGENT_ID = AttributeKey.stringKey("gen_ai.agent.id");

  /** Agent description. */
  public static final AttributeKey<String> AGENT_DESCRIPTION =
      AttributeKey.stringKey("gen_ai.agent.description");

  /** Agent version. */
  public static final AttributeKey<String> AGENT_VERSION =
      AttributeKey.stringKey("gen_ai.agent.version");

  /** Prefix of custom attributes propagated by scopes. */
  public static final String CUSTOM_PREFIX = "custom.";

  // --- classification and GenAI semantic conventions
  /** Span classification: one of {@link GenAiSpanKind}. */
  public static final AttributeKey<String> L9_SPAN_KIND =
      AttributeKey.stringKey("gen_ai.l9.span.kind");

  /** Semantic-convention operation name ({@code chat}, {@code embeddings}, ...). */
  public static final AttributeKey<String> OPERATION_NAME =
      AttributeKey.stringKey("gen_ai.operation.name");

  /** Semantic-convention provider name ({@code openai}, {@code anthropic}, ...). */
  public static final AttributeKey<String> PROVIDER_NAME =
      AttributeKey.stringKey("gen_ai.provider.name");

  /** Deprecated predecessor of {@link #PROVIDER_NAME}, still written by some instrumentations. */
  public static final AttributeKey<String> SYSTEM = AttributeKey.stringKey("gen_ai.system");

  /** Model named in the request. */
  public static final AttributeKey<String> REQUEST_MODEL =
      AttributeKey.stringKey("gen_ai.request.model");

  /** Sampling temperature requested. */
  public static final AttributeKey<Double> REQUEST_TEMPERATURE =
      AttributeKey.doubleKey("gen_ai.request.temperature");

  /** Maximum number of tokens requested. */
  public static final AttributeKey<Long> REQUEST_MAX_TOKENS =
      AttributeKey.longKey("gen_ai.request.max_tokens");

  /** Nucleus-sampling top_p requested. */
  public static final AttributeKey<Double> REQUEST_TOP_P =
      AttributeKey.doubleKey("gen_ai.request.top_p");

  /** Top-k sampling requested. */
  public static final AttributeKey<Double> REQUEST_TOP_K =
      AttributeKey.doubleKey("gen_ai.request.top_k");

  /** Frequency penalty requested. */
  public static final AttributeKey<Double> REQUEST_FREQUENCY_PENALTY =
      AttributeKey.doubleKey("gen_ai.request.frequency_penalty");

  /** Presence penalty requested. */
  public static final AttributeKey<Double> REQUEST_PRESENCE_PENALTY =
      AttributeKey.doubleKey("gen_ai.request.presence_penalty");

  /** Stop sequences requested. */
  public static final AttributeKey<List<String>> REQUEST_STOP_SEQUENCES =
      AttributeKey.stringArrayKey("gen_ai.request.stop_sequences");

  /** Whether the response was requested as a stream. */
  public static final AttributeKey<Boolean> REQUEST_STREAM =
      AttributeKey.booleanKey("gen_ai.request.stream");

  /** Number of dimensions of each embedding returned. */
  public static final AttributeKey<Long> EMBEDDINGS_DIMENSION_COUNT =
      AttributeKey.longKey("gen_ai.embeddings.dimension.count");

  /** Host of the model provider's API the client called. */
  public static final AttributeKey<String> SERVER_ADDRESS =
      AttributeKey.stringKey("server.address");

  /** Port of the model provider's API the client called. */
  public static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");

  /** Model named in the response. */
  public static final AttributeKey<String> RESPONSE_MODEL =
      AttributeKey.stringKey("gen_ai.response.model");

  /** Response id. */
  public static final AttributeKey<String> RESPONSE_ID =
      AttributeKey.stringKey("gen_ai.response.id");

  /** Finish reasons, one per choice. */
  public static final AttributeKey<List<String>> RESPONSE_FINISH_REASONS =
      AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");

  /** All input tokens, cached included. */
  public static final AttributeKey<Long> USAGE_INPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.input_tokens");

  /** All output tokens, reasoning included. */
  public static final AttributeKey<Long> USAGE_OUTPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.output_tokens");

  /** Cached input tokens read. */
  public static final AttributeKey<Long> USAGE_CACHE_READ_INPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens");

  /**
   * Input tokens written to the cache, under the name the GenAI conventions used through
   * semantic-conventions 1.41 (renamed {@link #USAGE_CACHE_WRITE_INPUT_TOKENS} since); written
   * beside the new name and read when the new one is absent.
   */
  public static final AttributeKey<Long> USAGE_CACHE_CREATION_INPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.cache_creation.input_tokens");

  /**
   * Input tokens written to the cache: the GenAI conventions' current name (anthropic-java's own
   * tracing writes it too). Read first; written with {@link #USAGE_CACHE_CREATION_INPUT_TOKENS}.
   */
  public static final AttributeKey<Long> USAGE_CACHE_WRITE_INPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.cache_write.input_tokens");

  /**
   * Reasoning output tokens. The other usage counts ({@link UsageComponent}: audio, image and video
   * tokens, cache reads per modality, cache writes per TTL, web searches, ...) are {@code
   * gen_ai.l9.usage.<usage key>} attributes, see {@link UsageComponent#attributeKey()}.
   */
  public static final AttributeKey<Long> USAGE_REASONING_OUTPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.reasoning.output_tokens");

  /** Deprecated input-token key, read as a fallback. */
  public static final AttributeKey<Long> USAGE_PROMPT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.prompt_tokens");

  /** Deprecated output-token key, read as a fallback. */
  public static final AttributeKey<Long> USAGE_COMPLETION_TOKENS =
      AttributeKey.longKey("gen_ai.usage.completion_tokens");

  // --- cost
  /** Total USD cost of this call. Summing it over all spans counts every call exactly once. */
  public static final AttributeKey<Double> USAGE_COST_USD =
      AttributeKey.doubleKey("gen_ai.usage.cost_usd");

  /** USD cost of the input side. */
  public static final AttributeKey<Double> USAGE_COST_INPUT_USD =
      AttributeKey.doubleKey("gen_ai.usage.cost_input_usd");

  /** USD cost of the output side. */
  public static final AttributeKey<Double> USAGE_COST_OUTPUT_USD =
      AttributeKey.doubleKey("gen_ai.usage.cost_output_usd");

  /**
   * Set to {@code true} when a model call got no cost; {@link #COST_UNPRICED_REASON} says why. Such
   * a span has no cost attributes at all, never a cost of 0.
   */
  public static final AttributeKey<Boolean> COST_UNPRICED =
      AttributeKey.booleanKey("gen_ai.l9.cost.unpriced");

  /**
   * Why a span got no cost: {@code unknown_model} (no price source knows the model), {@code
   * unknown_provider} (the span names a provider that no catalog knows, and no caller price knows
   * the model: another provider's price is never used instead), {@code invalid_usage} (a token
   * count that is not a number, negative, fractional or above 10^12) or {@code no_usage} (the call
   * reported no token count at all: a usage object with every field missing, or a model call span
   * that ended without token counts, such as a stream that did not ask for its usage; a count
   * reported as 0 is usage, and costs $0).
   */
  public static final AttributeKey<String> COST_UNPRICED_REASON =
      AttributeKey.stringKey("gen_ai.l9.cost.unpriced_reason");

  /**
   * The usage components (genai-prices usage keys, e.g. {@code web_searches}) that had a count but
   * no price in the entry that priced the span: the cost leaves them out.
   */
  public static final AttributeKey<List<String>> COST_UNPRICED_USAGE =
      AttributeKey.stringArrayKey("gen_ai.l9.cost.unpriced_usage");

  /**
   * Set to {@code true} when the cost may be too high: the instrumentation did not report a count
   * that would have lowered it, so the cost bills those tokens at the price of the total they are
   * part of. {@link #COST_UPPER_BOUND_REASON} says which count.
   */
  public static final AttributeKey<Boolean> COST_UPPER_BOUND =
      AttributeKey.booleanKey("gen_ai.l9.cost.upper_bound");

  /**
   * Why the cost is an upper bound: {@code cache_read_tokens_not_reported} (the span carries no
   * {@code gen_ai.usage.cache_read.input_tokens}, not even 0, and the price entry bills cached
   * input below the input price: any cached tokens were billed at the full input price).
   */
  public static final AttributeKey<String> COST_UPPER_BOUND_REASON =
      AttributeKey.stringKey("gen_ai.l9.cost.upper_bound_reason");

  /**
   * Set to {@code true} when the cost may be too low: the instrumentation counts only the input
   * outside the prompt cache and reports no cache reads or writes, so any cached input is missing
   * from the cost. {@link #COST_LOWER_BOUND_REASON} says which counts.
   */
  public static final AttributeKey<Boolean> COST_LOWER_BOUND =
      AttributeKey.booleanKey("gen_ai.l9.cost.lower_bound");

  /**
   * Why the cost is a lower bound: {@code cache_tokens_not_reported} (the span's {@code
   * gen_ai.usage.input_tokens} leaves out the input read from or written to the prompt cache, as
   * Amazon Bedrock counts it and the AWS SDK's instrumentation and Spring AI's Bedrock model report
   * it, and the span carries no cache counts, while the price entry bills cached input).
   */
  public static final AttributeKey<String> COST_LOWER_BOUND_REASON =
      AttributeKey.stringKey("gen_ai.l9.cost.lower_bound_reason");

  /**
   * The usage components whose counts were inconsistent (a part larger than its total, such as
   * cached tokens above the input tokens) and were clamped before pricing.
   */
  public static final AttributeKey<List<String>> COST_CLAMPED_USAGE =
      AttributeKey.stringArrayKey("gen_ai.l9.cost.clamped_usage");

  /**
   * The price entry a cost came from, and which data priced it: {@code call:gpt-4o}, {@code
   * custom:gpt-4o}, {@code file:prices.json:openai/gpt-4o} or {@code
   * genai-prices:openai/gpt-4o@2026-08-21} (the catalog, bundled or fetched by the price updater,
   * ending with the date of its data).
   */
  public static final AttributeKey<String> COST_PRICE_SOURCE =
      AttributeKey.stringKey("gen_ai.l9.cost.price_source");

  /**
   * Set on an observed span with an instrumented model call inside it: that nested span carries the
   * call's tokens and cost (or its unpriced marker), so the observed span is neither priced nor
   * counted a second time.
   */
  public static final AttributeKey<Boolean> COST_PRICED_BY_CHILD =
      AttributeKey.booleanKey("gen_ai.l9.cost.priced_by_child");

  // --- workflow totals
  /** Sum of {@code gen_ai.usage.cost_usd} of every span inside the workflow. */
  public static final AttributeKey<Double> WORKFLOW_TOTAL_COST_USD =
      AttributeKey.doubleKey("workflow.total_cost_usd");

  /** Number of LLM calls (spans with token usage, priced or not) inside the workflow. */
  public static final AttributeKey<Long> WORKFLOW_LLM_CALLS =
      AttributeKey.longKey("workflow.llm_calls");

  /** Number of tool calls inside the workflow. */
  public static final AttributeKey<Long> WORKFLOW_TOOL_CALLS =
      AttributeKey.longKey("workflow.tool_calls");

  /** Input tokens of the LLM calls inside the workflow. */
  public static final AttributeKey<Long> WORKFLOW_INPUT_TOKENS =
      AttributeKey.longKey("workflow.input_tokens");

  /** Output tokens of the LLM calls inside the workflow. */
  public static final AttributeKey<Long> WORKFLOW_OUTPUT_TOKENS =
      AttributeKey.longKey("workflow.output_tokens");

  /**
   * Set on an LLM or tool call that ended after its workflow (or a workflow around it) had closed,
   * as a streamed answer does when the code that opened the workflow returns before its last chunk:
   * the call's cost and tokens are missing from that workflow span's totals. Add them to the
   * workflow's {@code workflow.total_cost_usd} to get what it cost.
   */
  public static final AttributeKey<Boolean> WORKFLOW_ENDED_AFTER_CLOSE =
      AttributeKey.booleanKey("gen_ai.l9.workflow.ended_after_close");

  // --- observe extras (Python SDK compatible)
  /** Tags given to an observed call. */
  public static final AttributeKey<List<String>> TAGS = AttributeKey.stringArrayKey("tags");

  /** Prefix of metadata given to an observed call. */
  public static final String METADATA_PREFIX = "metadata.";

  /**
   * Prefix of the arguments an {@link ObserveGenAi} method captures ({@code function.arg.<name>}).
   */
  public static final String FUNCTION_ARG_PREFIX = "function.arg.";

  /** Mirrors {@code metadata.category}, read by the Last9 dashboard. */
  public static final AttributeKey<String> USER_CATEGORY = AttributeKey.stringKey("user.category");

  /** Error class name when the observed code threw. */
  public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  /** Name of the event that records an exception. */
  public static final String EVENT_EXCEPTION = "exception";

  /** Exception class name, on the {@code exception} event. */
  public static final AttributeKey<String> EXCEPTION_TYPE =
      AttributeKey.stringKey("exception.type");

  /**
   * Exception message (redacted; absent when content capture is off), on the {@code exception}
   * event.
   */
  public static final AttributeKey<String> EXCEPTION_MESSAGE =
      AttributeKey.stringKey("exception.message");

  /** Stack trace, with every message redacted or left out like {@link #EXCEPTION_MESSAGE}. */
  public static final AttributeKey<String> EXCEPTION_STACKTRACE =
      AttributeKey.stringKey("exception.stacktrace");

  // --- captured content (opt-in in the semantic conventions; JSON text on spans)
  /**
   * The chat history sent to the model: JSON in the conventions' input-messages schema ({@code
   * [{"role": "user", "parts": [{"type": "text", "content": "..."}]}]}).
   */
  public static final AttributeKey<String> INPUT_MESSAGES =
      AttributeKey.stringKey("gen_ai.input.messages");

  /**
   * The model's answers, one message per choice: JSON in the conventions' output-messages schema,
   * each message with its {@code finish_reason}.
   */
  public static final AttributeKey<String> OUTPUT_MESSAGES =
      AttributeKey.stringKey("gen_ai.output.messages");

  /**
   * Instructions given to the model apart from the chat history (Anthropic's {@code system}, the
   * Responses API's {@code instructions}): JSON, an array of parts.
   */
  public static final AttributeKey<String> SYSTEM_INSTRUCTIONS =
      AttributeKey.stringKey("gen_ai.system_instructions");

  /** Name of the tool a tool span executes. */
  public static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");

  /** Id of the tool call a tool span executes, as the model gave it. */
  public static final AttributeKey<String> TOOL_CALL_ID =
      AttributeKey.stringKey("gen_ai.tool.call.id");

  /** Arguments of a tool call (JSON), captured with content capture on. */
  public static final AttributeKey<String> TOOL_CALL_ARGUMENTS =
      AttributeKey.stringKey("gen_ai.tool.call.arguments");

  /** Result of a tool call (JSON), captured with content capture on. */
  public static final AttributeKey<String> TOOL_CALL_RESULT =
      AttributeKey.stringKey("gen_ai.tool.call.result");

  /**
   * Removed from the semantic conventions (replaced by {@link #INPUT_MESSAGES}): the event that
   * carried the captured input, written only with the legacy-keys setting.
   */
  public static final String EVENT_PROMPT = "gen_ai.content.prompt";

  /**
   * Removed from the semantic conventions (replaced by {@link #OUTPUT_MESSAGES}): the event that
   * carried the captured output, written only with the legacy-keys setting.
   */
  public static final String EVENT_COMPLETION = "gen_ai.content.completion";

  /**
   * Removed from the semantic conventions (replaced by {@link #INPUT_MESSAGES}): attribute (and
   * {@link #EVENT_PROMPT} attribute) written only with the legacy-keys setting.
   */
  public static final AttributeKey<String> PROMPT = AttributeKey.stringKey("gen_ai.prompt");

  /**
   * Removed from the semantic conventions (replaced by {@link #OUTPUT_MESSAGES}): attribute (and
   * {@link #EVENT_COMPLETION} attribute) written only with the legacy-keys setting.
   */
  public static final AttributeKey<String> COMPLETION = AttributeKey.stringKey("gen_ai.completion");

  /** Name of the event a log record stands for (the instrumentations' per-message GenAI events). */
  public static final AttributeKey<String> EVENT_NAME = AttributeKey.stringKey("event.name");

  private GenAiAttributes() {}
}
