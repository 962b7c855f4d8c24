/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/** The explorer's implementation (internal, not for public use): start-up and settings. */
package io.last9.genai.explorer.internal;
