/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * Build steps of the last9-genai Quarkus extension.
 *
 * <p>Internal, not for public use: it may change at any time, without notice.
 */
package io.last9.genai.quarkus.deployment;
