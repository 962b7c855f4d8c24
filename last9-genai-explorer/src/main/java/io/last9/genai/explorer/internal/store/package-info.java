/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/**
 * The explorer's implementation (internal, not for public use): the span store (DuckDB) and the
 * answers it gives.
 */
package io.last9.genai.explorer.internal.store;
