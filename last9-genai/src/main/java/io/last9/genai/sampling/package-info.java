/**
 * Samplers for GenAI traces: {@link io.last9.genai.sampling.ConversationSampler} keeps or drops a
 * conversation whole, and {@link io.last9.genai.sampling.CostPreservingSampler} keeps cost totals
 * exact when traces are sampled.
 */
package io.last9.genai.sampling;
