/*
 * Copyright The last9-genai Authors
 * SPDX-License-Identifier: Apache-2.0
 */
/** The explorer's implementation (internal, not for public use): the web pages and the JSON API. */
package io.last9.genai.explorer.internal.web;
