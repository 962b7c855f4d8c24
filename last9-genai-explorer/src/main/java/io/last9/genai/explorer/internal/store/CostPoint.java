/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
package io.last9.genai.explorer.internal.store;

/**
 * One data point of the {@code gen_ai.client.cost} counter. Internal, not for public use.
 *
 * @param series the resource and attributes that identify the point's series
 * @param startNanos the start of the series' accumulation
 * @param timeNanos when the point was taken
 * @param cumulative true for a running total since {@code startNanos}, false for a delta
 * @param valueUsd the value
 * @param model {@code gen_ai.response.model}, the priced model
 * @param provider {@code gen_ai.provider.name}
 * @param workflowType {@code workflow.type}
 */
public record CostPoint(
    String series,
    long startNanos,
    long timeNanos,
    boolean cumulative,
    double valueUsd,
    String model,
    String provider,
    String workflowType) {}
